using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>Connect-Appliance and sessions, against one shared appliance (nothing here changes it).</summary>
public sealed class ConnectApplianceTests : SharedLabTest<RsSingleLab>
{
    public ConnectApplianceTests(RsSingleLab lab)
        : base(lab)
    {
    }

    [Fact]
    public void Connect_Appliance_returns_a_session_that_names_the_product_and_becomes_the_default()
    {
        var run = Ps("$s = Connect-Appliance @A; $s; Get-ApplianceStatus");

        AssertSucceeded(run);
        Assert.Equal(2, run.Output.Count);
        Assert.Equal("Rs", run.Output[0].Properties["Product"].Value.ToString());
        Assert.Equal(Snapshot().SiteVersion, ((dynamic)run.Output[1].Properties["SiteVersion"].Value).VersionText);
    }

    [Fact]
    public void Wrong_api_secret_is_refused_with_InvalidCredentials_and_no_session()
    {
        var parameters = ConnectParameters();
        parameters["ApiCredential"] = Credential(Lab.Credentials.ApiClientId, "wrong-secret");
        parameters.Remove("ApplianceCredential");

        var run = Ps("Connect-Appliance @Bad; Get-ApplianceHealth", new Dictionary<string, object?> { ["Bad"] = parameters });

        AssertErrorId(run, "InvalidCredentials,BeyondTrust.Upgrade.Commands.ConnectApplianceCommand");
        AssertErrorId(run, "NoApplianceSession,BeyondTrust.Upgrade.Commands.GetApplianceHealthCommand");
        Assert.DoesNotContain("wrong-secret", run.AllText);
    }

    [Theory]
    [InlineData("refused credentials")]
    [InlineData("a bad parameter")]
    [InlineData("an unreachable appliance")]
    [InlineData("a password in the address")]
    [InlineData("a retry timeout out of range")]
    public void A_failed_Connect_Appliance_leaves_no_default_session_and_the_earlier_session_answers_only_when_named(string failure)
    {
        var bad = ConnectParameters();
        switch (failure)
        {
            case "refused credentials":
                bad["ApiCredential"] = Credential(Lab.Credentials.ApiClientId, "wrong-secret");
                break;
            case "a bad parameter":
                bad["CertificateThumbprint"] = "not-a-thumbprint";
                break;
            case "a retry timeout out of range":
                bad["RetryTimeout"] = TimeSpan.FromDays(2);
                break;
            case "a password in the address":
                // Named again later by NoApplianceSession: without the password (it is a secret wherever it was typed).
                bad["ComputerName"] = "https://admin:wrong-secret@" + new Uri(bad["ComputerName"]!.ToString()!).Authority + "/";
                break;
            default:
                bad["ComputerName"] = "https://127.0.0.1:1/";
                bad["RetryTimeout"] = TimeSpan.Zero;
                break;
        }

        var run = Ps(
            "$a = Connect-Appliance @A; " +
            "try { Connect-Appliance @Bad -ErrorAction Stop } catch { } " +
            "Get-ApplianceHealth; Get-ApplianceStatus -Session $a | ForEach-Object { 'explicit session still works: ' + $_.Serial }",
            new Dictionary<string, object?> { ["Bad"] = bad });

        AssertErrorId(run, "NoApplianceSession,BeyondTrust.Upgrade.Commands.GetApplianceHealthCommand");
        var noDefault = run.Errors.Concat(run.TerminatingError is null ? [] : [run.TerminatingError])
            .Single(e => e.FullyQualifiedErrorId.StartsWith("NoApplianceSession,", StringComparison.Ordinal));
        Assert.Contains("failed, so no session is the default", noDefault.Exception.Message, StringComparison.Ordinal);
        Assert.Contains(run.Output, o => o.ToString() == "explicit session still works: " + Snapshot().Serial);
        Assert.DoesNotContain("wrong-secret", run.AllText);
    }

    [Fact]
    public void After_a_failed_Connect_Appliance_the_next_successful_one_is_the_default_again()
    {
        var bad = ConnectParameters();
        bad["ApiCredential"] = Credential(Lab.Credentials.ApiClientId, "wrong-secret");

        var run = Ps("Connect-Appliance @A | Out-Null; Connect-Appliance @Bad -ErrorAction SilentlyContinue; Connect-Appliance @A | Out-Null; (Get-ApplianceStatus).Serial",
            new Dictionary<string, object?> { ["Bad"] = bad });

        Assert.Null(run.TerminatingError);
        Assert.Equal([Snapshot().Serial], run.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void No_object_graph_of_a_session_hands_out_a_secret_through_ConvertTo_Json_or_Export_Clixml()
    {
        var clixml = Path.Combine(Scratch, "session.xml");
        var run = Ps(
            "$s = Connect-Appliance @A; Get-ApplianceHealth -Session $s | Out-Null; " +
            "$s | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue; $s.Client.Options | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue; " +
            "$s | Export-Clixml -LiteralPath $Xml -Depth 6; " +
            "foreach ($name in 'ApiCredential', 'AdministratorCredential') { try { $s.Client.Options.$name } catch { $name + ': ' + $_.Exception.Message } }",
            new Dictionary<string, object?> { ["Xml"] = clixml });

        AssertSucceeded(run);
        var written = string.Join("\n", run.Output.Select(o => o?.ToString())) + File.ReadAllText(clixml);
        // The graph was really written down to the connection options, and the credentials cannot be read back.
        Assert.Contains("\"CertificateThumbprint\"", written, StringComparison.Ordinal);
        Assert.Contains(run.Output, o => o.ToString()!.StartsWith("ApiCredential: ", StringComparison.Ordinal) && o.ToString()!.Contains("write-only", StringComparison.Ordinal));
        Assert.Contains(run.Output, o => o.ToString()!.StartsWith("AdministratorCredential: ", StringComparison.Ordinal) && o.ToString()!.Contains("write-only", StringComparison.Ordinal));
        Assert.DoesNotContain(Lab.Credentials.ApiClientSecret, written);
        Assert.DoesNotContain(Lab.Credentials.AdminPassword, written);
    }

    [Fact]
    public void Wrong_pinned_thumbprint_is_refused_with_CertificateThumbprintMismatch()
    {
        var parameters = ConnectParameters();
        parameters["CertificateThumbprint"] = new string('A', 40);

        var run = Ps("Connect-Appliance @Bad", new Dictionary<string, object?> { ["Bad"] = parameters });

        AssertErrorId(run, "CertificateThumbprintMismatch,BeyondTrust.Upgrade.Commands.ConnectApplianceCommand");
        Assert.Empty(run.Output);
    }

    [Fact]
    public void SkipCertificateCheck_connects_and_warns()
    {
        var parameters = ConnectParameters();
        parameters.Remove("CertificateThumbprint");
        parameters["SkipCertificateCheck"] = true;

        var run = Ps("Connect-Appliance @P", new Dictionary<string, object?> { ["P"] = parameters });

        AssertSucceeded(run);
        Assert.Contains(run.Warnings, w => w.Contains("Certificate checks are OFF"));
    }

    [Fact]
    public void A_closed_session_gives_SessionClosed()
    {
        var run = Ps("$s = Connect-Appliance @A; Disconnect-Appliance -Session $s; Get-ApplianceStatus -Session $s");

        AssertErrorId(run, "SessionClosed,BeyondTrust.Upgrade.Commands.GetApplianceStatusCommand");
    }

    [Fact]
    public void Without_any_connection_cmdlets_stop_with_NoApplianceSession()
    {
        var run = Ps("Get-ApplianceUpdate");

        AssertErrorId(run, "NoApplianceSession,BeyondTrust.Upgrade.Commands.GetApplianceUpdateCommand");
    }

    [Fact]
    public void A_malformed_thumbprint_gives_InvalidCertificateThumbprint()
    {
        var parameters = ConnectParameters();
        parameters["CertificateThumbprint"] = "not-a-thumbprint";

        var run = Ps("Connect-Appliance @Bad", new Dictionary<string, object?> { ["Bad"] = parameters });

        AssertErrorId(run, "InvalidCertificateThumbprint,BeyondTrust.Upgrade.Commands.ConnectApplianceCommand");
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("1.00:00:01")]
    public void A_RetryTimeout_outside_0_to_24_hours_is_refused_with_TimeSpanOutOfRange(string timeout)
    {
        var run = Ps("Connect-Appliance @A -RetryTimeout $T", new Dictionary<string, object?> { ["T"] = timeout });

        AssertErrorId(run, "TimeSpanOutOfRange,BeyondTrust.Upgrade.Commands.ConnectApplianceCommand");
        Assert.Empty(run.Output);
    }

    [Fact]
    public void A_session_pipes_into_the_cmdlets()
    {
        var run = Ps("Connect-Appliance @A | Get-ApplianceHealth | ForEach-Object Success");

        AssertSucceeded(run);
        Assert.Equal("True", run.Output.Single().ToString());
    }
}
