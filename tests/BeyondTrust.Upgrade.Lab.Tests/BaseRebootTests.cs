using System.Net.Sockets;
using BeyondTrust.Upgrade.Lab.Tests.Support;

namespace BeyondTrust.Upgrade.Lab.Tests;

/// The reboot at the end of a Base install: the appliance's port refuses connections until the new Base answers.
public sealed class BaseRebootTests
{
    [Fact]
    public async Task Base_install_reboots_the_appliance_and_its_port_refuses_tcp_connections_until_the_new_base_answers()
    {
        await using var lab = await TestLabs.StartAsync("rs-single");
        using var client = new LabClient(lab);
        var port = client.Base("a").Port;
        // The lab clock is slowed in two stages so that a loaded machine cannot miss the reboot between two polls: the
        // install runs at 0.002 (about 2 s), and from 75 % on at 0.01, so that the rest of the install lasts about a
        // second and the 3-minute reboot about two (before, a switch at 75 % from the suite's scale left 0.25 s, which a
        // loaded CI machine missed). Then vendor time runs at real speed while the closed port is looked at, and at the
        // suite's scale again afterwards.
        lab.SetTimeScale(0.002);
        var opId = await client.StartInstallAsync("a", "base-7.1.0");
        await TestTime.UntilAsync(() => lab.GetAppliance("a").CurrentOperationPercent >= 75, "the install is three quarters through");
        lab.SetTimeScale(0.01);
        await TestTime.UntilAsync(() => lab.GetAppliance("a").Rebooting, "the appliance reboots");
        lab.SetTimeScale(1);
        await TestTime.UntilAsync(() => !lab.GetAppliance("a").Listening, "the appliance's port is closed");
        using (var tcp = new TcpClient())
        {
            var refused = await Assert.ThrowsAsync<SocketException>(() => tcp.ConnectAsync("127.0.0.1", port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }

        Assert.True(lab.GetAppliance("a").Rebooting, "the reboot lasted until the connection was refused");
        lab.SetTimeScale(TestTime.Scale);
        var done = await client.WaitForOperationAsync("a", opId);
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal("7.1.0", (await client.AdminJsonAsync(HttpMethod.Get, "a", "status")).GetProperty("baseVersion").GetString());
        Assert.Equal(["RebootStarted", "ListenerDown", "RebootEnded", "ListenerUp"],
            lab.Events.Where(e => e.Kind is "RebootStarted" or "RebootEnded" or "ListenerDown" or "ListenerUp").Select(e => e.Kind));
    }
}
