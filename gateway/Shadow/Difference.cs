namespace Strangler.Gateway.Shadow;

/// <summary>One place where v3's and v4's answers differ.</summary>
/// <param name="Path">
/// A concrete JSON path such as <c>$.data.items[3].rating</c> (<see cref="JsonPaths"/>), or
/// <see cref="JsonPaths.Status"/> / <see cref="JsonPaths.ContentType"/> for the status line and header.
/// </param>
/// <param name="V3">v3's value as compact JSON text, at most <see cref="CompactJson.MaxLength"/> characters; null when v3 has nothing there.</param>
/// <param name="V4">v4's value, likewise.</param>
internal readonly record struct Difference(string Path, string? V3, string? V4);
