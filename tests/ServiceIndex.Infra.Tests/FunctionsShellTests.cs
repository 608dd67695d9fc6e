using System.Text.Json;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NCrontab;
using ServiceIndex.Infra.Tests.Infrastructure;
using ServiceIndex.Pipeline;
using ServiceIndex.Pipeline.Options;

namespace ServiceIndex.Infra.Tests;

/// <summary>
/// The Azure Functions shell (functions/ServiceIndex.Functions) cannot be built here, so its source
/// is read with Roslyn and checked against what is built and tested: the Pipeline's constants,
/// options and handlers, and the local host's timers.
/// </summary>
public sealed class FunctionsShellTests
{
    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };

    private static FunctionsShellSource Shell => FunctionsShellSource.Instance;

    private static JsonElement Queues => Shell.HostJson.GetProperty("extensions").GetProperty("queues");

    public static TheoryData<string> TimerFunctions => [.. Shell.Triggered("TimerTrigger").Select(f => f.Name)];

    [Fact]
    public void Every_function_has_exactly_one_trigger_and_a_unique_name()
    {
        Assert.NotEmpty(Shell.Functions);
        Assert.All(Shell.Functions, f => Assert.True(f.TriggerCount == 1, $"{f.Name} has {f.TriggerCount} triggers"));
        Assert.Equal(Shell.Functions.Count, Shell.Functions.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [MemberData(nameof(TimerFunctions))]
    public void Timer_schedule_resolves_to_a_six_field_utc_cron_expression(string function)
    {
        var schedule = TimerSchedule.Of(Function(function));
        var expression = schedule.Default;

        // The option's default is the shared constant: PipelineOptions.PullSchedule = PipelineSchedules.Pull.
        var constant = schedule.Setting.Split(':')[^1].Replace("Schedule", "", StringComparison.Ordinal);
        Assert.Equal(typeof(PipelineSchedules).GetField(constant)?.GetRawConstantValue(), expression);
        Assert.Equal(6, expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.NotNull(CrontabSchedule.TryParse(expression, SixFields));
    }

    [Fact]
    public void Every_pipeline_schedule_drives_exactly_one_timer_function()
    {
        var schedules = typeof(PipelineOptions).GetProperties()
            .Where(p => p.Name.EndsWith("Schedule", StringComparison.Ordinal))
            .Select(p => $"{PipelineOptions.Section}:{p.Name}")
            .Order(StringComparer.Ordinal);
        var timers = Shell.Triggered("TimerTrigger").Select(f => TimerSchedule.Of(f).Setting).Order(StringComparer.Ordinal);
        Assert.Equal(schedules, timers);
    }

    [Fact]
    public void Each_timer_calls_the_handler_the_local_host_runs_on_the_same_schedule()
    {
        var local = LocalHostTimers.Read();
        Assert.NotEmpty(local);
        foreach (var (setting, call) in local)
        {
            var timer = Assert.Single(Shell.Triggered("TimerTrigger"), f => TimerSchedule.Of(f).Setting == setting);
            Assert.Contains(call, HandlerCalls.Of(timer.Class).Select(c => c.ToString()));
        }
    }

    [Fact]
    public void Apply_listens_on_the_changes_queue_the_pull_handler_fills()
    {
        var apply = Assert.Single(Shell.Triggered("QueueTrigger"));
        Assert.Equal(StorageNames.ChangesQueue, QueueName(apply));
        Assert.Contains("ApplyHandler.HandleAsync", HandlerCalls.Of(apply.Class).Select(c => c.ToString()));
        Assert.Contains("WorkMessage.Parse", HandlerCalls.Of(apply.Class).Select(c => c.ToString()));
    }

    [Fact]
    public void Apply_binds_the_identity_based_storage_connection() =>
        Assert.Equal("Storage", SyntaxValues.String(Assert.Single(Shell.Triggered("QueueTrigger")).Trigger.Named("Connection")!, Shell.Trees));

    [Fact]
    public void Messages_the_runtime_poisons_land_in_the_queue_the_pipeline_redrives()
    {
        // The Functions runtime moves a message that failed maxDequeueCount times to "<queue>-poison".
        foreach (var function in Shell.Triggered("QueueTrigger"))
        {
            Assert.Equal(StorageNames.PoisonQueue, QueueName(function) + "-poison");
        }
    }

    [Fact]
    public void Runtime_gives_up_on_a_message_after_the_pipelines_max_dequeue_count()
    {
        Assert.Equal(5, Queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(new PipelineOptions().MaxDequeueCount, Queues.GetProperty("maxDequeueCount").GetInt32());
    }

    [Fact]
    public void Queue_trigger_batches_and_retries_as_configured()
    {
        Assert.Equal(16, Queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(8, Queues.GetProperty("newBatchThreshold").GetInt32());
        Assert.Equal(TimeSpan.FromSeconds(30), TimeSpan.Parse(Queues.GetProperty("visibilityTimeout").GetString()!, null));
    }

    [Fact]
    public void Queue_trigger_decodes_base64_as_the_pipeline_encodes_its_messages()
    {
        Assert.Equal("base64", Queues.GetProperty("messageEncoding").GetString(), ignoreCase: true);

        var composition = CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(
            RepositoryRoot.Find(), "functions", "ServiceIndex.Pipeline", "PipelineServiceCollectionExtensions.cs")));
        var encodings = composition.GetRoot().DescendantNodes().OfType<AssignmentExpressionSyntax>()
            .Where(a => SyntaxValues.Rightmost(a.Left) == "MessageEncoding")
            .Select(a => a.Right.ToString())
            .ToList();
        Assert.Equal(["QueueMessageEncoding.Base64"], encodings);
    }

    [Fact]
    public void Function_timeout_outlasts_a_whole_pull_run()
    {
        var timeout = TimeSpan.Parse(Shell.HostJson.GetProperty("functionTimeout").GetString()!, null);
        Assert.True(timeout > new PipelineOptions().PullBudget, $"functionTimeout {timeout} would cut a pull run short");
    }

    [Fact]
    public void Every_handler_a_function_calls_exists_in_the_pipeline()
    {
        foreach (var type in Shell.Classes.Where(c => FunctionDeclaration.Of(c).Any()))
        {
            var injected = HandlerCalls.Injected(type).ToList();
            Assert.All(injected, p => Assert.True(PipelineTypes.Named(p.Type).Count > 0, $"{type.Identifier}: no pipeline type {p.Type}"));

            // Every function but the dashboard's static files goes through a pipeline handler.
            var calls = HandlerCalls.Of(type).ToList();
            Assert.True(calls.Count > 0 || FunctionDeclaration.Of(type).All(HttpFunctions.IsDashboard), $"{type.Identifier} calls no pipeline handler");
            Assert.All(calls, c => Assert.True(PipelineTypes.HasPublicMethod(c.Type, c.Method), $"{type.Identifier}: {c} is not a public method"));
            Assert.All(HandlerCalls.Resolved(type), t => Assert.True(PipelineTypes.Named(t).Count > 0, $"{type.Identifier}: no pipeline type {t}"));
        }
    }

    [Fact]
    public void Function_classes_stay_thin()
    {
        foreach (var type in Shell.Classes)
        {
            var span = type.GetLocation().GetLineSpan();
            var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
            Assert.True(lines <= 40, $"{type.Identifier} is {lines} lines: a function binds, calls a handler and maps the result");
        }
    }

    [Fact]
    public void Functions_project_stays_out_of_the_solution_and_every_other_project()
    {
        var root = RepositoryRoot.Find();
        Assert.DoesNotContain("ServiceIndex.Functions", File.ReadAllText(Path.Combine(root, "ServiceIndex.sln")), StringComparison.Ordinal);
        var referencing = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith("ServiceIndex.Functions.csproj", StringComparison.Ordinal))
            .Where(p => File.ReadAllText(p).Contains("ServiceIndex.Functions.csproj", StringComparison.Ordinal));
        Assert.Empty(referencing);
    }

    [Fact]
    public void Functions_project_is_a_dotnet_10_isolated_worker_with_its_own_package_versions()
    {
        var project = XDocument.Parse(Shell.ProjectFile).Root!;
        string? Property(string name) => project.Descendants(name).FirstOrDefault()?.Value;
        Assert.Equal("Microsoft.NET.Sdk", project.Attribute("Sdk")?.Value);
        Assert.Equal("Exe", Property("OutputType"));
        Assert.Equal("net10.0", Property("TargetFramework"));
        Assert.Equal("v4", Property("AzureFunctionsVersion"));
        Assert.Equal("false", Property("ManagePackageVersionsCentrally"));

        var packages = project.Descendants("PackageReference").ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")?.Value);
        string[] required =
        [
            "Microsoft.Azure.Functions.Worker", "Microsoft.Azure.Functions.Worker.Sdk", "Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore",
            "Microsoft.Azure.Functions.Worker.Extensions.Timer", "Microsoft.Azure.Functions.Worker.Extensions.Storage.Queues",
            "Microsoft.Azure.Functions.Worker.ApplicationInsights", "Microsoft.ApplicationInsights.WorkerService",
        ];
        Assert.All(required, id => Assert.True(packages.TryGetValue(id, out var version) && Version.TryParse(version, out _), $"{id} needs an explicit version"));
        Assert.StartsWith("2.", packages["Microsoft.Azure.Functions.Worker"], StringComparison.Ordinal);
        Assert.StartsWith("2.", packages["Microsoft.Azure.Functions.Worker.Sdk"], StringComparison.Ordinal);
        Assert.Contains(project.Descendants("ProjectReference"), r => r.Attribute("Include")!.Value.EndsWith("ServiceIndex.Pipeline.csproj", StringComparison.Ordinal));
    }

    private static FunctionDeclaration Function(string name) => Shell.Functions.Single(f => f.Name == name);

    private static string QueueName(FunctionDeclaration function) =>
        SyntaxValues.String(function.Trigger.Positional(0)!, Shell.Trees)
        ?? throw new InvalidOperationException($"{function.Name}: the queue name is not a constant");
}

/// <summary>A timer's schedule: an app setting (%Pipeline:X%) and the default the code gives it, or a literal.</summary>
public sealed record TimerSchedule(string Setting, string Default)
{
    public static TimerSchedule Of(FunctionDeclaration timer)
    {
        var expression = SyntaxValues.String(timer.Trigger.Positional(0)!, FunctionsShellSource.Instance.Trees)
            ?? throw new InvalidOperationException($"{timer.Name}: the schedule is not a constant");
        if (!expression.StartsWith('%'))
        {
            return new TimerSchedule("", expression);
        }

        var setting = expression.Trim('%');
        var parts = setting.Split(':');
        Assert.True(parts.Length == 2 && parts[0] == PipelineOptions.Section, $"{timer.Name}: {expression} is not a Pipeline:* setting");
        var property = typeof(PipelineOptions).GetProperty(parts[1]);
        Assert.True(property is not null, $"{timer.Name}: PipelineOptions has no property {parts[1]}");
        return new TimerSchedule(setting, (string)property.GetValue(new PipelineOptions())!);
    }
}

/// <summary>What a function class calls: methods on its injected handlers, and static pipeline methods (WorkMessage.Parse).</summary>
public sealed record HandlerCall(string Type, string Method)
{
    public override string ToString() => $"{Type}.{Method}";
}

public static class HandlerCalls
{
    /// <summary>
    /// Constructor parameters (primary or declared): name and the simple name of the pipeline type
    /// injected (for IOptions&lt;T&gt;, T). Loggers and the clock are not handlers and are left out.
    /// </summary>
    public static IEnumerable<(string Name, string Type)> Injected(ClassDeclarationSyntax type)
    {
        var parameters = type.ParameterList?.Parameters.AsEnumerable() ?? [];
        parameters = parameters.Concat(type.Members.OfType<ConstructorDeclarationSyntax>().SelectMany(c => c.ParameterList.Parameters));
        foreach (var parameter in parameters)
        {
            var injected = parameter.Type is GenericNameSyntax { Identifier.Text: "IOptions" or "IOptionsMonitor" or "IOptionsSnapshot" } options
                ? options.TypeArgumentList.Arguments[0]
                : parameter.Type!;
            if (SimpleName(injected) is not ("ILogger" or "ILoggerFactory" or "TimeProvider"))
            {
                yield return (parameter.Identifier.Text, SimpleName(injected));
            }
        }
    }

    public static IEnumerable<HandlerCall> Of(ClassDeclarationSyntax type)
    {
        var injected = Injected(type).ToDictionary(p => p.Name, p => p.Type, StringComparer.Ordinal);
        foreach (var call in type.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (call.Expression is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target } member)
            {
                continue;
            }

            var method = member.Name.Identifier.Text;
            if (injected.TryGetValue(target.Identifier.Text, out var handler))
            {
                yield return new HandlerCall(handler, method);
            }
            else if (PipelineTypes.Named(target.Identifier.Text).Count > 0)
            {
                yield return new HandlerCall(target.Identifier.Text, method);
            }
        }
    }

    /// <summary>Types named in GetRequiredService&lt;T&gt;() and GetService&lt;T&gt;() calls.</summary>
    public static IEnumerable<string> Resolved(ClassDeclarationSyntax type) =>
        type.DescendantNodes().OfType<GenericNameSyntax>()
            .Where(g => g.Identifier.Text is "GetRequiredService" or "GetService")
            .Select(g => SimpleName(g.TypeArgumentList.Arguments[0]));

    public static string SimpleName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax q => SimpleName(q.Right),
        GenericNameSyntax g => g.Identifier.Text,
        SimpleNameSyntax s => s.Identifier.Text,
        NullableTypeSyntax n => SimpleName(n.ElementType),
        _ => type.ToString(),
    };
}

/// <summary>
/// The local host's timers (functions/ServiceIndex.Host/Hosting/PipelineJobs.cs):
/// <c>Timer(sp, "Pull", o =&gt; o.PullSchedule, …, (s, ct) =&gt; s.GetRequiredService&lt;PullHandler&gt;().RunAsync(…))</c>
/// read as "Pipeline:PullSchedule" → "PullHandler.RunAsync".
/// </summary>
public static class LocalHostTimers
{
    public static IReadOnlyList<(string Setting, string Call)> Read()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "functions", "ServiceIndex.Host", "Hosting", "PipelineJobs.cs");
        var root = CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot();
        var timers = new List<(string, string)>();
        foreach (var call in root.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(c => c.Expression is IdentifierNameSyntax { Identifier.Text: "Timer" }))
        {
            var schedule = call.DescendantNodes().OfType<SimpleLambdaExpressionSyntax>()
                .Select(l => l.Body).OfType<MemberAccessExpressionSyntax>().Select(m => m.Name.Identifier.Text)
                .FirstOrDefault(n => n.EndsWith("Schedule", StringComparison.Ordinal));
            var handler = call.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Select(i => i.Expression).OfType<MemberAccessExpressionSyntax>()
                .Where(m => m.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.Text: "GetRequiredService" } } })
                .Select(m => $"{HandlerCalls.SimpleName(((GenericNameSyntax)((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)m.Expression).Expression).Name).TypeArgumentList.Arguments[0])}.{m.Name.Identifier.Text}")
                .FirstOrDefault();
            if (schedule is not null && handler is not null)
            {
                timers.Add(($"{PipelineOptions.Section}:{schedule}", handler));
            }
        }

        return timers;
    }
}
