namespace Strangler.Gateway.Routing;

/// <summary>Why a request target is refused (<see cref="TargetCheck"/>); each names what a backend could misread.</summary>
internal enum TargetProblem
{
    None,

    /// <summary>Asterisk-form (OPTIONS *) or authority-form (CONNECT): there is no path to route.</summary>
    UnsupportedForm,

    /// <summary>A '#': clients never send fragments, and servers disagree about where one starts.</summary>
    Fragment,

    /// <summary>A control character (raw or percent-encoded, NUL included) or unencoded non-ASCII text.</summary>
    InvalidCharacter,

    /// <summary>A backslash (raw, %5C or double-encoded): Windows servers and some frameworks read it as '/'.</summary>
    Backslash,

    /// <summary>A '%' not followed by two hexadecimal digits.</summary>
    MalformedEscape,

    /// <summary>Percent-encoded bytes that are not UTF-8, overlong forms such as %C0%AE included.</summary>
    InvalidUtf8,

    /// <summary>A segment of dots only ('.', '..', '...'), however encoded, also before a ';' parameter.</summary>
    DotSegment,

    /// <summary>A backend that decodes %2F, drops ';' parameters, trailing dots or spaces, or merges empty segments would route it elsewhere.</summary>
    AmbiguousRoute,
}

internal static class TargetProblems
{
    /// <summary>What is wrong, for the client's error body and the log.</summary>
    public static string Describe(this TargetProblem problem) => problem switch
    {
        TargetProblem.UnsupportedForm => "the gateway routes by path and forwards only origin-form ('/path?query') and absolute-form ('http://host/path') targets",
        TargetProblem.Fragment => "it contains '#'; a fragment is never part of a request, and servers disagree about where it starts",
        TargetProblem.InvalidCharacter => "it contains a control character (raw or percent-encoded, such as %00 or %0A) or unencoded non-ASCII text",
        TargetProblem.Backslash => "it contains a backslash ('\\', %5C or %255C), which some servers read as '/'",
        TargetProblem.MalformedEscape => "it contains '%' not followed by two hexadecimal digits (send a literal '%' as %25)",
        TargetProblem.InvalidUtf8 => "its percent-encoded bytes are not valid UTF-8 (overlong forms such as %C0%AE included)",
        TargetProblem.DotSegment => "it contains a '.' or '..' segment (also percent-encoded, double-encoded or followed by ';'), which servers resolve differently",
        TargetProblem.AmbiguousRoute => "servers that decode %2F, drop ';' parameters or trailing dots and spaces, or merge empty segments would route it differently than the gateway did",
        _ => "it is well-formed",
    };
}
