using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Tests.Support;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Client.Tests.Integration;

/// Status, the update list, installs and operation waits against the lab. Tests whose requests the appliance refuses
/// share a lab per sample; a test that installs starts its own.
public class UpdateTests(SharedLabs labs) : IClassFixture<SharedLabs>
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Status_check_list_and_install_a_site_package_with_progress()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = lab.Client();

        var status = await client.Management.GetStatusAsync();
        Assert.Equal("a", status.Appliance);
        Assert.Equal("BT-LAB-0001", status.Serial);
        Assert.Equal(ProductLine.Rs, status.Product);
        Assert.Equal(ApplianceVersion.Parse("7.0.2"), status.BaseVersion);
        Assert.Equal(ApplianceVersion.Parse("23.2.1"), status.SiteVersion);
        Assert.Equal(ApplianceState.Running, status.State);
        Assert.NotNull(status.ApplianceTime);

        Assert.Empty((await client.Management.GetUpdatesAsync()).Updates); // before the first check
        var list = await client.Management.CheckForUpdatesAsync();
        Assert.NotNull(list.CheckedAt);
        Assert.All(list.Updates, u => Assert.Equal("a", u.Appliance));
        var blocked = list.Updates.Single(u => u.Version == ApplianceVersion.Parse("24.1.2"));
        Assert.Equal(UpdateType.Site, blocked.Type);
        Assert.False(blocked.Installable);
        Assert.Equal(ApplianceVersion.Parse("7.1.0"), Assert.Single(blocked.Requires).MinVersion);
        Assert.Contains(list.Updates, u => u.Type == UpdateType.Base && u.Version == ApplianceVersion.Parse("7.1.0"));
        Assert.Contains(list.Updates, u => u.Type == UpdateType.License);
        Assert.Equal(list.Updates.Count, (await client.Management.GetUpdatesAsync()).Updates.Count);

        await client.Backup.DownloadAsync(new MemoryStream()); // backup first (lab invariant)
        var license = list.Updates.Single(u => u.Type == UpdateType.License);
        var op = await client.Management.StartInstallAsync(license.Id);
        Assert.Equal(OperationScope.Appliance, op.Scope);
        var reports = new List<OperationProgress>();
        var done = await client.Operations.WaitAsync(op, Generous, new SyncProgress<OperationProgress>(reports.Add));
        Assert.Equal(OperationState.Succeeded, done.State);
        Assert.Equal(OperationKind.Install, done.Kind);
        Assert.Equal(100, done.PercentComplete);
        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal(op.OperationId, r.OperationId));
        Assert.DoesNotContain((await client.Management.GetUpdatesAsync()).Updates, u => u.Id == license.Id);
        Assert.Empty(lab.Violations);
    }

    [Fact]
    public async Task Blocked_update_is_refused_with_its_requirement()
    {
        var lab = await labs.GetAsync("bomgar-single-legacy");
        using var client = lab.Client();
        var list = await client.Management.CheckForUpdatesAsync();
        var site = list.Updates.Single(u => u.Type == UpdateType.Site);
        Assert.False(site.Installable);
        Assert.Contains("3.2.4 does not satisfy 12.2.0's requirements", site.BlockedReason);

        var ex = await Assert.ThrowsAsync<UpdateBlockedException>(() => client.Management.StartInstallAsync(site.Id));
        Assert.Equal(ErrorIds.UpdateBlockedByRequirement, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidOperation, ex.Category);
        Assert.Equal(409, ex.StatusCode);
        Assert.Contains("3.2.4 does not satisfy 12.2.0's requirements", ex.BlockedReason);
        Assert.Equal("12.1.0", lab.GetAppliance("a").SiteVersion);
    }

    [Fact]
    public async Task Unknown_update_is_not_found()
    {
        var lab = await labs.GetAsync("rs-single");
        using var client = lab.Client();
        var ex = await Assert.ThrowsAsync<ApplianceRequestException>(() => client.Management.StartInstallAsync("site-99.9.9"));
        Assert.Equal(ErrorIds.UpdateNotFound, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.ObjectNotFound, ex.Category);
    }

    [Fact]
    public async Task Failed_install_leaves_the_appliance_on_its_old_version()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = lab.Client();
        var list = await client.Management.CheckForUpdatesAsync();
        await client.Backup.DownloadAsync(new MemoryStream());
        var baseOp = await client.Management.StartInstallAsync(list.Updates.Single(u => u.Type == UpdateType.Base && u.Installable).Id);
        await client.Operations.WaitAsync(baseOp, Generous);
        list = await client.Management.CheckForUpdatesAsync();
        await client.Backup.DownloadAsync(new MemoryStream());
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.FailNextInstall });

        var site = list.Updates.Single(u => u.Type == UpdateType.Site && u.Installable);
        var op = await client.Management.StartInstallAsync(site.Id);
        var ex = await Assert.ThrowsAsync<ApplianceOperationException>(() => client.Operations.WaitAsync(op, Generous));
        Assert.Equal(ErrorIds.InstallFailed, ex.ErrorId);
        Assert.Equal(OperationState.Failed, ex.Operation.State);
        Assert.Contains(site.Id, ex.Message);

        var status = await client.Management.GetStatusAsync();
        Assert.Equal(ApplianceVersion.Parse("23.2.1"), status.SiteVersion);
        Assert.Equal(ApplianceVersion.Parse("7.1.0"), status.BaseVersion);

        // Without throwing, the failed state is returned.
        var final = await client.Operations.WaitAsync(op, Generous, throwOnFailure: false);
        Assert.Equal(OperationState.Failed, final.State);
        Assert.Equal(ErrorIds.InstallFailed, final.ErrorId);
    }

    [Fact]
    public async Task Base_install_reboot_is_waited_out_while_polling()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = lab.Client();
        var list = await client.Management.CheckForUpdatesAsync();
        await client.Backup.DownloadAsync(new MemoryStream());
        var baseUpdate = list.Updates.Single(u => u.Type == UpdateType.Base && u.Version == ApplianceVersion.Parse("7.1.0"));

        // RebootHangs holds the reboot until the poller has reported the appliance unreachable: nothing races the clock.
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.RebootHangs });
        var op = await client.Management.StartInstallAsync(baseUpdate.Id);
        var reports = new List<OperationProgress>();
        var done = await client.Operations.WaitAsync(op, Generous, new SyncProgress<OperationProgress>(r =>
        {
            reports.Add(r);
            if (!r.ApplianceReachable)
            {
                lab.ClearFaults(); // the reboot ends once the poller has seen the closed port
            }
        }));

        Assert.Equal(OperationState.Succeeded, done.State);
        Assert.Contains(reports, r => !r.ApplianceReachable); // connection refused while rebooting: waited out
        Assert.Contains(lab.Events, e => e.Kind == "RebootStarted");
        Assert.Contains(lab.Events, e => e.Kind == "RebootEnded");
        Assert.Equal(ApplianceVersion.Parse("7.1.0"), (await client.Management.GetStatusAsync()).BaseVersion);
        Assert.True((await client.Command.CheckHealthAsync()).Success);
    }

    [Fact]
    public async Task Operation_wait_times_out_and_says_the_operation_goes_on()
    {
        await using var lab = await TestLabs.StartAsync("rs-single", scale: 0.01);
        using var client = lab.Client();
        var list = await client.Management.CheckForUpdatesAsync();
        var op = await client.Management.StartInstallAsync(list.Updates.First(u => u.Type == UpdateType.Base && u.Installable).Id);
        var ex = await Assert.ThrowsAsync<ApplianceTimeoutException>(() => client.Operations.WaitAsync(op, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(ErrorIds.OperationTimedOut, ex.ErrorId);
        Assert.Contains("goes on", ex.Message);

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Operations.WaitAsync(op, Generous, cancellationToken: cts.Token));
    }

    /// Reports synchronously (Progress&lt;T&gt; posts to the thread pool, which would race the assertions).
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
