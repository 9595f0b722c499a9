using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Strangler.Contracts.Identity;
using Strangler.TestSupport.Hosting;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Postgres;

namespace Strangler.V4Backend.Tests.Apis;

/// <summary>
/// Real requests meeting real failures: the database taken away under the running backend is an
/// unhandled exception, answered in the contract's error shape with a generic message and nothing
/// of the exception; a body the client broke is the client's 400, not a 500.
/// </summary>
public sealed class ErrorResponseTests(PostgresFixture postgres)
{
    private const string Key = "error-tests-signing-key-0123456789abcdef";

    /// <summary>The whole body of every unhandled error, byte for byte.</summary>
    private const string Generic500 = """{"success":false,"error":"internal error","status_code":500,"details":null}""";

    private static readonly string[] Internals = ["Exception", "Sqlite", "Npgsql", "Postgres", " at ", "no such table", "does not exist", ".cs:line"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sqlite_table_dropped_under_the_backend_is_a_500_without_details()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("strangler-v4-errors-").FullName, "v4.db");
        await using var app = await StartAsync(new() { ["Database:SqlitePath"] = path });
        using var client = app.CreateClient();
        using (var ok = await client.GetAsync("api/v4/restaurants/7", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // Someone else's connection changes the schema under the running backend.
        await using (var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            await other.OpenAsync(Ct);
            await using var drop = other.CreateCommand();
            drop.CommandText = "DROP TABLE reviews";
            await drop.ExecuteNonQueryAsync(Ct);
        }

        await AssertGeneric500Async(client, "api/v4/statistics");
        await AssertGeneric500Async(client, "api/v4/reviews?restaurant_id=7");
    }

    [Fact]
    public async Task A_postgres_database_dropped_under_the_backend_is_a_500_without_details()
    {
        var database = await postgres.CreateDatabaseAsync("errors");
        await using var app = await StartAsync(new() { ["ConnectionStrings:Postgres"] = database });
        using var client = app.CreateClient();
        using (var ok = await client.GetAsync("api/v4/restaurants/7", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // WITH (FORCE) ends the backend's open connections too, as a failover or an operator would.
        await postgres.Server.DropDatabaseAsync(database);

        await AssertGeneric500Async(client, "api/v4/statistics");
        await AssertGeneric500Async(client, "api/v4/restaurants/8");
    }

    [Fact]
    public async Task A_body_with_broken_chunked_framing_is_a_400_naming_the_body()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("strangler-v4-errors-").FullName, "v4.db");
        await using var app = await StartAsync(new() { ["Database:SqlitePath"] = path });
        var token = ContractTokens.Create(Key, "1", "admin", DateTimeOffset.UtcNow.AddMinutes(5));

        var reply = await RawHttp.SendAsync(
            app.BaseAddress,
            $"POST /api/v4/restaurants HTTP/1.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
            "zz\r\n{}\r\n0\r\n\r\n",
            Ct);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        var error = JsonDocument.Parse(reply.Body).RootElement;
        Assert.Equal(400, error.GetProperty("status_code").GetInt32());
        Assert.StartsWith("could not be read", error.GetProperty("details").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
    }

    private static async Task AssertGeneric500Async(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("v4", response.Headers.GetValues("X-Backend").Single());
        Assert.Equal(Generic500, body);
        Assert.All(Internals, text => Assert.DoesNotContain(text, body, StringComparison.OrdinalIgnoreCase));
    }

    private static Task<RunningApp> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Auth:SigningKey"] = Key;
        return RunningApp.StartAsync(V4BackendHost.Build, settings);
    }
}
