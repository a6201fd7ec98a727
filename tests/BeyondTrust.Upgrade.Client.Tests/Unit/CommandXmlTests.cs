using BeyondTrust.Upgrade.Client.Api;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

public class CommandXmlTests
{
    private const string NewNs = "https://www.beyondtrust.com/namespaces/API/command";
    private const string OldNs = "http://www.bomgar.com/namespaces/API/command";

    [Theory]
    [InlineData(NewNs, false)]
    [InlineData(OldNs, true)]
    public void Parses_check_health_in_both_namespaces(string ns, bool legacy)
    {
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <health_check xmlns="{ns}">
              <appliance id="5e4c3c1f-1">a.support.example.com</appliance>
              <version>24.1.2 (build 37402)</version>
              <success>1</success>
              <failover_role>primary</failover_role>
              <enabled_shared_ips><ip>10.20.0.10</ip></enabled_shared_ips>
              <last_data_sync_time ts="1764000000">2025-11-24T16:00:00+00:00</last_data_sync_time>
              <last_data_sync_status>Success</last_data_sync_status>
            </health_check>
            """;
        var h = CommandXml.ParseHealth(xml, null);
        Assert.Equal("a.support.example.com", h.Hostname);
        Assert.Equal("5e4c3c1f-1", h.ApplianceId);
        Assert.Equal(ApplianceVersion.Parse("24.1.2"), h.Version);
        Assert.Equal(37402, h.Version!.Build);
        Assert.True(h.Success);
        Assert.Equal(FailoverRole.Primary, h.FailoverRole);
        Assert.Equal(["10.20.0.10"], h.EnabledSharedIps);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764000000), h.LastDataSyncTime);
        Assert.Equal("Success", h.LastDataSyncStatus);
        Assert.Equal(legacy, h.IsLegacyNamespace);
    }

    [Fact]
    public void Unhealthy_answer_without_optional_elements()
    {
        var h = CommandXml.ParseHealth($"<health_check xmlns=\"{NewNs}\"><appliance id=\"x\">p</appliance><version>23.2</version><success>0</success><error_message>disk</error_message><failover_role>none</failover_role></health_check>", null);
        Assert.False(h.Success);
        Assert.Equal("disk", h.ErrorMessage);
        Assert.Empty(h.EnabledSharedIps);
        Assert.Null(h.LastDataSyncTime);
        Assert.Equal(FailoverRole.None, h.FailoverRole);
    }

    [Theory]
    [InlineData(NewNs)]
    [InlineData(OldNs)]
    public void Error_element_becomes_a_typed_error(string ns)
    {
        var ex = Assert.Throws<ApplianceCommandException>(() =>
            CommandXml.ParseRoleChange($"<error xmlns=\"{ns}\">Unable to reach the peer.</error>", FailoverRole.Backup, "target"));
        Assert.Equal(ErrorIds.CommandFailed, ex.ErrorId);
        Assert.Equal("Unable to reach the peer.", ex.ServerMessage);
        Assert.Equal("set_failover_role", ex.Action);
        Assert.Equal(ApplianceErrorCategory.InvalidOperation, ex.Category);
        Assert.Equal("target", ex.TargetObject);
    }

    [Fact]
    public void Role_change_success_tells_whether_a_sync_started()
    {
        var sync = CommandXml.ParseRoleChange($"<success xmlns=\"{NewNs}\">Successfully started data sync. Role change will occur upon successful completion.</success>", FailoverRole.Backup, null);
        Assert.True(sync.SyncStarted);
        var direct = CommandXml.ParseRoleChange($"<success xmlns=\"{OldNs}\">Successfully changed role.</success>", FailoverRole.Primary, null);
        Assert.False(direct.SyncStarted);
        Assert.Equal(FailoverRole.Primary, direct.RequestedRole);
    }

    [Fact]
    public void Parses_api_info_appliances_and_connected_clients()
    {
        var info = CommandXml.ParseApiInfo($"""
            <api_info xmlns="{NewNs}"><api_version>1.24.1</api_version><timestamp>1764000000</timestamp>
            <permissions><permission name="perm_backup" value="1"/><permission name="perm_command" value="full"/></permissions></api_info>
            """, null);
        Assert.Equal(ApplianceVersion.Parse("1.24.1"), info.ApiVersion);
        Assert.True(info.CanBackup);
        Assert.Equal("full", info.CommandPermission);
        Assert.Null(info.CompanyName);

        var nodes = CommandXml.ParseAppliances($"""
            <appliances xmlns="{NewNs}"><appliance id="g1"><name>m</name><public_hostname>m.example.com</public_hostname>
            <cluster_role>master</cluster_role><failover_role>none</failover_role><accepting_connections>0</accepting_connections>
            <timezone_offset>-18000</timezone_offset></appliance></appliances>
            """, null);
        var n = Assert.Single(nodes);
        Assert.Equal(ClusterRole.Primary, n.ClusterRole);
        Assert.False(n.AcceptingConnections);
        Assert.Equal(-18000, n.TimezoneOffset);

        var clients = CommandXml.ParseConnectedClients($"""
            <connected_client_list xmlns="{NewNs}"><connected_client_summary>
            <appliance_summary id="g1"><count type="representative">3</count><count type="pinned_client">40</count><count type="support_customer">2</count></appliance_summary>
            </connected_client_summary><connected_client type="representative" id="r1"/><connected_client type="support_customer" id="c1"/></connected_client_list>
            """, null);
        Assert.Equal(3, clients.Count("representative"));
        Assert.Equal(40, clients.Count("pinned_client"));
        Assert.Equal(5, clients.InteractiveCount);
        Assert.Equal(2, clients.Clients.Count);
    }

    [Fact]
    public void Malformed_or_unexpected_xml_is_unexpected_response()
    {
        Assert.Equal(ErrorIds.UnexpectedResponse, Assert.Throws<ApplianceDataException>(() => CommandXml.ParseHealth("not xml", null)).ErrorId);
        Assert.Equal(ErrorIds.UnexpectedResponse, Assert.Throws<ApplianceDataException>(() => CommandXml.ParseHealth($"<api_info xmlns=\"{NewNs}\"/>", null)).ErrorId);
        // No DTD processing (no entity expansion).
        Assert.Throws<ApplianceDataException>(() => CommandXml.ParseHealth("<!DOCTYPE x [<!ENTITY a \"b\">]><health_check>&a;</health_check>", null));
    }
}
