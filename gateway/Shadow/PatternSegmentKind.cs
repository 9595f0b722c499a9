namespace Strangler.Gateway.Shadow;

/// <summary>The forms a <see cref="JsonPathPattern"/> segment takes.</summary>
internal enum PatternSegmentKind
{
    /// <summary><c>.name</c> or <c>['name']</c>: the member of that name.</summary>
    Name,

    /// <summary><c>[n]</c>: the element at that index.</summary>
    Index,

    /// <summary><c>[*]</c>: any array element.</summary>
    AnyElement,

    /// <summary><c>.*</c>: any object member.</summary>
    AnyMember,

    /// <summary><c>..name</c>: the member of that name at any depth below (its parent included).</summary>
    Descendant,
}
