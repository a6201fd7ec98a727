using System;
using System.Linq;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.JumpClients;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Workflows;

namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>
/// Between two site packages on one appliance (guide 002, Client Upgrades: "allow some time for all Jump Clients to come
/// back online before moving forward"): done once every Jump Client the Configuration API lists is upgraded and has
/// checked in since the site package (<see cref="SiteWaitRule.JumpClientsBackAsync"/>), or once 24 hours have passed since
/// it. Where the API lists none or cannot be read, only the 24 hours count: the run stops with <c>SiteWaitRequired</c>
/// and a later run goes on. A run waits at most <see cref="PlanRunOptions.JumpClientWaitTimeout"/>, then stops with
/// <c>JumpClientsPending</c>; the next run resumes the wait.
/// </summary>
internal sealed class WaitForJumpClientsStep : PlanStepExecutor
{
    public override Task ActAsync(StepContext c) => Task.CompletedTask;

    public override async Task VerifyAsync(StepContext c)
    {
        var session = c.Session();
        var install = c.Plan.Steps.Last(s => s.Number < c.Step.Number && s.Action == PlanAction.Install);
        // Check-ins count from when the install was sent (the site is down during it: no client connects in between);
        // the 24 hours from when it was seen done, as the ledger counts them.
        var installed = c.State.GetStep(install.Id);
        var since = installed.ActedAt ?? installed.FinishedAt ?? DateTimeOffset.UtcNow;
        var allowedFrom = (installed.FinishedAt ?? since) + UpdatePathPlanner.SiteWait;
        var deadline = DateTimeOffset.UtcNow + c.Options.JumpClientWaitTimeout;
        while (true)
        {
            if (DateTimeOffset.UtcNow >= allowedFrom)
            {
                c.Report(PlanProgressKind.Waiting, "24 hours have passed since " + install.PackageName + " on " + session.Name + ": the next site package may follow.");
                return;
            }

            System.Collections.Generic.IReadOnlyList<JumpClient> clients;
            try
            {
                clients = await session.Client.Config.GetJumpClientsAsync(null, Api.ConfigApi.MaxPageSize, c.Token).ConfigureAwait(false);
            }
            catch (ApplianceException ex)
            {
                throw Wait(c, install, since, allowedFrom, "the Configuration API could not be read (" + ex.ErrorId + ")");
            }

            if (SiteWaitRule.JumpClientsBack(session.Name, clients, since) is { } back)
            {
                c.Report(PlanProgressKind.Waiting, back);
                return;
            }

            var status = JumpClientUpgrades.Summarize(session.Name, session.BaseUri, clients, DateTimeOffset.UtcNow);
            if (status.Total - status.Lost == 0)
            {
                throw Wait(c, install, since, allowedFrom, "the Configuration API lists no Jump Client to watch");
            }

            c.Report(PlanProgressKind.Waiting, "Jump Clients after " + install.PackageName + ": " + status);
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new ApplianceException(PlanErrorIds.JumpClientsPending, ApplianceErrorCategory.OperationTimeout,
                    "After " + Internal.Text.Duration(c.Options.JumpClientWaitTimeout) + " " + status + " (still pending: " + string.Join(", ", status.PendingClients.Take(10))
                    + (status.PendingClients.Count > 10 ? ", …" : string.Empty) + "). Run the plan again to go on waiting, until " + Utc(allowedFrom) + " at most.", status)
                { ApplianceUri = session.BaseUri };
            }

            // One read of the list per poll interval per page: a large fleet of Jump Clients is read less often, so the
            // account stays well within the API's rate limit.
            var interval = TimeSpan.FromTicks(session.Client.Options.BoundedPollInterval.Ticks * Math.Max(1, (clients.Count + Api.ConfigApi.MaxPageSize - 1) / Api.ConfigApi.MaxPageSize));
            await session.Client.Transport.Delay(left < interval ? left : interval, c.Token).ConfigureAwait(false);
        }
    }

    private static ApplianceException Wait(StepContext c, PlanStep install, DateTimeOffset since, DateTimeOffset allowedFrom, string why) =>
        SiteWaitRule.Refusal(c.Session().Profile, c.Session().Name, c.Plan.Steps.FirstOrDefault(s => s.Number > c.Step.Number && s.Action == PlanAction.Install && s.PackageType == "Site")?.PackageName ?? "the next site package",
            (install.PackageName ?? "the site package") + " (" + why + ", so only the 24 hours count)", since, allowedFrom, UpdatePathPlanner.SiteWait);

    private static string Utc(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
}
