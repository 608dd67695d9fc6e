using System.Buffers;
using System.Text;

namespace ServiceIndex.Pipeline.Storage;

/// <summary>A compact binary writer: LEB128 varints, zigzag for signed values, length-prefixed UTF-8.</summary>
internal sealed class ByteWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public int Length => _buffer.WrittenCount;

    public void WriteUInt(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    public void WriteInt(long value) => WriteUInt((ulong)((value << 1) ^ (value >> 63)));

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteUInt((ulong)count);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}

/// <summary>Reads what <see cref="ByteWriter"/> wrote.</summary>
internal ref struct ByteReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    public ulong ReadUInt()
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            if (_position >= _data.Length || shift > 63)
            {
                throw new FormatException("Truncated or malformed varint.");
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }

            shift += 7;
        }
    }

    public long ReadInt()
    {
        var raw = ReadUInt();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public byte ReadByte() =>
        _position < _data.Length ? _data[_position++] : throw new FormatException("Truncated data.");

    public int ReadCount()
    {
        var n = ReadUInt();
        return n <= (ulong)(_data.Length - _position + 1) * 8 ? (int)n : throw new FormatException("Implausible count.");
    }

    public string ReadString()
    {
        var length = ReadCount();
        if (length > _data.Length - _position)
        {
            throw new FormatException("Truncated string.");
        }

        var s = Encoding.UTF8.GetString(_data.Slice(_position, length));
        _position += length;
        return s;
    }
}
