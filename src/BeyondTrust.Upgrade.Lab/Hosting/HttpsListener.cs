using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Security.Cryptography.X509Certificates;

namespace BeyondTrust.Upgrade.Lab.Hosting;

/// One Kestrel HTTPS listener on 127.0.0.1 with its own certificate. An empty host: no configuration files,
/// no environment, no logging (the lab never logs a secret), nothing static, so many labs can share a process.
internal sealed class HttpsListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpsListener(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// Binds <paramref name="port"/> (0: a free port, never one a stopped appliance holds: <see cref="ReservedPorts"/>)
    /// and starts serving what <paramref name="configure"/> maps.
    /// <paramref name="selector"/>, when given, picks the certificate for each connection (the site address,
    /// docs/appliance-api.md 3.4); <paramref name="certificate"/> is then the one presented when it answers null.
    public static async Task<HttpsListener> StartAsync(int port, X509Certificate2 certificate, Action<WebApplication> configure, CancellationToken ct, Func<X509Certificate2?>? selector = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var listener = await BindAsync(port, certificate, selector, configure, ct).ConfigureAwait(false);
            if (port != 0 || attempt >= 20 || !ReservedPorts.IsReserved(listener.Port))
            {
                return listener;
            }

            await listener.DisposeAsync().ConfigureAwait(false); // an appliance's port while it reboots: ask for another
        }
    }

    private static async Task<HttpsListener> BindAsync(int port, X509Certificate2 certificate, Func<X509Certificate2?>? selector, Action<WebApplication> configure, CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            k.Listen(IPAddress.Loopback, port, listen =>
            {
                if (selector is null)
                {
                    listen.UseHttps(certificate);
                }
                else
                {
                    listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => selector() ?? certificate);
                }
            });
        });
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var app = builder.Build();
        configure(app);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpsListener(app, new Uri(address).Port);
    }

    /// Stops at once: open connections are closed, new ones refused.
    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            try
            {
                await _app.StopAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
