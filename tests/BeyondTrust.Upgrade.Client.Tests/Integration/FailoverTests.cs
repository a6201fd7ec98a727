using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Tests.Support;

namespace BeyondTrust.Upgrade.Client.Tests.Integration;

/// Failover: state, Sync Now, Break, Inter-Appliance key, Establish and its refusals, against the lab.
public class FailoverTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    private static FailoverEstablishRequest AToB() => new("10.20.0.12", "10.20.0.11");

    [Fact]
    public async Task State_sync_break_and_reestablish()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var a = lab.Client("a");
        using var b = lab.Client("b");

        var state = await a.Management.GetFailoverAsync();
        Assert.Equal("a", state.Appliance);
        Assert.Equal(FailoverRole.Primary, state.Role);
        Assert.StartsWith("sha256:", state.InterApplianceKeyDigest);
        Assert.NotNull(state.InstalledPackage);
        Assert.Equal(FailoverRole.Backup, (await b.Management.GetFailoverAsync()).Role);

        var requestedAt = DateTimeOffset.UtcNow.AddSeconds(-1);
        var sync = await a.Management.StartSyncAsync();
        Assert.Equal(OperationScope.Login, sync.Scope);
        var synced = await a.Operations.WaitAsync(sync, Generous);
        Assert.Equal(OperationKind.Sync, synced.Kind);
        var after = await a.Management.GetFailoverAsync();
        Assert.Equal("Success", after.LastSyncStatus);
        Assert.True(after.LastSyncTime > requestedAt);

        var notPrimary = await Assert.ThrowsAsync<ApplianceRequestException>(() => b.Management.StartSyncAsync());
        Assert.Equal(ErrorIds.NotPrimary, notPrimary.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidOperation, notPrimary.Category);

        await a.Management.BreakFailoverAsync();
        Assert.Equal(FailoverRole.None, (await a.Management.GetFailoverAsync()).Role);
        Assert.Equal(FailoverRole.None, (await b.Management.GetFailoverAsync()).Role);
        var none = await Assert.ThrowsAsync<ApplianceRequestException>(() => a.Management.BreakFailoverAsync());
        Assert.Equal(ErrorIds.NoFailoverRelationship, none.ErrorId);

        var established = await a.Management.EstablishFailoverAsync(AToB());
        Assert.Equal(FailoverRole.Primary, established.Role);
        Assert.Equal("10.20.0.12", established.Peer!.Host);
        Assert.Equal(443, established.Peer.Port);
        await TestTime.UntilAsync(async () => (await a.Management.GetFailoverAsync()).LastSyncTime > after.LastSyncTime, "the first sync after establishing");

        var exists = await Assert.ThrowsAsync<ApplianceRequestException>(() => a.Management.EstablishFailoverAsync(AToB()));
        Assert.Equal(ErrorIds.FailoverRelationshipExists, exists.ErrorId);
    }

    [Fact]
    public async Task Establish_refuses_different_inter_appliance_keys()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var a = lab.Client("a");
        using var b = lab.Client("b");
        await a.Management.BreakFailoverAsync();
        var before = (await b.Management.GetFailoverAsync()).InterApplianceKeyDigest;
        await b.Management.SetInterApplianceKeyAsync(TestFiles.Secure("another-key"));
        var afterDigest = (await b.Management.GetFailoverAsync()).InterApplianceKeyDigest;
        Assert.NotEqual(before, afterDigest);

        var ex = await Assert.ThrowsAsync<ApplianceRequestException>(() => a.Management.EstablishFailoverAsync(AToB()));
        Assert.Equal(ErrorIds.InterApplianceKeyMismatch, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidOperation, ex.Category);

        await a.Management.SetInterApplianceKeyAsync(TestFiles.Secure("another-key"));
        Assert.Equal(FailoverRole.Primary, (await a.Management.EstablishFailoverAsync(AToB())).Role);
    }

    [Fact]
    public async Task Establish_refuses_different_installed_packages()
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var a = lab.Client("a");
        using var b = lab.Client("b");
        await a.Management.BreakFailoverAsync();

        var list = await b.Management.CheckForUpdatesAsync();
        await b.Backup.DownloadAsync(new MemoryStream());
        var op = await b.Management.StartInstallAsync(list.Updates.Single(u => u.Type == UpdateType.Base && u.Installable).Id);
        await b.Operations.WaitAsync(op, Generous);

        var ex = await Assert.ThrowsAsync<ApplianceRequestException>(() => a.Management.EstablishFailoverAsync(AToB()));
        Assert.Equal(ErrorIds.InstalledPackageMismatch, ex.ErrorId);
    }

    [Theory]
    [InlineData("support.example.com", "10.20.0.11")]
    [InlineData("10.20.0.10", "10.20.0.11")]
    [InlineData("10.20.0.12", "10.20.0.10")]
    public async Task Establish_refuses_the_shared_hostname_or_a_shared_ip(string backupHost, string reverseHost)
    {
        await using var lab = await TestLabs.StartAsync("rs-failover-pair");
        using var a = lab.Client("a");
        await a.Management.BreakFailoverAsync();
        var ex = await Assert.ThrowsAsync<ApplianceRequestException>(() => a.Management.EstablishFailoverAsync(new FailoverEstablishRequest(backupHost, reverseHost)));
        Assert.Equal(ErrorIds.SharedHostnameRefused, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.InvalidArgument, ex.Category);
        Assert.Equal(FailoverRole.None, (await a.Management.GetFailoverAsync()).Role);
    }
}
