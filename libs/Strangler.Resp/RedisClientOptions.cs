using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Strangler.Resp;

/// <summary>
/// Where and how to connect. Parse from "host:port,password=...,user=...,database=2,ssl=true,
/// sslHost=name,connectTimeout=5000,commandTimeout=1000" (times in milliseconds).
/// </summary>
public sealed record RedisClientOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 6379;

    /// <summary>ACL user name (Redis 6+); with only a password the default user authenticates.</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    public int Database { get; init; }

    public bool Ssl { get; init; }

    /// <summary>Name to validate the server certificate against; defaults to <see cref="Host"/>.</summary>
    public string? SslHost { get; init; }

    /// <summary>A certificate to trust in addition to the system store (e.g. a self-signed server certificate).</summary>
    public X509Certificate2? TrustedCertificate { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    public string Endpoint => $"{Host}:{Port}";

    public static RedisClientOptions Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var endpoint = parts[0];
        var colon = endpoint.LastIndexOf(':');
        var options = colon < 0
            ? new RedisClientOptions { Host = endpoint }
            : new RedisClientOptions { Host = endpoint[..colon], Port = Number(endpoint[(colon + 1)..], "port") };
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=');
            if (eq < 0)
            {
                throw new FormatException($"Redis option '{part}' must be name=value");
            }

            var (name, value) = (part[..eq].Trim().ToLowerInvariant(), part[(eq + 1)..].Trim());
            options = name switch
            {
                "password" => options with { Password = value },
                "user" => options with { User = value },
                "database" or "db" => options with { Database = Number(value, name) },
                "ssl" => options with { Ssl = bool.Parse(value) },
                "sslhost" => options with { SslHost = value },
                "connecttimeout" => options with { ConnectTimeout = TimeSpan.FromMilliseconds(Number(value, name)) },
                "commandtimeout" or "synctimeout" => options with { CommandTimeout = TimeSpan.FromMilliseconds(Number(value, name)) },
                _ => throw new FormatException($"unknown Redis option '{name}' (known: password, user, database, ssl, sslHost, connectTimeout, commandTimeout)"),
            };
        }

        return options;
    }

    private static int Number(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"Redis option {name} must be a non-negative integer (got '{value}')");
}
