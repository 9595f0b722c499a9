namespace Strangler.V4Backend.Caching;

/// <summary>
/// One read shared by every caller that arrived before it began. A caller that arrives while a read
/// is in flight waits for the next one, which begins as soon as that read ends; so whatever a caller
/// gets was read after it arrived (a write completed before the caller arrived is always seen), while
/// there is never more than one read in flight however many callers there are.
/// </summary>
internal sealed class SharedRead<T>(Func<ValueTask<T>> read)
{
    private readonly Lock _gate = new();
    private bool _reading;
    private TaskCompletionSource<T>? _next;

    public Task<T> ReadAsync()
    {
        lock (_gate)
        {
            if (_reading)
            {
                return (_next ??= new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            _reading = true;
        }

        return LeadAsync();
    }

    private async Task<T> LeadAsync()
    {
        try
        {
            return await read();
        }
        finally
        {
            _ = ServeWaitersAsync();
        }
    }

    /// <summary>Reads again for the callers that arrived during the last read, until none did.</summary>
    private async Task ServeWaitersAsync()
    {
        while (true)
        {
            TaskCompletionSource<T>? waiters;
            lock (_gate)
            {
                waiters = _next;
                _next = null;
                if (waiters is null)
                {
                    _reading = false;
                    return;
                }
            }

            try
            {
                waiters.SetResult(await read());
            }
            catch (Exception e)
            {
                waiters.SetException(e);
            }
        }
    }
}
