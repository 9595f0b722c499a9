using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Unicode;

namespace Strangler.Gateway.Routing;

/// <summary>
/// Whether a request target can be forwarded byte for byte (pure). Routing decides on Kestrel's
/// view of the path: percent-decoded except %2F, dot segments resolved. The backend receives the
/// raw bytes, and reads them its own way: some servers also decode %2F, decode twice, read '\' as
/// '/', cut ';' parameters off segments (Tomcat, Jetty), strip trailing dots and spaces (Windows),
/// merge empty segments (NGINX) or truncate at a NUL. A target is refused when any such reading
/// could give another path or another route than the one the decision was made on:
/// <list type="bullet">
/// <item>always: a '#', a control character or unencoded non-ASCII text, a backslash, a malformed
/// escape, percent-encoded bytes that are not UTF-8, a dot-only segment (however encoded);</item>
/// <item>when the route would change: an encoded '/' or '?', a ';' parameter, trailing dots or
/// spaces, an empty segment, before the end of the route's prefix.</item>
/// </list>
/// The query is forwarded as sent and never checked (routing does not read it), except for '#' and
/// control characters, which no request line may carry. Paths without '%', '\', ';', '//' or a
/// segment ending in '.' (nearly all) are decided by a few vectorised scans, without allocating.
/// </summary>
internal static class TargetCheck
{
    private const int StackLimit = 256;

    /// <summary>Servers that decode more than once stop somewhere; so does the check, refusing what is still encoded then.</summary>
    private const int DecodingRounds = 4;

    // Printable ASCII but '#': everything else (controls, space, DEL, non-ASCII) has no place in a target.
    private static readonly SearchValues<char> TargetCharacters = SearchValues.Create(
        "!\"$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    // What a server could decode or cut differently from routing; without any of them, "//", and a
    // '.' that ends a segment, the raw path is the routed path.
    private static readonly SearchValues<char> Ambiguous = SearchValues.Create("%\\;");

    /// <param name="target">The request target as sent (IHttpRequestFeature.RawTarget).</param>
    /// <param name="routedPath">The decoded path routing matched (HttpRequest.Path).</param>
    /// <param name="bindings">The routes of the rollout in force; a path that none covers goes to v3.</param>
    public static TargetProblem Check(string target, ReadOnlySpan<char> routedPath, ImmutableArray<RouteBinding> bindings)
    {
        var pathStart = RawTarget.PathStart(target);
        if (pathStart < 0)
        {
            return TargetProblem.UnsupportedForm;
        }

        var odd = target.AsSpan().IndexOfAnyExcept(TargetCharacters);
        if (odd >= 0)
        {
            return target[odd] == '#' ? TargetProblem.Fragment : TargetProblem.InvalidCharacter;
        }

        var path = target.AsSpan(pathStart);
        var query = path.IndexOf('?');
        path = query < 0 ? path : path[..query];
        if (path.IsEmpty)
        {
            // Absolute-form without a path ("http://host?q") asks for "/".
            return TargetProblem.None;
        }

        if (path.IndexOfAny(Ambiguous) < 0
            && !path.Contains("//", StringComparison.Ordinal)
            && !path.Contains("./", StringComparison.Ordinal)
            && path[^1] != '.')
        {
            return TargetProblem.None;
        }

        return CheckAmbiguous(path, routedPath, bindings);
    }

    private static TargetProblem CheckAmbiguous(ReadOnlySpan<char> path, ReadOnlySpan<char> routedPath, ImmutableArray<RouteBinding> bindings)
    {
        if (path.Contains('\\'))
        {
            return TargetProblem.Backslash;
        }

        // Kestrel decodes all of an absolute-form target, %2F included: the raw path then has other
        // segments than the routed one, and the v4 prefix could not be replaced segment by segment.
        var sameSegments = path.Count('/') == routedPath.Count('/');
        byte[]? rented = null;
        var buffer = path.Length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(path.Length));
        try
        {
            // The target holds only printable ASCII here, so one char is one byte.
            var length = Encoding.ASCII.GetBytes(path, buffer);
            var problem = Decode(buffer, ref length);
            return problem != TargetProblem.None ? problem : CheckDecoded(buffer[..length], routedPath, sameSegments, bindings);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Percent-decodes in place, as often as a server might; every stage must be UTF-8.</summary>
    private static TargetProblem Decode(Span<byte> text, ref int length)
    {
        for (var round = 0; round < DecodingRounds; round++)
        {
            var escape = text[..length].IndexOf((byte)'%');
            if (escape < 0)
            {
                // Raw ASCII, or the outcome of a round already found to be UTF-8.
                return TargetProblem.None;
            }

            var written = escape;
            for (var i = escape; i < length; i++)
            {
                var c = text[i];
                if (c == '%')
                {
                    if (i + 2 < length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
                    {
                        text[written++] = (byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2]));
                        i += 2;
                        continue;
                    }

                    if (round == 0)
                    {
                        return TargetProblem.MalformedEscape;
                    }

                    // Later rounds: a literal '%' the client encoded as %25 stays what it is.
                }

                text[written++] = c;
            }

            if (written == length)
            {
                // Only literal '%'s were left: nothing more for any server to decode.
                return TargetProblem.None;
            }

            length = written;
            if (!Utf8.IsValid(text[..length]))
            {
                return TargetProblem.InvalidUtf8;
            }
        }

        // Still encoded after that many rounds: no client means that.
        return text[..length].Contains((byte)'%') ? TargetProblem.MalformedEscape : TargetProblem.None;
    }

    /// <summary>The fully decoded path as the most lenient server reads it, against the routed path.</summary>
    private static TargetProblem CheckDecoded(Span<byte> text, ReadOnlySpan<char> routedPath, bool sameSegments, ImmutableArray<RouteBinding> bindings)
    {
        if (text.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0 || text.Contains((byte)0x7F))
        {
            return TargetProblem.InvalidCharacter;
        }

        if (text.Contains((byte)'\\'))
        {
            return TargetProblem.Backslash;
        }

        // A decoded '?' or '#' ends the path for a server that parses the decoded text again.
        var end = text.IndexOfAny((byte)'?', (byte)'#');
        var rest = end < 0 ? text : text[..end];

        // Normalise in place: segments cut at ';', trailing dots and spaces dropped, empty segments merged.
        var written = 0;
        while (!rest.IsEmpty)
        {
            var slash = rest.IndexOf((byte)'/');
            var segment = slash < 0 ? rest : rest[..slash];
            rest = slash < 0 ? [] : rest[(slash + 1)..];
            var parameters = segment.IndexOf((byte)';');
            if (parameters >= 0)
            {
                segment = segment[..parameters];
            }

            if (!segment.IsEmpty && !segment.ContainsAnyExcept((byte)'.'))
            {
                return TargetProblem.DotSegment;
            }

            segment = segment.TrimEnd(". "u8);
            if (segment.IsEmpty)
            {
                continue;
            }

            text[written++] = (byte)'/';
            segment.CopyTo(text[written..]);
            written += segment.Length;
        }

        return sameSegments && ReferenceEquals(RouteOf(text[..written], bindings), RouteOf(routedPath, bindings))
            ? TargetProblem.None
            : TargetProblem.AmbiguousRoute;
    }

    private static RouteBinding? RouteOf(ReadOnlySpan<char> path, ImmutableArray<RouteBinding> bindings)
    {
        foreach (var binding in bindings)
        {
            if (binding.Covers(path))
            {
                return binding;
            }
        }

        return null;
    }

    private static RouteBinding? RouteOf(ReadOnlySpan<byte> path, ImmutableArray<RouteBinding> bindings)
    {
        foreach (var binding in bindings)
        {
            var prefix = binding.Path;
            if (path.Length >= prefix.Length
                && Ascii.EqualsIgnoreCase(path[..prefix.Length], prefix)
                && (path.Length == prefix.Length || path[prefix.Length] == '/'))
            {
                return binding;
            }
        }

        return null;
    }

    private static bool IsHex(byte c) => char.IsAsciiHexDigit((char)c);

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
