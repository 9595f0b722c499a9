using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Strangler.TestSupport.Net;

/// <summary>
/// A TCP forwarder between clients and one server (a Redis, a backend), on a free loopback port, that a
/// test can break on demand: <see cref="Cut"/> the link (as a crash or a firewall reject would),
/// <see cref="BlackHole"/> it (as a partition or a hung host would: connections stay up, nothing gets
/// through) and <see cref="Heal"/> it. Clients connect to <see cref="Endpoint"/> instead of the server.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Link, byte> _links = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private Socket? _listener;
    private volatile ForwarderState _state = ForwarderState.Forwarding;
    private long _dropped;

    private TcpForwarder(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
    }

    private enum ForwarderState
    {
        Forwarding,
        BlackHoled,
        Cut,
    }

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>"host:port" to give clients instead of the server's.</summary>
    public string Endpoint => $"{Host}:{Port}";

    /// <summary>Client connections currently open through the forwarder.</summary>
    public int OpenConnections => _links.Count;

    /// <summary>Bytes either side sent that the forwarder dropped (sent into a black hole).</summary>
    public long DroppedBytes => Interlocked.Read(ref _dropped);

    /// <summary>Starts forwarding from a free loopback port to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public static TcpForwarder Start(string targetHost, int targetPort)
    {
        var forwarder = new TcpForwarder(targetHost, targetPort);
        forwarder.Listen(0);
        return forwarder;
    }

    /// <summary>Resets every open connection (both ends see a reset) and refuses new ones until <see cref="Heal"/>.</summary>
    public void Cut()
    {
        lock (_lock)
        {
            _state = ForwarderState.Cut;
            _listener?.Dispose();
            _listener = null;
        }

        foreach (var link in _links.Keys)
        {
            link.Reset();
        }
    }

    /// <summary>
    /// Keeps every connection open and accepts new ones, but forwards nothing in either direction:
    /// what either side sends is read and dropped, so clients wait for answers that never come.
    /// </summary>
    public void BlackHole()
    {
        lock (_lock)
        {
            _state = ForwarderState.BlackHoled;
        }
    }

    /// <summary>
    /// Forwards again: new connections reach the server. Connections that were black-holed are reset
    /// (bytes were lost on them, so their streams cannot continue), which makes clients reconnect.
    /// </summary>
    public void Heal()
    {
        lock (_lock)
        {
            if (_state == ForwarderState.Cut)
            {
                Listen(Port);
            }

            _state = ForwarderState.Forwarding;
        }

        foreach (var link in _links.Keys.Where(l => l.LostBytes))
        {
            link.Reset();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        lock (_lock)
        {
            _listener?.Dispose();
            _listener = null;
        }

        foreach (var link in _links.Keys)
        {
            link.Reset();
        }

        _stopping.Dispose();
    }

    private void Listen(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(128);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = RunAsync(client);
        }
    }

    private async Task RunAsync(Socket client)
    {
        client.NoDelay = true;
        Socket? server = null;
        if (_state == ForwarderState.Forwarding)
        {
            server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await server.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // The server refused: so does the forwarder.
                server.Dispose();
                Link.ResetSocket(client);
                return;
            }
        }

        var link = new Link(client, server);
        _links[link] = 0;
        try
        {
            await Task.WhenAll(PumpAsync(link, client, server), server is null ? Task.CompletedTask : PumpAsync(link, server, client));
        }
        finally
        {
            _links.TryRemove(link, out _);
            link.Reset();
        }
    }

    /// <summary>Copies <paramref name="from"/> to <paramref name="to"/> while forwarding; drops what arrives otherwise.</summary>
    private async Task PumpAsync(Link link, Socket from, Socket? to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    to?.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (_state != ForwarderState.Forwarding || to is null || link.LostBytes)
                {
                    link.LostBytes = true;
                    Interlocked.Add(ref _dropped, read);
                    continue;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            link.Reset();
        }
    }

    /// <summary>One client connection and, when it was accepted while forwarding, its connection to the server.</summary>
    private sealed class Link(Socket client, Socket? server)
    {
        private int _reset;

        /// <summary>Something sent on this link was dropped: it can only be reset now.</summary>
        public bool LostBytes { get; set; } = server is null;

        /// <summary>Closes both ends with a TCP reset, once.</summary>
        public void Reset()
        {
            if (Interlocked.Exchange(ref _reset, 1) == 0)
            {
                ResetSocket(client);
                if (server is not null)
                {
                    ResetSocket(server);
                }
            }
        }

        public static void ResetSocket(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }

            socket.Dispose();
        }
    }
}
