using System;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;

namespace BeyondTrust.Upgrade.Client.Plans;

/// <summary>
/// Measures the site's availability while a plan runs: one unauthenticated <c>GET /check_health</c> at the site
/// address per interval (no retry, no credential), in the background, stopped with the run. A probe that does not
/// answer 200 is a failure; consecutive failures are one outage (from the first failed probe to the first probe that
/// answers again). Records into the state's <see cref="PlanState.SiteAvailability"/> under the state's gate; the
/// runner's next checkpoint writes it.
/// </summary>
internal sealed class SiteAvailabilityMonitor
{
    private readonly PlanState _state;
    private readonly SiteAvailabilityRun _run;
    private readonly Func<(int Window, string? StepId)> _where;
    private readonly ApplianceClient _client;
    private readonly CancellationTokenSource _stop = new CancellationTokenSource();
    private readonly Task _loop;

    private SiteAvailabilityMonitor(PlanState state, SiteAddress site, TimeSpan interval, Func<(int, string?)> where)
    {
        _state = state;
        _where = where;
        _run = new SiteAvailabilityRun { SiteAddress = site.Uri.GetLeftPart(UriPartial.Authority) + "/", StartedAt = DateTimeOffset.UtcNow, Interval = interval };
        var timeout = TimeSpan.FromTicks(Math.Min(Math.Max(interval.Ticks * 2, TimeSpan.FromSeconds(5).Ticks), TimeSpan.FromSeconds(30).Ticks));
        _client = new ApplianceClient(new ApplianceConnectionOptions(site.Uri)
        {
            Name = "site " + site.Uri.Authority,
            CertificateThumbprint = site.CertificateThumbprint,
            SkipCertificateCheck = site.SkipCertificateCheck,
            Retry = RetryPolicy.None,
            RequestTimeout = timeout,
        });
        lock (state.Gate)
        {
            state.SiteAvailability.Add(_run);
        }

        _loop = Task.Run(() => LoopAsync(interval));
    }

    /// <summary>Starts probing when the run was given a site address; null (no probe, ever) without one.</summary>
    public static SiteAvailabilityMonitor? Start(PlanState state, PlanRunOptions options, Func<(int, string?)> where)
    {
        if (options.SiteAddress is null)
        {
            return null;
        }

        var interval = options.SiteProbeInterval > TimeSpan.Zero ? options.SiteProbeInterval : TimeSpan.FromSeconds(5);
        return new SiteAvailabilityMonitor(state, options.SiteAddress, interval, where);
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            var started = DateTimeOffset.UtcNow;
            string? failure;
            try
            {
                var health = await _client.Command.GetPublicHealthAsync(token).ConfigureAwait(false);
                failure = health.IsHealthy ? null : "HTTP " + health.StatusCode;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return; // stopped with the run: this probe does not count
            }
            catch (ApplianceException ex)
            {
                failure = ex.ErrorId;
            }
            catch (Exception ex) when (ex is System.Net.Http.HttpRequestException or System.IO.IOException or OperationCanceledException)
            {
                failure = "no answer";
            }

            Record(started, failure);
            var wait = interval - (DateTimeOffset.UtcNow - started);
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Record(DateTimeOffset at, string? failure)
    {
        var (window, stepId) = _where();
        lock (_state.Gate)
        {
            _run.Probes++;
            var open = _run.Outages.Count > 0 && _run.Outages[_run.Outages.Count - 1].To is null ? _run.Outages[_run.Outages.Count - 1] : null;
            if (failure is null)
            {
                if (open is not null)
                {
                    open.To = at;
                }

                return;
            }

            _run.Failures++;
            if (open is null)
            {
                _run.Outages.Add(new SiteOutage { From = at, Window = window, StepId = stepId, Seen = failure });
            }
            else
            {
                open.Seen = failure;
            }
        }
    }

    /// <summary>Stops probing and closes the run's record (an outage still open ends now).</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        var now = DateTimeOffset.UtcNow;
        lock (_state.Gate)
        {
            _run.EndedAt = now;
            foreach (var outage in _run.Outages)
            {
                outage.To ??= now;
            }
        }

        _client.Dispose();
        _stop.Dispose();
    }
}
