using System.Security.Cryptography.X509Certificates;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Rehearsal;

/// <summary>
/// Stands for the site's users during a rehearsal: asks the site address for /check_health every few milliseconds, so
/// that the lab's request record shows when the site was unavailable. The figures come from that record, not from here.
/// </summary>
internal sealed class SiteProber : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SiteProber(LabServer lab, TimeSpan interval)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(), lab.SiteThumbprint, StringComparison.OrdinalIgnoreCase),
        };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        _loop = Task.Run(async () =>
        {
            using (client)
            {
                // A probe starts every interval (start to start), or at once when the previous one took longer.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var next = TimeSpan.Zero;
                while (!_stop.IsCancellationRequested)
                {
                    next += interval;
                    try
                    {
                        using var response = await client.GetAsync(new Uri(lab.SiteUri, "/check_health"), _stop.Token);
                    }
                    catch (Exception) when (!_stop.IsCancellationRequested)
                    {
                        // Refused or reset: the lab records it as status 0.
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    var wait = next - clock.Elapsed;
                    if (wait <= TimeSpan.Zero)
                    {
                        next = clock.Elapsed;
                        continue;
                    }

                    try
                    {
                        await Task.Delay(wait, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        _stop.Dispose();
    }
}
