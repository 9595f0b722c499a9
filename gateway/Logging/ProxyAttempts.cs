using System.Globalization;
using System.Text;
using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Logging;

/// <summary>
/// The backend attempts of one client request (one, or two after a failover), kept on the request
/// for its access-log line. Only created while the access log is on.
/// </summary>
internal sealed class ProxyAttempts
{
    private readonly List<ProxyAttempt> _attempts = new(2);

    public IReadOnlyList<ProxyAttempt> All => _attempts;

    public void Add(string backend, int status, OutcomeKind outcome, TimeSpan elapsed) =>
        _attempts.Add(new ProxyAttempt(backend, status, outcome, elapsed.TotalMilliseconds));

    /// <summary>For the rendered message: "v4 503 server_error 3.1 ms, v3 200 success 8.2 ms".</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var a in _attempts)
        {
            text.Append(text.Length == 0 ? string.Empty : ", ")
                .Append(CultureInfo.InvariantCulture, $"{a.Backend} {a.Status} {a.Outcome.ToName()} {a.ElapsedMs:0.0} ms");
        }

        return text.ToString();
    }
}

/// <summary>One forwarded attempt: who answered, with what, how it is classified, how long it took.</summary>
internal readonly record struct ProxyAttempt(string Backend, int Status, OutcomeKind Outcome, double ElapsedMs);
