namespace Strangler.Contracts.Model;

/// <summary>One page of a list: the items and where they sit in the whole result.</summary>
/// <param name="Total">Items matching the filters, across all pages.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Limit, long Offset);
