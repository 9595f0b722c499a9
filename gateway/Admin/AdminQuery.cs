using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Admin;

/// <summary>Query parameters of the admin reads, with the same 400 message everywhere.</summary>
internal static class AdminQuery
{
    /// <summary>The integer parameter <paramref name="name"/> in [min, max]; null when absent; false with a 400 when it is not such a number.</summary>
    public static bool TryReadInt(HttpRequest request, string name, int min, int max, out int? value, out IResult error)
    {
        value = null;
        error = Results.Empty;
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            value = parsed;
            return true;
        }

        error = AdminResults.Error(StatusCodes.Status400BadRequest, $"{name} must be an integer between {min} and {max} (got '{text}')");
        return false;
    }
}
