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
        // RebootHangs holds the reboot for as long as the test looks at the closed port: nothing here races the clock.
        lab.InjectFault(new LabFault { Appliance = "a", Kind = LabFaultKind.RebootHangs });
        var opId = await client.StartInstallAsync("a", "base-7.1.0");
        await TestTime.UntilAsync(() => lab.GetAppliance("a").Rebooting && !lab.GetAppliance("a").Listening, "the appliance reboots and its port is closed");
        using (var tcp = new TcpClient())
        {
            var refused = await Assert.ThrowsAsync<SocketException>(() => tcp.ConnectAsync("127.0.0.1", port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }

        Assert.True(lab.GetAppliance("a").Rebooting, "the reboot lasted until the connection was refused");
        lab.ClearFaults();
        var done = await client.WaitForOperationAsync("a", opId);
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal("7.1.0", (await client.AdminJsonAsync(HttpMethod.Get, "a", "status")).GetProperty("baseVersion").GetString());
        Assert.Equal(["RebootStarted", "ListenerDown", "RebootEnded", "ListenerUp"],
            lab.Events.Where(e => e.Kind is "RebootStarted" or "RebootEnded" or "ListenerDown" or "ListenerUp").Select(e => e.Kind));
    }
}
