using System.Runtime.CompilerServices;

namespace Strangler.Gateway.Guard.Statistics;

/// <summary>One value per alternative of an <see cref="AlternativeGrid"/>, inline (a struct holding it copies by value).</summary>
[InlineArray(AlternativeGrid.Size)]
internal struct GridValues
{
    private double _element;
}
