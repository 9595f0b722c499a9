using System.Net.Sockets;
using System.Text;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Waiting;

namespace Strangler.TestSupport.Tests.Net;

/// <summary>The forwarder in front of a real redis-server, spoken to in inline RESP.</summary>
public sealed class TcpForwarderTests(RedisFixture redis)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forwards_both_ways_to_the_server()
    {
        var server = redis.Require();
        await using var forwarder = TcpForwarder.Start(server.Host, server.Port);
        await using var client = await ClientAsync(forwarder);

        Assert.Equal("+PONG", await client.AskAsync("PING"));
        Assert.Equal("+OK", await client.AskAsync("SET forwarder-marker 1"));
        Assert.Equal(":1", await client.AskAsync("EXISTS forwarder-marker"));
        Assert.Equal(1, forwarder.OpenConnections);
    }

    [Fact]
    public async Task A_black_hole_keeps_connections_open_and_drops_what_is_sent_until_healed()
    {
        var server = redis.Require();
        await using var forwarder = TcpForwarder.Start(server.Host, server.Port);
        await using var before = await ClientAsync(forwarder);
        Assert.Equal("+PONG", await before.AskAsync("PING"));

        forwarder.BlackHole();
        var unanswered = before.AskAsync("PING");
        await using var during = await ClientAsync(forwarder);
        var alsoUnanswered = during.AskAsync("PING");
        await Eventually.HoldsAsync(() => forwarder.DroppedBytes >= 12, "both PINGs to be dropped", Patience);
        Assert.False(unanswered.IsCompleted);
        Assert.False(alsoUnanswered.IsCompleted);
        Assert.Equal(2, forwarder.OpenConnections);

        // Healing resets the connections that lost bytes; new ones are forwarded.
        forwarder.Heal();
        await Assert.ThrowsAnyAsync<IOException>(() => unanswered.WaitAsync(Patience, Ct));
        await Assert.ThrowsAnyAsync<IOException>(() => alsoUnanswered.WaitAsync(Patience, Ct));
        await using var after = await ClientAsync(forwarder);
        Assert.Equal("+PONG", await after.AskAsync("PING"));
    }

    [Fact]
    public async Task A_cut_resets_open_connections_and_refuses_new_ones_until_healed()
    {
        var server = redis.Require();
        await using var forwarder = TcpForwarder.Start(server.Host, server.Port);
        await using var before = await ClientAsync(forwarder);
        Assert.Equal("+PONG", await before.AskAsync("PING"));

        forwarder.Cut();
        await Assert.ThrowsAnyAsync<IOException>(() => before.AskAsync("PING").WaitAsync(Patience, Ct));
        var refused = await Assert.ThrowsAsync<SocketException>(() => ClientAsync(forwarder));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

        var port = forwarder.Port;
        forwarder.Heal();
        Assert.Equal(port, forwarder.Port);
        await using var after = await ClientAsync(forwarder);
        Assert.Equal("+PONG", await after.AskAsync("PING"));
    }

    [Fact]
    public async Task A_server_that_refuses_is_a_refused_link()
    {
        await using var server = await RedisServer.StartOwnedAsync();
        await using var forwarder = TcpForwarder.Start(server.Host, server.Port);
        server.Stop();

        // The forwarder resets the client's connection when the server refuses it: the client meets
        // the reset while its connect completes or at its first read, whichever comes later.
        var refused = await Record.ExceptionAsync(async () =>
        {
            await using var client = await ClientAsync(forwarder);
            await client.AskAsync("PING").WaitAsync(Patience, Ct);
        });
        Assert.True(refused is IOException or SocketException, $"expected a refused link, got {refused?.GetType().Name ?? "an answer"}: {refused?.Message}");
    }

    private static async Task<LineClient> ClientAsync(TcpForwarder forwarder)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(forwarder.Host, forwarder.Port, Ct);
            return new LineClient(tcp);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends one inline command and reads the first line of the reply; a reset or a close is an IOException.</summary>
    private sealed class LineClient(TcpClient tcp) : IAsyncDisposable
    {
        private readonly StreamReader _reader = new(tcp.GetStream(), Encoding.ASCII);

        public async Task<string> AskAsync(string command)
        {
            await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), Ct);
            return await _reader.ReadLineAsync(Ct) ?? throw new IOException("the connection was closed");
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            tcp.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
