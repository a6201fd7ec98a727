using System.Security.Cryptography;

namespace BeyondTrust.Upgrade.Lab.Auth;

/// Live OAuth tokens of the API account on one appliance: at most 30, a 31st invalidates the oldest. Real time.
internal sealed class TokenStore
{
    public const int MaxLiveTokens = 30;
    private readonly LinkedList<(string Token, DateTimeOffset Expires)> _live = new();

    public int LiveCount
    {
        get
        {
            lock (_live)
            {
                Prune(DateTimeOffset.UtcNow);
                return _live.Count;
            }
        }
    }

    public string Issue(TimeSpan lifetime)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow;
        lock (_live)
        {
            Prune(now);
            while (_live.Count >= MaxLiveTokens)
            {
                _live.RemoveFirst();
            }

            _live.AddLast((token, now + lifetime));
        }

        return token;
    }

    public bool IsValid(string token)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_live)
        {
            Prune(now);
            foreach (var (t, _) in _live)
            {
                if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(t), System.Text.Encoding.UTF8.GetBytes(token)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    public void ExpireAll()
    {
        lock (_live)
        {
            _live.Clear();
        }
    }

    private void Prune(DateTimeOffset now)
    {
        while (_live.First is { } first && first.Value.Expires <= now)
        {
            _live.RemoveFirst();
        }

        for (var node = _live.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Expires <= now)
            {
                _live.Remove(node);
            }

            node = next;
        }
    }
}
