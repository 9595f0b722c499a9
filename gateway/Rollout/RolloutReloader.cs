using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Rollout;

/// <summary>
/// Reads rollout.json and applies it when its content changed. A content hash makes it apply once
/// per revision however many file events one save produces; an invalid revision is logged once and
/// recorded in the status while the previous revision keeps serving. Content that reads as invalid
/// is read again after a quiet moment and judged only if it stayed the same: a file written in place
/// is empty or cut short until its writer finishes, and that is no revision to reject.
/// Thread-safe: calls are serialised.
/// </summary>
internal sealed partial class RolloutReloader(RolloutRuntime runtime, TimeProvider time, IOptions<GatewayOptions> options, ILogger<RolloutReloader> logger)
{
    private const string MissingFileHash = "missing";

    /// <summary>Re-reads of content that keeps changing before the last read is judged anyway.</summary>
    private const int MaxSettleReads = 10;

    /// <summary>However often the file's size and time say nothing changed, a poll reads it at least this often.</summary>
    private static readonly TimeSpan FullReadInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _lastSeenHash;
    private (bool Exists, long Length, DateTime WrittenAt) _lastPolled;
    private int _pollsSinceRead;

    /// <summary>
    /// The backstop check between file events (called from one loop): reads and hashes the file only
    /// when its size or write time changed since the last poll, or when <see cref="FullReadInterval"/>
    /// passed without a read (a replacement that kept both). A large rollout read every two seconds
    /// cost a few percent of a core at idle, and a large-object allocation each time.
    /// </summary>
    public async Task<bool> PollAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        var seen = file.Exists ? (true, file.Length, file.LastWriteTimeUtc) : default;
        var readEvery = Math.Max(1, (int)(FullReadInterval / options.Value.ReloadPollInterval));
        if (seen == _lastPolled && ++_pollsSinceRead < readEvery)
        {
            return false;
        }

        _lastPolled = seen;
        _pollsSinceRead = 0;
        return await CheckAsync(path, cancellationToken);
    }

    /// <summary>Checks the file now; returns true when a new revision was applied.</summary>
    public async Task<bool> CheckAsync(string path, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // The poll runs every few seconds: an unchanged file costs one read and a hash, not a parse.
            if ((RolloutFileLoader.ContentHashOf(path) ?? MissingFileHash) == _lastSeenHash)
            {
                return false;
            }

            var result = RolloutFileLoader.Load(path, runtime.View.Snapshot);
            for (var read = 0; !result.IsValid && (result.ContentHash ?? MissingFileHash) != _lastSeenHash && read < MaxSettleReads; read++)
            {
                // Real time, like the file events: the writer works on the real clock whatever the gateway's is.
                await Task.Delay(options.Value.ReloadDebounce, cancellationToken);
                var again = RolloutFileLoader.Load(path, runtime.View.Snapshot);
                if (again.ContentHash == result.ContentHash)
                {
                    break;
                }

                result = again;
            }

            return Check(path, result);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Records the revision that start-up applied, so the first check does not apply it again.</summary>
    public void MarkApplied(string contentHash) => _lastSeenHash = contentHash;

    private bool Check(string path, RolloutLoadResult result)
    {
        var hash = result.ContentHash ?? MissingFileHash;
        if (hash == _lastSeenHash)
        {
            return false;
        }

        _lastSeenHash = hash;
        if (result.Snapshot is { } snapshot)
        {
            var previous = runtime.View.Snapshot?.ShortRevision;
            runtime.Apply(snapshot, time.GetUtcNow());
            LogApplied(logger, path, previous ?? "none", snapshot.ShortRevision, snapshot.Features.Length);
            foreach (var warning in result.Warnings)
            {
                LogWarning(logger, warning.ToString());
            }

            return true;
        }

        runtime.Reject(new ConfigFailure(result.ContentHash, time.GetUtcNow(), result.Errors));
        LogRejected(logger, path, result.Errors.Length, string.Join(Environment.NewLine, result.Errors.Select(e => e.ToString())));
        return false;
    }


    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Applied {RolloutFile} revision {Revision} (was {PreviousRevision}); {FeatureCount} features")]
    private static partial void LogApplied(ILogger logger, string rolloutFile, string previousRevision, string revision, int featureCount);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Rejected {RolloutFile}: {ErrorCount} errors; the previous revision keeps serving.\n{Errors}")]
    private static partial void LogRejected(ILogger logger, string rolloutFile, int errorCount, string errors);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogWarning(ILogger logger, string warning);
}
