using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Http;

/// <summary>Admin requests carry at most <see cref="ApiOptions.MaxAdminBodyBytes"/>: a larger declared body is refused at once (413), a larger streamed one when it is read.</summary>
public static class AdminBodyLimit
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var limit = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxAdminBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            return ApiResults.Problem(ApiProblem.TooLarge(
                string.Create(CultureInfo.InvariantCulture, $"The body is larger than the {limit / 1024:#,0} KiB admin endpoints accept.")));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + 1L;
        }

        return await next(context).ConfigureAwait(false);
    }
}
