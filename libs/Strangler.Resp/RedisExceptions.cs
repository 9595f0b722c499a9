namespace Strangler.Resp;

/// <summary>Base of every error the RESP client raises.</summary>
public class RedisException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The server could not be reached, or the connection broke while the command was pending.</summary>
public sealed class RedisConnectionException(string message, Exception? inner = null) : RedisException(message, inner);

/// <summary>No reply within the command timeout.</summary>
public sealed class RedisTimeoutException(string message) : RedisException(message);

/// <summary>The server answered with an error reply (e.g. WRONGTYPE, NOAUTH, NOSCRIPT).</summary>
public sealed class RedisServerException(string message) : RedisException(message)
{
    /// <summary>The error's first word, e.g. "WRONGTYPE".</summary>
    public string Code => Message.Split(' ', 2)[0];
}
