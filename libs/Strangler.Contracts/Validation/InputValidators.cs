using Strangler.Contracts.Model;

namespace Strangler.Contracts.Validation;

/// <summary>
/// The contract's rules for request bodies, shared by every backend so field messages match. Text
/// never holds the NUL character: PostgreSQL cannot store it, and no stored text could match it.
/// </summary>
public static class InputValidators
{
    public const string NoNul = "must not contain the NUL character (U+0000)";

    public static void Restaurant(RestaurantInput input, FieldErrors errors)
    {
        RequiredText(input.Name, "name", 200, errors);
        RequiredText(input.Address, "address", 300, errors);
        RequiredText(input.City, "city", RestaurantFilters.MaxLength, errors);
        if (input.KosherCategory is null)
        {
            errors.Add("kosher_category", "is required");
        }
        else if (!KosherCategories.All.Contains(input.KosherCategory))
        {
            errors.Add("kosher_category", $"must be one of {string.Join(", ", KosherCategories.All)}");
        }

        OptionalText(input.CertifyingAgency, "certifying_agency", 100, errors);
        OptionalText(input.Phone, "phone", 40, errors);
        OptionalText(input.Description, "description", 2000, errors);
        if (input.Website is not null && HasNul(input.Website))
        {
            errors.Add("website", NoNul);
        }
        else if (input.Website is not null
            && (input.Website.Length > 300 || !Uri.TryCreate(input.Website, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add("website", "must be an absolute http or https URL of at most 300 characters");
        }

        if (input.PriceRange is < 1 or > 4)
        {
            errors.Add("price_range", "must be between 1 and 4");
        }

        if (input.Latitude is < -90 or > 90 || input.Latitude is double.NaN)
        {
            errors.Add("latitude", "must be between -90 and 90");
        }

        if (input.Longitude is < -180 or > 180 || input.Longitude is double.NaN)
        {
            errors.Add("longitude", "must be between -180 and 180");
        }
    }

    public static void Review(ReviewInput input, FieldErrors errors)
    {
        if (input.RestaurantId is null)
        {
            errors.Add("restaurant_id", "is required");
        }
        else if (input.RestaurantId < 1)
        {
            errors.Add("restaurant_id", "must be a positive integer");
        }

        if (input.Rating is null)
        {
            errors.Add("rating", "is required");
        }
        else if (input.Rating is < 1 or > 5)
        {
            errors.Add("rating", "must be between 1 and 5");
        }

        OptionalText(input.Title, "title", 120, errors);
        RequiredText(input.Content, "content", 2000, errors);
    }

    private static void RequiredText(string? value, string field, int max, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "is required");
        }
        else if (value.Length > max)
        {
            errors.Add(field, $"must be at most {max} characters");
        }
        else if (HasNul(value))
        {
            errors.Add(field, NoNul);
        }
    }

    private static void OptionalText(string? value, string field, int max, FieldErrors errors)
    {
        if (value is not null && (value.Length > max || value.Trim().Length == 0))
        {
            errors.Add(field, $"must be 1 to {max} characters when given");
        }
        else if (value is not null && HasNul(value))
        {
            errors.Add(field, NoNul);
        }
    }

    private static bool HasNul(string value) => value.Contains('\0', StringComparison.Ordinal);
}
