namespace Strangler.V4Backend.Infrastructure;

/// <summary>
/// Which database the v4 backend uses: PostgreSQL when ConnectionStrings:Postgres is set, else the
/// embedded SQLite file (so the stack runs with no server installed).
/// </summary>
internal sealed class DatabaseOptions
{
    /// <summary>SQLite file, relative to the content root. Default: data/v4.db.</summary>
    public string SqlitePath { get; set; } = Path.Combine("data", "v4.db");

    /// <summary>Seed the sample dataset into an empty database at start-up.</summary>
    public bool Seed { get; set; } = true;
}
