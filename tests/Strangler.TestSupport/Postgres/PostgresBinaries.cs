namespace Strangler.TestSupport.Postgres;

/// <summary>Finds initdb and pg_ctl: on PATH, else in the newest /usr/lib/postgresql/VERSION/bin (Debian's layout).</summary>
public sealed record PostgresBinaries(string InitDb, string PgCtl)
{
    public const string Install = "install the PostgreSQL server binaries (Debian: apt-get install postgresql), or set GATEWAY_TEST_POSTGRES to a connection string";

    public static PostgresBinaries? Find()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Dir, "bin"))
            : [];
        var dirs = debian.ToArray();
        var initdb = Servers.ServerProcess.Find("initdb", dirs);
        var pgctl = Servers.ServerProcess.Find("pg_ctl", dirs);
        return initdb is null || pgctl is null ? null : new PostgresBinaries(initdb, pgctl);
    }
}
