using Npgsql;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Servers;

namespace Strangler.TestSupport.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster in a temporary directory on a free loopback port (trust auth,
/// durability off for speed), or the server named by GATEWAY_TEST_POSTGRES. Each test class gets
/// its own database. Stopped and deleted on dispose, and at process exit if a run is cut short.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "GATEWAY_TEST_POSTGRES";

    private readonly string? _directory;
    private readonly PostgresBinaries? _binaries;
    private int _databases;
    private bool _stopped;

    private PostgresServer(string adminConnectionString, string? directory, PostgresBinaries? binaries)
    {
        AdminConnectionString = adminConnectionString;
        _directory = directory;
        _binaries = binaries;
        if (directory is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAsync().GetAwaiter().GetResult();
        }
    }

    /// <summary>Connection string for the maintenance database (creating and dropping test databases).</summary>
    public string AdminConnectionString { get; }

    /// <summary>True when this process started the server (false for GATEWAY_TEST_POSTGRES).</summary>
    public bool Owned => _directory is not null;

    /// <summary>Starts a server; null when neither GATEWAY_TEST_POSTGRES nor the binaries are available.</summary>
    public static async Task<PostgresServer?> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } external)
        {
            await WaitReadyAsync(external);
            return new PostgresServer(external, null, null);
        }

        var binaries = PostgresBinaries.Find();
        if (binaries is null)
        {
            return null;
        }

        var directory = Directory.CreateTempSubdirectory("strangler-pg-").FullName;
        var user = ServerProcess.IsRoot ? "postgres" : null;
        if (user is not null)
        {
            await ServerProcess.RunAsync("chown", ["-R", "postgres:postgres", directory]);
        }

        var data = Path.Combine(directory, "data");
        var (code, output) = await ServerProcess.RunAsync(binaries.InitDb, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], user);
        if (code != 0)
        {
            throw new InvalidOperationException($"initdb failed ({code}): {output}");
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var options = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            (code, output) = await ServerProcess.RunAsync(binaries.PgCtl, ["-D", data, "-o", options, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start"], user);
            if (code == 0)
            {
                var admin = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
                await WaitReadyAsync(admin);
                return new PostgresServer(admin, directory, binaries);
            }

            if (attempt == 3)
            {
                var log = File.Exists(Path.Combine(directory, "server.log")) ? await File.ReadAllTextAsync(Path.Combine(directory, "server.log")) : string.Empty;
                throw new InvalidOperationException($"pg_ctl start failed ({code}): {output}\n{log}");
            }
        }
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"t_{Sanitize(purpose)}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task StopAsync()
    {
        if (_directory is null || _stopped)
        {
            return;
        }

        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        await ServerProcess.RunAsync(_binaries!.PgCtl, ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], ServerProcess.IsRoot ? "postgres" : null);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task WaitReadyAsync(string connectionString)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static string Sanitize(string purpose) =>
        new(purpose.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(30).ToArray());
}
