using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace ServiceIndex.Host.Hosting;

/// <summary>
/// The local host's log file (<c>.local/serviceindex.log</c>, appended): every warning, and the pipeline's progress at
/// Information, with exceptions. The console keeps to one progress line and one summary line per kind of problem
/// (<see cref="ProgressReporter"/>), pointing here for the details.
/// </summary>
internal sealed class LogFile : ILoggerProvider
{
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(100_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
    });

    private readonly Task _writer;
    private readonly TimeProvider _time;

    public LogFile(string path, TimeProvider time)
    {
        Path = path;
        _time = time;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Where the lines go (absolute).</summary>
    public string Path { get; }

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        _lines.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task WriteAsync()
    {
        await using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await using var file = new StreamWriter(stream, new UTF8Encoding(false));
        while (await _lines.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_lines.Reader.TryRead(out var line))
            {
                await file.WriteLineAsync(line).ConfigureAwait(false);
            }

            await file.FlushAsync().ConfigureAwait(false); // once the burst is written
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class FileLogger(LogFile file, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{file._time.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {Level(logLevel)} {category}: {formatter(state, exception)}");
            file._lines.Writer.TryWrite(exception is null ? line : line + Environment.NewLine + exception);
        }
    }
}
