using System.Diagnostics;
using System.Text;
using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Waiting;

namespace Strangler.Resp.Tests;

public sealed class RedisClientTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<RedisClient> ConnectAsync(RedisServer? server = null, Func<RedisClientOptions, RedisClientOptions>? adjust = null)
    {
        server ??= redis.Require();
        var options = new RedisClientOptions { Host = server.Host, Port = server.Port };
        return await RedisClient.ConnectAsync(adjust?.Invoke(options) ?? options, Ct);
    }

    [Fact]
    public async Task Ten_thousand_pipelined_commands_from_8_callers_all_get_their_own_reply()
    {
        await using var client = await ConnectAsync();
        var prefix = $"pipeline:{Guid.NewGuid():N}";
        var callers = Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            var pending = new List<Task<bool>>();
            for (var i = 0; i < 1250; i++)
            {
                var key = $"{prefix}:{caller}:{i}";
                var value = $"{caller}-{i}-{new string('x', i % 50)}";
                pending.Add(client.SetAsync(key, Encoding.UTF8.GetBytes(value), TimeSpan.FromMinutes(5), cancellationToken: Ct)
                    .ContinueWith(async _ => Encoding.UTF8.GetString((await client.GetAsync(key, Ct))!) == value, Ct).Unwrap());
            }

            return (await Task.WhenAll(pending)).Count(ok => ok);
        }, Ct)).ToArray();

        var correct = (await Task.WhenAll(callers)).Sum();
        Assert.Equal(10_000, correct);
        Assert.Equal(8 * 1250, await CountKeysAsync(client, prefix + ":*"));
    }

    [Fact]
    public async Task String_commands_behave_as_redis_documents()
    {
        await using var client = await ConnectAsync();
        var key = $"strings:{Guid.NewGuid():N}";
        Assert.Null(await client.GetAsync(key, Ct));
        Assert.True(await client.SetAsync(key, "one"u8.ToArray(), cancellationToken: Ct));
        Assert.False(await client.SetAsync(key, "two"u8.ToArray(), onlyIfAbsent: true, cancellationToken: Ct));
        Assert.Equal("one", Encoding.UTF8.GetString((await client.GetAsync(key, Ct))!));

        var many = await client.GetManyAsync([key, key + ":missing"], Ct);
        Assert.Equal("one", Encoding.UTF8.GetString(many[0]!));
        Assert.Null(many[1]);

        Assert.Equal(5, await client.IncrementAsync(key + ":n", 5, Ct));
        Assert.Equal(7, await client.IncrementAsync(key + ":n", 2, Ct));
        Assert.True(await client.ExpireAsync(key + ":n", TimeSpan.FromMinutes(1), Ct));
        Assert.Equal(2, await client.UnlinkAsync([key, key + ":n"], Ct));
        Assert.Equal(0, await client.DeleteAsync([key], Ct));

        await client.SetAsync(key, "short"u8.ToArray(), TimeSpan.FromMilliseconds(50), cancellationToken: Ct);
        await Eventually.HoldsAsync(async () => await client.GetAsync(key, Ct) is null, "the key to expire", TimeSpan.FromSeconds(5));

        var wrongType = await Assert.ThrowsAsync<RedisServerException>(async () =>
        {
            await client.ExecuteAsync([Encoding.UTF8.GetBytes("LPUSH"), Encoding.UTF8.GetBytes(key + ":list"), "a"u8.ToArray()], Ct);
            await client.IncrementAsync(key + ":list", 1, Ct);
        });
        Assert.Equal("WRONGTYPE", wrongType.Code);
    }

    [Fact]
    public async Task Scripts_run_by_sha_and_load_themselves_when_the_server_does_not_know_them()
    {
        await using var client = await ConnectAsync();
        await client.ExecuteAsync([Encoding.UTF8.GetBytes("SCRIPT"), "FLUSH"u8.ToArray()], Ct);
        const string Script = "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('INCRBY', KEYS[2], ARGV[2])";
        var key = $"script:{Guid.NewGuid():N}";
        var first = await client.EvalAsync(Script, [key, key + ":n"], ["v", "3"], Ct);
        var second = await client.EvalAsync(Script, [key, key + ":n"], ["v", "4"], Ct);
        Assert.Equal((3, 7), (first.Integer, second.Integer));
    }

    [Fact]
    public async Task Scan_finds_every_matching_key()
    {
        await using var client = await ConnectAsync();
        var prefix = $"scan:{Guid.NewGuid():N}";
        for (var i = 0; i < 1234; i++)
        {
            await client.SetAsync($"{prefix}:{i}", "v"u8.ToArray(), TimeSpan.FromMinutes(5), cancellationToken: Ct);
        }

        Assert.Equal(1234, await CountKeysAsync(client, prefix + ":*"));
    }

    [Fact]
    public async Task Commands_after_a_server_restart_succeed()
    {
        await using var server = await RedisServer.StartOwnedAsync();
        await using var client = await ConnectAsync(server, o => o with { ReconnectMaxDelay = TimeSpan.FromMilliseconds(200) });
        await client.SetAsync("before", "1"u8.ToArray(), cancellationToken: Ct);

        await server.RestartAsync();
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    await client.PingAsync(Ct);
                    return true;
                }
                catch (RedisConnectionException)
                {
                    return false;
                }
            },
            "the client to reconnect",
            TimeSpan.FromSeconds(10));

        Assert.True(await client.SetAsync("after", "2"u8.ToArray(), cancellationToken: Ct));
        Assert.Equal("2", Encoding.UTF8.GetString((await client.GetAsync("after", Ct))!));
    }

    [Fact]
    public async Task While_the_server_is_down_commands_fail_at_once_with_a_connection_error()
    {
        await using var server = await RedisServer.StartOwnedAsync();
        await using var client = await ConnectAsync(server, o => o with { CommandTimeout = TimeSpan.FromSeconds(5) });
        server.Stop();
        await Eventually.HoldsAsync(() => !client.IsConnected, "the client to notice", TimeSpan.FromSeconds(10));

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.GetAsync("k", Ct));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        Assert.Contains(server.Endpoint, error.Message, StringComparison.Ordinal);

        await server.StartAgainAsync();
        await Eventually.HoldsAsync(() => client.IsConnected, "the client to reconnect", TimeSpan.FromSeconds(15));
        await client.PingAsync(Ct);
    }

    [Fact]
    public async Task A_command_without_a_reply_in_time_raises_a_clear_timeout()
    {
        await using var client = await ConnectAsync(adjust: o => o with { CommandTimeout = TimeSpan.FromMilliseconds(200) });
        var error = await Assert.ThrowsAsync<RedisTimeoutException>(() =>
            client.ExecuteAsync([Encoding.UTF8.GetBytes("BLPOP"), Encoding.UTF8.GetBytes($"empty:{Guid.NewGuid():N}"), "2"u8.ToArray()], Ct));
        Assert.Contains("BLPOP", error.Message, StringComparison.Ordinal);
        Assert.Contains("200 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_and_acl_user_authentication_work_and_wrong_credentials_are_refused()
    {
        await using var server = await RedisServer.StartOwnedAsync(new RedisServerOptions(Password: "s3cret", AclUser: ("app", "app-pass")));

        await using (var withPassword = await ConnectAsync(server, o => o with { Password = "s3cret" }))
        {
            await withPassword.PingAsync(Ct);
        }

        await using (var withUser = await ConnectAsync(server, o => o with { User = "app", Password = "app-pass" }))
        {
            await withUser.SetAsync("acl", "ok"u8.ToArray(), cancellationToken: Ct);
        }

        var wrong = await Assert.ThrowsAsync<RedisServerException>(() => ConnectAsync(server, o => o with { Password = "wrong" }));
        Assert.Contains("AUTH", wrong.Message, StringComparison.Ordinal);

        await using var anonymous = await ConnectAsync(server);
        Assert.Equal("NOAUTH", (await Assert.ThrowsAsync<RedisServerException>(() => anonymous.PingAsync(Ct))).Code);
    }

    [Fact]
    public async Task A_database_index_is_selected()
    {
        await using var db0 = await ConnectAsync();
        await using var db3 = await ConnectAsync(adjust: o => o with { Database = 3 });
        var key = $"db:{Guid.NewGuid():N}";
        await db3.SetAsync(key, "three"u8.ToArray(), TimeSpan.FromMinutes(1), cancellationToken: Ct);
        Assert.Null(await db0.GetAsync(key, Ct));
        Assert.NotNull(await db3.GetAsync(key, Ct));
    }

    private static async Task<int> CountKeysAsync(RedisClient client, string pattern)
    {
        var count = 0;
        await foreach (var _ in client.ScanAsync(pattern, 200, Ct))
        {
            count++;
        }

        return count;
    }
}
