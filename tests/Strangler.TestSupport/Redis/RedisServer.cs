using System.Diagnostics;
using System.Net.Sockets;
using StackExchange.Redis;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Servers;

namespace Strangler.TestSupport.Redis;

/// <summary>
/// A throwaway redis-server on a free loopback port (no persistence), or the server named by
/// GATEWAY_TEST_REDIS (host:port). A server this process owns (<see cref="StartOwnedAsync"/>) can
/// be stopped, restarted on the same port, suspended and resumed, to test clients that must
/// survive a restart or a hang.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "GATEWAY_TEST_REDIS";
    public const string Install = "install redis-server (Debian: apt-get install redis-server), or set GATEWAY_TEST_REDIS to host:port";

    /// <summary>For tests that stop, restart, suspend or configure their own server: only the binary will do.</summary>
    public const string InstallBinary = "install redis-server (Debian: apt-get install redis-server); this test stops, restarts or configures a server of its own, so GATEWAY_TEST_REDIS cannot stand in";

    private readonly string? _binary;
    private readonly RedisServerOptions _options;
    private readonly string? _directory;
    private readonly System.Text.StringBuilder _output = new();
    private Process? _process;

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private RedisServer(string host, int port, string? binary, RedisServerOptions options, string? directory)
    {
        Host = host;
        Port = port;
        _binary = binary;
        _options = options;
        _directory = directory;
        if (binary is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
        }
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>"host:port".</summary>
    public string Endpoint => $"{Host}:{Port}";

    /// <summary>True when this process runs the server (false for GATEWAY_TEST_REDIS).</summary>
    public bool Owned => _binary is not null;

    public static string? FindBinary() => ServerProcess.Find("redis-server", ["/usr/bin", "/usr/local/bin"]);

    /// <summary>
    /// The shared server for tests that only send commands: GATEWAY_TEST_REDIS when set (and no
    /// options are given), else a throwaway redis-server; null when neither is available.
    /// </summary>
    public static async Task<RedisServer?> StartAsync(RedisServerOptions? options = null)
    {
        options ??= new RedisServerOptions();
        if (options == new RedisServerOptions() && Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } external)
        {
            var colon = external.LastIndexOf(':');
            var server = new RedisServer(external[..colon], int.Parse(external[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), null, options, null);
            await server.WaitReadyAsync();
            return server;
        }

        return FindBinary() is { } binary ? await LaunchAsync(binary, options) : null;
    }

    /// <summary>
    /// A throwaway redis-server that this process owns, whatever GATEWAY_TEST_REDIS says: for tests
    /// that stop, restart or suspend it, or start it with options. Without the redis-server binary
    /// the calling test is skipped with an install message (failed when CI=true).
    /// </summary>
    public static async Task<RedisServer> StartOwnedAsync(RedisServerOptions? options = null)
    {
        var binary = FindBinary();
        if (binary is null)
        {
            ServerRequirement.Missing("redis-server", InstallBinary);
        }

        return await LaunchAsync(binary!, options ?? new RedisServerOptions());
    }

    private static async Task<RedisServer> LaunchAsync(string binary, RedisServerOptions options)
    {
        var directory = Directory.CreateTempSubdirectory("strangler-redis-").FullName;
        for (var attempt = 1; ; attempt++)
        {
            var redis = new RedisServer("127.0.0.1", FreePort.Next(), binary, options, directory);
            try
            {
                await redis.StartProcessAsync();
                return redis;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                redis.Kill();
            }
        }
    }

    /// <summary>Kills the server (as a crash or failover would) and starts it again on the same port.</summary>
    public async Task RestartAsync()
    {
        EnsureOwned();
        Kill();
        await StartProcessAsync();
    }

    /// <summary>Stops the server; <see cref="StartAgainAsync"/> brings it back on the same port.</summary>
    public void Stop()
    {
        EnsureOwned();
        Kill();
    }

    public Task StartAgainAsync()
    {
        EnsureOwned();
        return StartProcessAsync();
    }

    /// <summary>
    /// Freezes the server process (SIGSTOP), as a hung server or a network partition would: connections
    /// stay open, commands get no reply, until <see cref="ResumeAsync"/>. Unlike CLIENT PAUSE, the
    /// test decides when the hang ends (under CLIENT PAUSE ALL even CLIENT UNPAUSE waits).
    /// </summary>
    public Task SuspendAsync() => SignalAsync("-STOP");

    /// <summary>Lets a suspended server run again (SIGCONT); it then answers the commands that queued up.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    /// <summary>Runs one command through StackExchange.Redis (authenticating when the server has a password), e.g. ExecuteAsync("EXISTS", "key").</summary>
    public async Task<RedisResult> ExecuteAsync(string command, params object[] arguments)
    {
        var options = new ConfigurationOptions { EndPoints = { { Host, Port } }, Password = _options.Password, ConnectTimeout = 2000, AllowAdmin = true };
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        return await connection.GetDatabase().ExecuteAsync(command, arguments);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return ValueTask.CompletedTask;
    }

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo(_binary!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments())
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        _output.Clear();
        _process.OutputDataReceived += (_, e) => Capture(e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitReadyAsync();
    }

    private IEnumerable<string> Arguments()
    {
        yield return "--bind";
        yield return "127.0.0.1";
        yield return "--save";
        yield return string.Empty;
        yield return "--appendonly";
        yield return "no";
        yield return "--dir";
        yield return _directory!;
        if (_options.TlsCertificate is { } tls)
        {
            yield return "--port";
            yield return "0";
            yield return "--tls-port";
            yield return Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return "--tls-cert-file";
            yield return tls.CertificatePem;
            yield return "--tls-key-file";
            yield return tls.KeyPem;
            yield return "--tls-auth-clients";
            yield return "no";
        }
        else
        {
            yield return "--port";
            yield return Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (_options.Password is { } password)
        {
            yield return "--requirepass";
            yield return password;
        }

        if (_options.AclUser is { } user)
        {
            // Each word of the directive is its own argument on redis-server's command line.
            yield return "--user";
            yield return user.Name;
            yield return "on";
            yield return ">" + user.Password;
            yield return "~*";
            yield return "&*";
            yield return "+@all";
        }
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode} (port {Port} taken?): {Output}");
            }

            try
            {
                if (_options.TlsCertificate is not null)
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(Host, Port);
                    return;
                }

                if ((string?)await ExecuteAsync("PING") == "PONG")
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or RedisConnectionException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not become ready");
            }

            await Task.Delay(20);
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 8192)
            {
                _output.AppendLine(line);
            }
        }
    }

    private void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        _process?.Dispose();
        _process = null;
    }

    private async Task SignalAsync(string signal)
    {
        EnsureOwned();
        var pid = _process?.Id ?? throw new InvalidOperationException("the server is stopped");
        var (code, output) = await ServerProcess.RunAsync("kill", [signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (code != 0)
        {
            throw new InvalidOperationException($"kill {signal} {pid} failed ({code}): {output}");
        }
    }

    private void EnsureOwned()
    {
        if (!Owned)
        {
            throw new InvalidOperationException("cannot stop, restart or suspend an external Redis (GATEWAY_TEST_REDIS): start the server with StartOwnedAsync");
        }
    }
}
