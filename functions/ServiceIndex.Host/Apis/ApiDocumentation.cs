using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ServiceIndex.Http;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Host.Apis;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>): title and conventions, the admin API key scheme, and
/// what every query parameter means, so frontend developers can build on the document alone.
/// </summary>
internal static class ApiDocumentation
{
    public const string DocumentName = "v1";

    private const string Description =
        "The 766 index of Quảng Nam's public services, in real time: scores of every unit, rankings, late and due-soon dossiers, " +
        "the gap to the national top 20, and pipeline health. JSON (camelCase, UTF-8); times RFC 3339 in +07:00; dates yyyy-MM-dd; points " +
        "rounded half away from zero to 2 decimals. Errors are RFC 7807 problem details (application/problem+json) whose detail says what " +
        "was wrong. Every GET has a strong ETag and Cache-Control: no-cache: send If-None-Match to get 304 Not Modified. " +
        "Admin endpoints need X-Api-Key (locally) or an Entra ID bearer token (in Azure); read endpoints are public.";

    private static readonly Dictionary<string, (string Text, string[]? Choices, bool Integer)> Parameters = new(StringComparer.Ordinal)
    {
        ["period"] = ("A year (2024), quarter (2024-Q2), month (2024-05) or inclusive range of Vietnamese days (2024-04-17..2024-05-07). Default: the current month.", null, false),
        ["level"] = ("Keep units of this level.", ["province", "agency", "district", "commune"], false),
        ["unitId"] = ("A unit id from GET /api/units (unknown ids are a 400).", null, false),
        ["field"] = ("A procedure field code, e.g. dat-dai.", null, false),
        ["sort"] = ("Sort key: daysLate (default), dueAt or unit (unit name).", ["daysLate", "dueAt", "unit"], false),
        ["order"] = ("desc or asc (default: desc for daysLate, asc otherwise).", ["desc", "asc"], false),
        ["limit"] = ("Items per page, 1–1000 (default 100).", null, true),
        ["offset"] = ("Items to skip (default 0).", null, true),
        ["format"] = ("json (default) or csv (UTF-8 with BOM; without limit, every row).", ["json", "csv"], false),
        ["days"] = ("Deadline within this many days from now, 1–60 (default 3).", null, true),
        ["months"] = ("Months back from the current one, 1–60 (default 12).", null, true),
        ["group"] = ("Keep the indicators of one group.", ["transparency", "progress", "onlineServices", "digitisation", "satisfaction"], false),
    };

    /// <summary>Parameters whose meaning depends on the operation (operation id, parameter name).</summary>
    private static readonly Dictionary<(string, string), (string Text, string[]? Choices, bool Integer)> OperationParameters = new()
    {
        [("GetScores", "format")] = ("json (default) or xlsx (an Excel workbook: a summary sheet and one sheet per group, the JSON's figures as numbers).", ["json", "xlsx"], false),
        [("GetLateDossiers", "format")] = ("json (default), csv (UTF-8 with BOM) or xlsx (an Excel workbook); without limit, an export holds every row.", ["json", "csv", "xlsx"], false),
        [("GetProcedures", "sort")] = ("Sort key: pointsLost (default, descending), name, handled or medianDays.", ["pointsLost", "name", "handled", "medianDays"], false),
        [("GetProcedures", "order")] = ("desc or asc (default: asc for name, desc otherwise).", ["desc", "asc"], false),
        [("GetProcedures", "unitId")] = ("A unit id from GET /api/units (default: the province; unknown ids are a 400).", null, false),
        [("GetHandlingTimes", "unitId")] = ("A unit id from GET /api/units (default: the province; unknown ids are a 400).", null, false),
    };

    private static readonly Dictionary<string, string> Exports = new(StringComparer.Ordinal)
    {
        ["GetScores"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["GetLateDossiers"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    public static IServiceCollection AddServiceIndexOpenApi(this IServiceCollection services) => services.AddOpenApi(DocumentName, o =>
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo { Title = "ServiceIndex API", Version = "v1", Description = Description };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = AdminCredentials.Header,
                Description = "Admin:ApiKey of the local host (printed by the run verb at start).",
            };
            return Task.CompletedTask;
        });
        o.AddOperationTransformer(DescribeOperation);
    });

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is "unitId" && operation.OperationId == "CompareUnits")
            {
                parameter.Description = "Repeat for each unit to compare: 2–20 different unit ids from GET /api/units (?unitId=a&unitId=b).";
                parameter.Required = true;
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } };
                continue;
            }

            if (parameter.Name is { } name &&
                (OperationParameters.TryGetValue((operation.OperationId ?? "", name), out var doc) || Parameters.TryGetValue(name, out doc)))
            {
                parameter.Description = doc.Text;
                parameter.Required = name == "level" && operation.OperationId == "GetRankings";
                parameter.Schema = new OpenApiSchema
                {
                    Type = doc.Integer ? JsonSchemaType.Integer : JsonSchemaType.String,
                    Enum = doc.Choices?.Select(c => (JsonNode)JsonValue.Create(c)).ToList(),
                };
            }
        }

        if (operation.OperationId == "GetLateDossiers" && operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
        {
            content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }

        if (operation.OperationId is { } id && Exports.TryGetValue(id, out var xlsx) && operation.Responses?.TryGetValue("200", out var okX) == true &&
            okX.Content is { } contentX)
        {
            contentX[xlsx] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        }

        if (operation.OperationId == "ImportNationalRanking")
        {
            // Declared here rather than with Accepts(): that would let routing answer other media types with a bare 415.
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The table as CSV (text/csv) or JSON (application/json).",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(NationalRankingDocument), context.Document) },
                },
            };
        }

        if (endpoint.OfType<IAuthorizeData>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", context.Document)] = [] });
        }

        return Task.CompletedTask;
    }
}
