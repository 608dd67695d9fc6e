namespace ServiceIndex.Infra.Tests.Infrastructure;

/// <summary>The clone the tests run in: the nearest directory above the test binaries holding ServiceIndex.sln.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ServiceIndex.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ServiceIndex.sln above {AppContext.BaseDirectory}.");
    }
}
