using System.Text.Json;

namespace ServiceIndex.Infra.Tests.Infrastructure;

/// <summary>
/// infra-bicep/main.bicep built and linted once for every test class: the CLI takes about two
/// seconds a run, the assertions then only read the compiled ARM JSON.
/// </summary>
public sealed class CompiledInfrastructure : IAsyncLifetime
{
    private JsonDocument? document;
    private ArmTemplate? main;

    public string RepositoryPath { get; } = RepositoryRoot.Find();

    public string InfraPath => Path.Combine(RepositoryPath, "infra-bicep");

    public BicepRun Build { get; private set; } = null!;

    public BicepRun Lint { get; private set; } = null!;

    public ArmTemplate Main =>
        main ?? throw new InvalidOperationException($"{Build.Command} failed ({Build.ExitCode}):\n{Build.StandardError}");

    public ArmResource Single(string type) => Main.AllResources().Single(resource => resource.Type == type);

    public IReadOnlyList<ArmResource> All(string type) =>
        Main.AllResources().Where(resource => resource.Type == type).ToList();

    public async Task InitializeAsync()
    {
        var build = BicepCli.RunAsync(InfraPath, "build", "main.bicep", "--stdout");
        var lint = BicepCli.RunAsync(InfraPath, "lint", "main.bicep");
        Build = await build;
        Lint = await lint;
        if (Build.ExitCode == 0)
        {
            document = JsonDocument.Parse(Build.StandardOutput);
            main = ArmTemplate.Parse(document.RootElement);
        }
    }

    public Task DisposeAsync()
    {
        document?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class CompiledInfrastructureCollection : ICollectionFixture<CompiledInfrastructure>
{
    public const string Name = "Compiled infrastructure";
}
