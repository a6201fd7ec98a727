using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BeyondTrust.Upgrade.Client.Tests.Support;

/// What the raw server does with one request.
internal abstract record RawAction
{
    public static RawAction Respond(int status, string body = "", params (string Name, string Value)[] headers) => new RespondAction(status, body, headers);

    public static RawAction Drop() => new DropAction();

    public static RawAction Hang() => new HangAction();
}

internal sealed record RespondAction(int Status, string Body, (string Name, string Value)[] Headers) : RawAction;

internal sealed record DropAction : RawAction;

internal sealed record HangAction : RawAction;

/// One request the raw server read.
internal sealed record RawRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body);

/// A real HTTP/1.1 server on a loopback TCP socket whose answers a test scripts: answer, drop the connection after
/// reading the request, or never answer. Lets the transport's retry rules be tested on real sockets.
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<RawRequest, int, RawAction> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _count;

    public RawHttpServer(Func<RawRequest, int, RawAction> script, int port = 0)
    {
        _script = script;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public ConcurrentQueue<RawRequest> Requests { get; } = new();

    public static int FreePortThatRefuses()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch
        {
            // stopping
        }
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch
            {
                return;
            }

            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var request = await ReadRequest(stream);
            if (request is null)
            {
                return;
            }

            Requests.Enqueue(request);
            var action = _script(request, Interlocked.Increment(ref _count));
            switch (action)
            {
                case RespondAction r:
                    var body = Encoding.UTF8.GetBytes(r.Body);
                    var head = new StringBuilder($"HTTP/1.1 {r.Status} X\r\nContent-Length: {body.Length}\r\nConnection: close\r\n");
                    foreach (var (name, value) in r.Headers)
                    {
                        head.Append(name).Append(": ").Append(value).Append("\r\n");
                    }

                    head.Append("\r\n");
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
                    await stream.WriteAsync(body);
                    await stream.FlushAsync();
                    break;
                case DropAction:
                    client.Client.LingerState = new LingerOption(true, 0); // RST
                    break;
                case HangAction:
                    try
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    break;
            }
        }
    }

    private static async Task<RawRequest?> ReadRequest(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var n = await stream.ReadAsync(one);
            if (n == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^1] == '\n' && buffer[^2] == '\r' && buffer[^3] == '\n' && buffer[^4] == '\r')
            {
                break;
            }
        }

        var lines = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n");
        var first = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Contains(':')))
        {
            var i = line.IndexOf(':');
            headers[line[..i].Trim()] = line[(i + 1)..].Trim();
        }

        var length = headers.TryGetValue("Content-Length", out var cl) ? int.Parse(cl) : 0;
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await stream.ReadAsync(body.AsMemory(read));
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return new RawRequest(first[0], first[1], headers, Encoding.UTF8.GetString(body));
    }
}
