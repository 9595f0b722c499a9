namespace Strangler.Gateway.Shadow;

/// <summary>One segment of a <see cref="JsonPathPattern"/>.</summary>
/// <param name="Name">For <see cref="PatternSegmentKind.Name"/> and <see cref="PatternSegmentKind.Descendant"/>.</param>
/// <param name="Index">For <see cref="PatternSegmentKind.Index"/>.</param>
internal readonly record struct PatternSegment(PatternSegmentKind Kind, string? Name = null, int Index = -1)
{
    /// <summary>Whether this segment, other than <see cref="PatternSegmentKind.Descendant"/>, matches one concrete segment.</summary>
    public bool MatchesOne(in JsonPathSegment segment) => Kind switch
    {
        PatternSegmentKind.Name => segment.NameEquals(Name!),
        PatternSegmentKind.Index => segment.Index == Index,
        PatternSegmentKind.AnyElement => segment.IsIndex,
        PatternSegmentKind.AnyMember => !segment.IsIndex,
        _ => false,
    };
}
