using System;
using System.Collections.Generic;
using System.IO;
using RestSharp;

namespace BeyondTrust.Upgrade.Client.Transport;

/// <summary>How a request authenticates.</summary>
internal enum AuthMode
{
    /// <summary>No credential (token endpoint adds its own Basic header, update server, /check_health).</summary>
    None,

    /// <summary>Bearer token of the API account.</summary>
    Bearer,

    /// <summary>Basic auth of the /appliance administrator.</summary>
    Administrator,

    /// <summary>Vendor command/backup API: legacy username/password parameters when configured, else Bearer.</summary>
    Command,
}

/// <summary>Whether a call may be repeated after it may have reached the server (timeout, dropped connection).</summary>
internal enum Repeatability
{
    /// <summary>Idempotent (GET, PUT, token): repeat after any transient failure.</summary>
    Idempotent,

    /// <summary>A project POST: an Idempotency-Key is generated once per logical call and reused on repeats.</summary>
    IdempotencyKey,

    /// <summary>Not idempotent (set_failover_role, one-use downloads): repeated only when nothing reached the server (refused, 503, 429).</summary>
    NotAfterSend,
}

/// <summary>One logical call: rebuilt into a fresh RestRequest on every attempt.</summary>
internal sealed class ApiRequest
{
    public ApiRequest(Method method, string path, string description)
    {
        Method = method;
        Path = path.TrimStart('/');
        Description = description;
        Repeat = method == Method.Get || method == Method.Put || method == Method.Delete ? Repeatability.Idempotent : Repeatability.NotAfterSend;
    }

    public Method Method { get; }

    public string Path { get; }

    /// <summary>For messages: "Get status", "Install update site-12.2.0"; never a secret.</summary>
    public string Description { get; }

    public AuthMode Auth { get; set; }

    public Repeatability Repeat { get; set; }

    public string? Accept { get; set; } = "application/json";

    public List<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();

    public List<KeyValuePair<string, string>> Form { get; } = new List<KeyValuePair<string, string>>();

    public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>A JSON body, made at each attempt (so a secret lives only as long as the request).</summary>
    public Func<string>? JsonBody { get; set; }

    /// <summary>A binary body, opened at each attempt.</summary>
    public Func<Stream>? StreamBody { get; set; }

    public string StreamContentType { get; set; } = "application/octet-stream";

    /// <summary>Where a successful (2xx) body is streamed instead of buffered.</summary>
    public ResponseSink? Sink { get; set; }

    public TimeSpan? Timeout { get; set; }

    /// <summary>When false, connection refused is not repeated (the caller, e.g. an operation poller, waits it out itself).</summary>
    public bool RetryWhenUnreachable { get; set; } = true;

    /// <summary>When true, nothing is repeated (refused, dropped, 503, 429): a watch that polls anyway reads the failure as "not yet".</summary>
    public bool SingleAttempt { get; set; }

    /// <summary>What exceptions name as their target (defaults to the appliance).</summary>
    public object? Target { get; set; }

    public string? IdempotencyKey { get; set; }

    public ApiRequest WithQuery(string name, string value)
    {
        Query.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    public ApiRequest WithForm(string name, string value)
    {
        Form.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }
}
