namespace Strangler.V4Backend.Services;

/// <summary>Now, at the database's precision (microseconds), so what a write returns equals what later reads return.</summary>
internal sealed class Clock(TimeProvider time)
{
    public DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
    }
}
