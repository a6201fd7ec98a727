namespace BeyondTrust.Upgrade.Lab.Hosting;

/// A remembered answer to a project POST carrying an Idempotency-Key.
internal sealed record CachedResponse(int Status, string? ContentType, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers);

/// Idempotency keys remembered by one appliance (24 vendor hours). A repeat while the first call still runs waits for it.
internal sealed class IdempotencyStore
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// True: the caller owns the key and must call Complete or Abandon. False: <paramref name="first"/> is the first call's answer.
    public bool TryBegin(string key, out Task<CachedResponse?> first)
    {
        lock (_entries)
        {
            var now = DateTimeOffset.UtcNow;
            if (_entries.TryGetValue(key, out var entry) && (entry.Expires is null || entry.Expires > now))
            {
                first = entry.Answer.Task;
                return false;
            }

            _entries[key] = new Entry();
            first = Task.FromResult<CachedResponse?>(null);
            return true;
        }
    }

    public void Complete(string key, CachedResponse response, DateTimeOffset expires)
    {
        lock (_entries)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                entry.Expires = expires;
                entry.Answer.TrySetResult(response);
            }
        }
    }

    /// The call did not act (401, 429, 503, a crash): forget the key; waiters repeat the call themselves.
    public void Abandon(string key)
    {
        lock (_entries)
        {
            if (_entries.Remove(key, out var entry))
            {
                entry.Answer.TrySetResult(null);
            }
        }
    }

    private sealed class Entry
    {
        public TaskCompletionSource<CachedResponse?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DateTimeOffset? Expires { get; set; }
    }
}
