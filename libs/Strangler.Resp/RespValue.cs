using System.Text;

namespace Strangler.Resp;

/// <summary>A RESP2 reply: simple string, error, integer, bulk string (possibly null) or array (possibly null).</summary>
public sealed class RespValue
{
    private RespValue(RespType type, string? text = null, long integer = 0, byte[]? bulk = null, RespValue[]? items = null)
    {
        Type = type;
        Text = text;
        Integer = integer;
        Bulk = bulk;
        Items = items;
    }

    public static RespValue Nil { get; } = new(RespType.Nil);

    public RespType Type { get; }

    public string? Text { get; }

    public long Integer { get; }

    public byte[]? Bulk { get; }

    public RespValue[]? Items { get; }

    public bool IsNil => Type == RespType.Nil;

    public static RespValue Simple(string text) => new(RespType.SimpleString, text);

    public static RespValue Error(string text) => new(RespType.Error, text);

    public static RespValue Int(long value) => new(RespType.Integer, integer: value);

    public static RespValue BulkString(byte[] value) => new(RespType.BulkString, bulk: value);

    public static RespValue Array(RespValue[] items) => new(RespType.Array, items: items);

    /// <summary>The value as text (simple or bulk string, or an integer's digits); null for nil.</summary>
    public string? AsString() => Type switch
    {
        RespType.SimpleString or RespType.Error => Text,
        RespType.BulkString => Encoding.UTF8.GetString(Bulk!),
        RespType.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    public override string ToString() => Type switch
    {
        RespType.Array => $"[{string.Join(", ", Items!.Select(i => i.ToString()))}]",
        RespType.Nil => "(nil)",
        _ => AsString() ?? string.Empty,
    };
}

public enum RespType
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
    Nil,
}
