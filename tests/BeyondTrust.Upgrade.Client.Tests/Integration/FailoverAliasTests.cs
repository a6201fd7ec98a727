using System.Net;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Tests.Plans;

namespace BeyondTrust.Upgrade.Client.Tests.Integration;

/// <summary>The site hostname is refused as a failover connection address without being told it (issue 9, item 12):
/// from the site address, and as any name that resolves to a shared IP of either appliance.</summary>
public sealed class FailoverAliasTests
{
    [Fact]
    public async Task A_name_that_resolves_to_a_shared_IP_is_refused_as_the_site_hostname_before_anything_is_sent()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        await env.First.Client.Management.BreakFailoverAsync();
        var shared = (await env.First.Client.Management.GetNetworkAsync()).Addresses.First(a => a.Shared).Address;
        const string alias = "remote.alias.example.test";
        var dns = FailoverWorkflows.Resolve;
        FailoverWorkflows.Resolve = (host, ct) => host == alias ? Task.FromResult(new[] { IPAddress.Parse(shared) }) : dns(host, ct);
        try
        {
            var ex = await Assert.ThrowsAsync<ApplianceException>(() => FailoverWorkflows.EstablishAsync(env.First, env.Second,
                new EstablishOptions { BackupHost = alias, WaitForFirstSync = false }, null, default));

            Assert.Equal(ErrorIds.SharedHostnameRefused, ex.ErrorId);
            Assert.Contains("resolves to the shared IP " + shared, ex.Message);
            Assert.NotNull(ex.RecommendedAction);
            Assert.DoesNotContain(env.Lab.Events, e => e.Kind == "FailoverEstablished");
        }
        finally
        {
            FailoverWorkflows.Resolve = dns;
        }
    }

    [Fact]
    public async Task The_host_of_the_site_address_is_refused_as_a_connection_address()
    {
        await using var env = await PlanLab.StartAsync("rs-failover-pair");
        await env.First.Client.Management.BreakFailoverAsync();

        var ex = await Assert.ThrowsAsync<ApplianceException>(() => FailoverWorkflows.EstablishAsync(env.First, env.Second,
            new EstablishOptions { ReverseHost = env.Lab.SiteHostname, SiteAddress = new Uri("https://" + env.Lab.SiteHostname + "/"), WaitForFirstSync = false }, null, default));

        Assert.Equal(ErrorIds.SharedHostnameRefused, ex.ErrorId);
        Assert.Contains("is the site hostname", ex.Message);
    }
}
