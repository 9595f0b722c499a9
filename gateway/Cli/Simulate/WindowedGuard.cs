using Strangler.Gateway.Guard;
using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Cli.Simulate;

/// <summary>
/// The guard before the sequential rules, for <c>gateway simulate --guard windowed</c>: each second,
/// the Wilson lower bound (95 %) of v4's error rate over the last 3 seconds (critical threshold) and
/// over the window (critical, then the step's warning threshold), each judged only with at least
/// min_requests in it; a breach acts after 3 breaching evaluations in a row (critical to 0 %, warning
/// to the previous step); when v3's bound breaches the same threshold over the same seconds, a hold
/// (on_shared_failure: hold). Only the error-rate rules: its p95 rules are not simulated. Its
/// windows are whole seconds here (the old guard's included the current, partial second). Mutable,
/// one per run.
/// </summary>
internal sealed class WindowedGuard(GuardPolicy policy)
{
    /// <summary>The retired defaults: 3 consecutive breaches, 95 % one-sided confidence.</summary>
    public const int ConsecutiveBreaches = 3;

    public const int FastSeconds = 3;

    private readonly Backend _v4 = new((int)policy.Window.TotalSeconds);
    private readonly Backend _v3 = new((int)policy.Window.TotalSeconds);
    private int _consecutive;

    /// <summary>Adds a completed second and judges the feature at <paramref name="warning"/>'s step.</summary>
    public (SequentialAction Action, GuardRule? Rule) Observe(SecondCounts v4, SecondCounts v3, Thresholds warning)
    {
        _v4.Add(v4);
        _v3.Add(v3);
        var critical = policy.Critical.MaxErrorPercent;
        (GuardRule? rule, bool fast, double threshold) =
            Breaches(_v4.Fast, critical) ? ((GuardRule?)GuardRule.CriticalErrorRate, true, critical)
            : Breaches(_v4.Full, critical) ? ((GuardRule?)GuardRule.CriticalErrorRate, false, critical)
            : Breaches(_v4.Full, warning.MaxErrorPercent) ? ((GuardRule?)GuardRule.WarningErrorRate, false, warning.MaxErrorPercent)
            : ((GuardRule?)null, false, 0.0);
        if (rule is null)
        {
            _consecutive = 0;
            return (SequentialAction.None, null);
        }

        if (policy.OnSharedFailure == SharedFailurePolicy.Hold && Breaches(fast ? _v3.Fast : _v3.Full, threshold))
        {
            _consecutive = 0;
            return (SequentialAction.Inconclusive, rule);
        }

        if (++_consecutive < ConsecutiveBreaches)
        {
            return (SequentialAction.None, null);
        }

        _consecutive = 0;
        return (rule.Value.IsCritical() ? SequentialAction.RevertToZero : SequentialAction.RevertToPreviousStep, rule);
    }

    /// <summary>Forgets everything (the old guard's evidence restarted on every change).</summary>
    public void Reset()
    {
        _v4.Reset();
        _v3.Reset();
        _consecutive = 0;
    }

    /// <summary>Whether the Wilson lower bound of the window's error rate is above <paramref name="thresholdPercent"/>.</summary>
    internal bool Breaches(SecondCounts window, double thresholdPercent) =>
        window.Requests >= policy.MinRequests && Wilson.Lower(window.Errors, window.Requests) * 100 > thresholdPercent;

    /// <summary>One backend's last seconds as running sums over a ring.</summary>
    private sealed class Backend(int seconds)
    {
        private readonly SecondCounts[] _ring = new SecondCounts[Math.Max(seconds, FastSeconds)];
        private long _added;

        public SecondCounts Full { get; private set; }

        public SecondCounts Fast { get; private set; }

        public void Add(SecondCounts second)
        {
            var length = _ring.Length;
            var slot = (int)(_added % length);
            var leavingFull = _added >= seconds ? _ring[(int)((_added - seconds) % length)] : default;
            var leavingFast = _added >= FastSeconds ? _ring[(int)((_added - FastSeconds) % length)] : default;
            _ring[slot] = second;
            _added++;
            Full = new(Full.Requests + second.Requests - leavingFull.Requests, Full.Errors + second.Errors - leavingFull.Errors);
            Fast = new(Fast.Requests + second.Requests - leavingFast.Requests, Fast.Errors + second.Errors - leavingFast.Errors);
        }

        public void Reset()
        {
            Array.Clear(_ring);
            _added = 0;
            Full = Fast = default;
        }
    }
}
