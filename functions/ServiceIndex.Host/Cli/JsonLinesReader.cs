using System.Buffers;

namespace ServiceIndex.Host.Cli;

/// <summary>
/// Streams a JSON Lines file as UTF-8 byte lines without decoding whole lines to strings:
/// memory stays at one buffer whatever the file's size.
/// </summary>
internal sealed class JsonLinesReader(Stream stream) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
    private int _start;
    private int _end;
    private bool _eof;

    public long LineNumber { get; private set; }

    /// <summary>Reads the next line (without its end-of-line); false at the end of the file.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Trim(_buffer.AsSpan(_start, newline));
                _start += newline + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    line = Trim(_buffer.AsSpan(_start, _end - _start));
                    _start = _end;
                    LineNumber++;
                    return true;
                }

                line = default;
                return false;
            }

            Fill();
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // A line longer than the buffer: grow (bounded by the longest line, not the file).
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        // A UTF-8 byte order mark at the start of the file is not part of the JSON.
        if (line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        return line;
    }
}
