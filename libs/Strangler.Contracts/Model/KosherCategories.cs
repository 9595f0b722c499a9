namespace Strangler.Contracts.Model;

public static class KosherCategories
{
    public const string Meat = "meat";
    public const string Dairy = "dairy";
    public const string Pareve = "pareve";

    public static IReadOnlyList<string> All { get; } = [Meat, Dairy, Pareve];
}

public static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";
}
