using System.Security.Cryptography;

namespace BeyondTrust.Upgrade.Lab.Auth;

/// Live OAuth tokens of the API accounts of one appliance, each bound to the client id it was issued to: at most 30,
/// a 31st invalidates the oldest. Real time.
internal sealed class TokenStore
{
    public const int MaxLiveTokens = 30;
    private readonly LinkedList<(string Token, DateTimeOffset Expires, string ClientId)> _live = new();

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

    public string Issue(TimeSpan lifetime, string clientId)
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

            _live.AddLast((token, now + lifetime, clientId));
        }

        return token;
    }

    public bool IsValid(string token) => ClientIdOf(token) is not null;

    /// The client id a live token was issued to, or null.
    public string? ClientIdOf(string token)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_live)
        {
            Prune(now);
            foreach (var (t, _, clientId) in _live)
            {
                if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(t), System.Text.Encoding.UTF8.GetBytes(token)))
                {
                    return clientId;
                }
            }

            return null;
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
