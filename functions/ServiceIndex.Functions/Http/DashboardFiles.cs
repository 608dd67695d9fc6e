using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using ServiceIndex.Http;

namespace ServiceIndex.Functions.Http;

/// <summary>
/// The dashboard's files: the local host's wwwroot, published with the app (ServiceIndex.Functions.csproj).
/// The provider refuses paths that leave wwwroot, and hidden files. Every answer carries the shared security headers;
/// HEAD gets the headers without the body (the file result knows HEAD).
/// </summary>
internal static class DashboardFiles
{
    private static readonly PhysicalFileProvider Files = new(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IResult Serve(HttpRequest request, string path)
    {
        SecurityHeaders.Apply(request.HttpContext);
        var file = Files.GetFileInfo(path);
        return file is { Exists: true, IsDirectory: false, PhysicalPath: { } physical } && ContentTypes.TryGetContentType(file.Name, out var type)
            ? TypedResults.PhysicalFile(physical, type, lastModified: file.LastModified) // answers If-Modified-Since with 304
            : TypedResults.NotFound();
    }
}
