using System.Security.Cryptography;
using System.Text;

namespace ServiceIndex.Pipeline.Api;

public enum AdminAccess
{
    /// <summary>No credentials were presented (401).</summary>
    Missing,

    /// <summary>Credentials were presented and are wrong (403).</summary>
    Wrong,

    Granted,
}

/// <summary>The local admin credential: an API key (<c>X-Api-Key</c>) compared with <c>Admin:ApiKey</c> in constant time.</summary>
public static class AdminCredentials
{
    public const string Header = "X-Api-Key";

    /// <param name="presented">The key the caller sent, or null.</param>
    /// <param name="expected">The configured key; when empty, no key is accepted.</param>
    public static AdminAccess Check(string? presented, string? expected)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return AdminAccess.Missing;
        }

        if (string.IsNullOrEmpty(expected))
        {
            return AdminAccess.Wrong;
        }

        // Hashing first gives equal lengths, so neither the content nor the length of the key leaks through timing.
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b) ? AdminAccess.Granted : AdminAccess.Wrong;
    }
}
