using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Servers;

namespace Strangler.TestSupport.Tests;

public sealed class RedisServerTests(RedisFixture redis)
{
    [Fact]
    public async Task The_shared_server_answers_ping()
    {
        var server = redis.Require();
        Assert.Equal("PONG", (string?)await server.ExecuteAsync("PING"));
        Assert.StartsWith("127.0.0.1:", server.Endpoint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restarted_server_answers_on_the_same_port_and_has_lost_its_data()
    {
        await using var server = await RedisServer.StartOwnedAsync();
        Assert.Equal("OK", (string?)await server.ExecuteAsync("SET", "restart-marker", "1"));

        var port = server.Port;
        await server.RestartAsync();

        Assert.Equal(port, server.Port);
        Assert.Equal("PONG", (string?)await server.ExecuteAsync("PING"));
        Assert.True((await server.ExecuteAsync("GET", "restart-marker")).IsNull);
    }

    [Fact]
    public async Task A_suspended_server_keeps_connections_but_answers_only_once_resumed()
    {
        await using var server = await RedisServer.StartOwnedAsync();
        Assert.True(server.Owned);
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(server.Host, server.Port, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(client.GetStream());

        await server.SuspendAsync();
        await client.GetStream().WriteAsync("PING\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        var reply = reader.ReadLineAsync(TestContext.Current.CancellationToken).AsTask();
        await Assert.ThrowsAsync<TimeoutException>(() => reply.WaitAsync(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken));

        await server.ResumeAsync();
        Assert.Equal("+PONG", await reply.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_password_protected_server_refuses_unauthenticated_commands()
    {
        await using var server = await RedisServer.StartOwnedAsync(new RedisServerOptions(Password: "s3cret-pass"));
        Assert.Equal("PONG", (string?)await server.ExecuteAsync("PING"));

        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(server.Host, server.Port, TestContext.Current.CancellationToken);
        await client.GetStream().WriteAsync("PING\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        using var reader = new StreamReader(client.GetStream());
        Assert.StartsWith("-NOAUTH", await reader.ReadLineAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_requirement_policy_fails_in_ci_and_skips_elsewhere(bool inCi)
    {
        var (fail, message) = ServerRequirement.Decide("Redis", RedisServer.Install, inCi);
        Assert.Equal(inCi, fail);
        Assert.Contains("apt-get install redis-server", message, StringComparison.Ordinal);
    }
}
