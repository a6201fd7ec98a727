using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using RestSharp.Interceptors;

namespace BeyondTrust.Upgrade.Client.Transport;

/// <summary>
/// Where a successful body streams to (a backup, a package, a certificate), with an observer that sees every chunk
/// (to verify while downloading). Restartable when nothing was written yet or the destination can seek back.
/// </summary>
internal sealed class ResponseSink
{
    private readonly Stream _destination;
    private readonly long _start;
    private readonly Action? _onRestart;

    public ResponseSink(Stream destination, Action<byte[], int, int>? observer = null, Action? onRestart = null)
    {
        _destination = destination ?? throw new ArgumentNullException(nameof(destination));
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream must be writable.", nameof(destination));
        }

        Observer = observer;
        _onRestart = onRestart;
        _start = destination.CanSeek ? destination.Position : 0;
    }

    public Action<byte[], int, int>? Observer { get; set; }

    /// <summary>Told the bytes written and the announced length (Content-Length, null when unknown): at the start, about
    /// every half second while the body streams, and at the end.</summary>
    public Action<long, long?>? Progress { get; set; }

    /// <summary>How often <see cref="Progress"/> is told at most while the body streams.</summary>
    internal static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    public long BytesWritten { get; private set; }

    public bool CanRestart => BytesWritten == 0 || _destination.CanSeek;

    public void Restart()
    {
        if (BytesWritten == 0)
        {
            return;
        }

        if (!_destination.CanSeek)
        {
            throw new InvalidOperationException("The destination cannot be rewound.");
        }

        _destination.SetLength(_start);
        _destination.Position = _start;
        BytesWritten = 0;
        _onRestart?.Invoke();
    }

    public async Task CopyFromAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var total = response.Content.Headers.ContentLength;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        Progress?.Invoke(BytesWritten, total);
        var buffer = new byte[81920];
        while (true)
        {
            var n = await source.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (n <= 0)
            {
                break;
            }

            try
            {
                await _destination.WriteAsync(buffer, 0, n, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new SinkWriteException(ex);
            }

            BytesWritten += n;
            Observer?.Invoke(buffer, 0, n);
            if (Progress is not null && clock.Elapsed - lastReport >= ProgressInterval)
            {
                lastReport = clock.Elapsed;
                Progress(BytesWritten, total);
            }
        }

        await _destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        Progress?.Invoke(BytesWritten, total);
    }
}

/// <summary>Writing to the sink failed (disk full…): not a network failure, never repeated.</summary>
internal sealed class SinkWriteException : Exception
{
    public SinkWriteException(Exception inner)
        : base("Writing the download failed: " + inner.Message, inner)
    {
    }
}

/// <summary>Streams a successful body into the request's sink as soon as headers arrive.</summary>
internal sealed class SinkInterceptor : Interceptor
{
    private readonly ResponseSink _sink;

    public SinkInterceptor(ResponseSink sink)
    {
        _sink = sink;
    }

    public bool Copied { get; private set; }

    public override async ValueTask AfterHttpRequest(HttpResponseMessage responseMessage, CancellationToken cancellationToken)
    {
        if (responseMessage.IsSuccessStatusCode)
        {
            Copied = true;
            await _sink.CopyFromAsync(responseMessage, cancellationToken).ConfigureAwait(false);
        }
    }
}
