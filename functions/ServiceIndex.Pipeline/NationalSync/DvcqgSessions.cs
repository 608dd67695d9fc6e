using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ServiceIndex.Pipeline.NationalSync;

/// <summary>
/// Sessions of the national sync format, kept by nobody: a session is <c>v1.{expiry}.{nonce}.{MAC}</c>, the MAC an
/// HMAC-SHA256 under a key derived from the configured username and password. Any instance (Functions scale-out,
/// several local hosts) verifies it without shared state; it expires at its expiry (read from the
/// <see cref="TimeProvider"/>); changing the password ends every session at once.
/// </summary>
public sealed class DvcqgSessions(TimeProvider time)
{
    private const string Prefix = "v1";

    /// <summary>A new session for <paramref name="lifetime"/>.</summary>
    public string Issue(string username, string password, TimeSpan lifetime)
    {
        var expires = (time.GetUtcNow() + lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = $"{Prefix}.{expires}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16))}";
        return $"{body}.{Base64Url.EncodeToString(Mac(username, password, body))}";
    }

    /// <summary>Whether <paramref name="session"/> was issued under these credentials and has not expired.</summary>
    public bool IsValid(string? session, string username, string password)
    {
        if (string.IsNullOrEmpty(session) || session.Length > 200)
        {
            return false;
        }

        var parts = session.Split('.');
        if (parts.Length != 4 || parts[0] != Prefix ||
            !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[48];
        if (!Base64Url.TryDecodeFromChars(parts[3], presented, out var written) || written != 32)
        {
            return false;
        }

        var expected = Mac(username, password, session[..session.LastIndexOf('.')]);
        return CryptographicOperations.FixedTimeEquals(presented[..written], expected) && time.GetUtcNow().ToUnixTimeSeconds() < expires;
    }

    private static byte[] Mac(string username, string password, string body)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes($"ServiceIndex DVCQG session\n{username}\n{password}"));
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body));
    }
}
