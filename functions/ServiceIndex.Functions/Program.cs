using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ServiceIndex.Functions;

// The Azure Functions app: the composition is FunctionsComposition's, which the tests call too.
var builder = FunctionsApplication.CreateBuilder(args);
builder.AddServiceIndexFunctions();
await builder.Build().RunAsync().ConfigureAwait(false);
