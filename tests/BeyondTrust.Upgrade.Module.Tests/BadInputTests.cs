using System.Management.Automation;
using BeyondTrust.Upgrade.Module.Tests.Support;

namespace BeyondTrust.Upgrade.Module.Tests;

/// <summary>
/// Every parameter is validated before anything is sent (issue 9, item 13): each bad input below fails with a stable
/// module id (never a .NET type name, RuntimeException or UnexpectedError), the id's category, a target and advice in
/// ErrorDetails.RecommendedAction; nothing changes on the lab; and the failure terminates when the whole call is
/// wrong (a parameter) but not when one piped item is (the good ones go on). The review's seven classes are here:
/// wildcards in exact names, a folder where a file is expected, negative time spans, a path and query in an
/// appliance address, and the raw .NET ids they gave.
/// </summary>
public sealed class BadInputTests : SharedLabTest<RsPairLab>
{
    private const string Terminated = "##TERMINATED##";

    /// <summary>Lab events that would mean the bad input changed something.</summary>
    private static readonly string[] ChangeKinds =
        { "Install", "Backup", "Failover", "Sync", "Restore", "SettingChanged", "RoleChanged", "SetFailoverRole", "PackageDownloaded", "CertificateExported", "SharedIp" };

    private const string CommonSetup =
        "$ErrorActionPreference = 'Stop'\n$sa = Connect-Appliance @A -Name A; $sb = Connect-Appliance @B -Name B\n" +
        "$closed = Connect-Appliance @A -Name Closed; Disconnect-Appliance -Session $closed\n" +
        "$folder = Join-Path $Scratch 'folder'; New-Item -ItemType Directory -Path $folder | Out-Null\n" +
        "$file = Join-Path $Scratch 'file.txt'; Set-Content -LiteralPath $file -Value 'x'\n" +
        "$authority = ([uri]$A.ComputerName).Authority\n" +
        "$p = $A.Clone(); $p.Remove('ComputerName')\n";

    private const string PlanSetup =
        "$plan = New-ApplianceUpgradePlan -Session $sa -PeerSession $sb -Strategy Synchronous -IgnoreSiteWait -WarningAction SilentlyContinue\n" +
        "$planFile = Join-Path $Scratch 'plan.json'; $plan | Export-ApplianceUpgradePlan -Path $planFile | Out-Null\n";

    public BadInputTests(RsPairLab lab)
        : base(lab)
    {
        EventsBefore = Lab.Events.Count;
    }

    public static TheoryData<BadInput> Inputs() => new()
    {
        // Connect-Appliance: an address is never cut down silently; a session name is never a pattern.
        new("Connect: a path in the address", "Connect-Appliance @p -ComputerName \"https://$authority/login\"", "InvalidApplianceAddress", ErrorCategory.InvalidArgument, true),
        new("Connect: a query in the address", "Connect-Appliance @p -ComputerName \"https://$authority/?tenant=1\"", "InvalidApplianceAddress", ErrorCategory.InvalidArgument, true),
        new("Connect: a path and a query in the address", "Connect-Appliance @p -ComputerName \"$authority/appliance?x=1\"", "InvalidApplianceAddress", ErrorCategory.InvalidArgument, true),
        new("Connect: a fragment in the address", "Connect-Appliance @p -ComputerName \"https://$authority/#top\"", "InvalidApplianceAddress", ErrorCategory.InvalidArgument, true),
        new("Connect: user info in the address", "Connect-Appliance @p -ComputerName \"https://admin:Hunter2Secret@$authority/\"", "InvalidApplianceAddress", ErrorCategory.InvalidArgument, true, Forbidden: "Hunter2Secret"),
        new("Connect: an http address", "Connect-Appliance @p -ComputerName \"http://$authority\"", "InvalidApplianceAddress", ErrorCategory.InvalidArgument, true),
        new("Connect: another scheme", "Connect-Appliance @p -ComputerName \"ftp://$authority\"", "InvalidApplianceAddress", ErrorCategory.InvalidArgument, true),
        new("Connect: a space in the host", "Connect-Appliance @p -ComputerName 'appliance one.example.com'", "InvalidApplianceAddress", ErrorCategory.InvalidArgument, true),
        new("Connect: a wildcard in the host", "Connect-Appliance @p -ComputerName 'appliance*.example.com'", "InvalidApplianceAddress", ErrorCategory.InvalidArgument, true),
        new("Connect: one bad piped address among good ones", "\"https://$authority/login\", $A.ComputerName | Connect-Appliance @p | ForEach-Object { 'connected:' + $_.BaseUri }",
            "InvalidApplianceAddress", ErrorCategory.InvalidArgument, false, MustOutput: "connected:"),
        new("Connect: a wildcard in the session name", "Connect-Appliance @A -Name 'A*'", "InvalidSessionName", ErrorCategory.InvalidArgument, true),
        new("Connect: a negative retry timeout", "Connect-Appliance @A -RetryTimeout ([timespan]'-00:00:05')", "TimeSpanOutOfRange", ErrorCategory.InvalidArgument, true),
        new("Connect: an absurd retry timeout", "Connect-Appliance @A -RetryTimeout ([timespan]'30.00:00:00')", "TimeSpanOutOfRange", ErrorCategory.InvalidArgument, true),
        new("Connect: a thumbprint that is not hex", "Connect-Appliance @p -ComputerName $A.ComputerName -CertificateThumbprint 'not-a-thumbprint'", "InvalidCertificateThumbprint", ErrorCategory.InvalidArgument, true),

        // Time spans everywhere.
        new("Get-ApplianceUpdatePath: a negative site wait", "Get-ApplianceUpdatePath -Session $sa -SiteWait ([timespan]'-01:00:00')", "TimeSpanOutOfRange", ErrorCategory.InvalidArgument, true),
        new("Get-ApplianceUpdatePath: an absurd site wait", "Get-ApplianceUpdatePath -Session $sa -SiteWait ([timespan]'400.00:00:00')", "TimeSpanOutOfRange", ErrorCategory.InvalidArgument, true),
        new("Get-ApplianceDownloadKey: a zero clock tolerance", "Get-ApplianceDownloadKey -Session $sa -ClockTolerance ([timespan]::Zero)", "TimeSpanOutOfRange", ErrorCategory.InvalidArgument, true),
        new("Test-ApplianceClock: a negative tolerance", "Test-ApplianceClock -Session $sa -Tolerance ([timespan]'-00:01:00')", "TimeSpanOutOfRange", ErrorCategory.InvalidArgument, true),
        new("Invoke-ApplianceUpgradePlan: a zero drain timeout", "Invoke-ApplianceUpgradePlan -Session $sa -Plan ([BeyondTrust.Upgrade.Client.Plans.UpgradePlan]::new()) -StatePath 'x.json' -BackupPath '.' -DrainTimeout ([timespan]::Zero) -Force", "TimeSpanOutOfRange", ErrorCategory.InvalidArgument, true),
        new("Sync-Failover: a zero timeout", "Sync-Failover -Session $sa -Timeout ([timespan]::Zero) -Confirm:$false", "TimeSpanOutOfRange", ErrorCategory.InvalidArgument, true),
        new("Sync-Failover: a bare number taken as ticks", "Sync-Failover -Session $sa -Timeout 30 -Confirm:$false", "TimeSpanOutOfRange", ErrorCategory.InvalidArgument, true),
        new("Test-ApplianceSiteAddress: a negative timeout", "Test-ApplianceSiteAddress -Session $sa -SiteAddress \"https://$authority\" -Timeout ([timespan]'-00:00:10')", "TimeSpanOutOfRange", ErrorCategory.InvalidArgument, true),

        // Site and update server addresses.
        new("Test-ApplianceSiteAddress: a path and query", "Test-ApplianceSiteAddress -Session $sa -SiteAddress \"https://$authority/login?x=1\"", "InvalidSiteAddress", ErrorCategory.InvalidArgument, true),
        new("Test-ApplianceSiteAddress: an http address", "Test-ApplianceSiteAddress -Session $sa -SiteAddress \"http://$authority\"", "InvalidSiteAddress", ErrorCategory.InvalidArgument, true),
        new("Test-ApplianceSiteAddress: a thumbprint that is not hex", "Test-ApplianceSiteAddress -Session $sa -SiteAddress \"https://$authority\" -CertificateThumbprint 'xyz'", "InvalidCertificateThumbprint", ErrorCategory.InvalidArgument, true),
        new("New-ApplianceUpgradePlan: user info in the site address", "New-ApplianceUpgradePlan -Session $sa -Strategy Single -SiteAddress 'https://u:Hunter2Secret@support.example.com'", "InvalidSiteAddress", ErrorCategory.InvalidArgument, true, Forbidden: "Hunter2Secret"),
        new("New-ApplianceUpgradePlan: a URL as the site hostname", "New-ApplianceUpgradePlan -Session $sa -Strategy Single -SiteHostname 'https://support.example.com/'", "InvalidSiteAddress", ErrorCategory.InvalidArgument, true),
        new("New-ApplianceUpgradePlan: a target that is not a version", "New-ApplianceUpgradePlan -Session $sa -Strategy Single -TargetVersion 'latest'", "InvalidTargetVersion", ErrorCategory.InvalidArgument, true),
        new("Get-ApplianceUpdatePath: a target that is not a version", "Get-ApplianceUpdatePath -Session $sa -TargetVersion '24.x'", "InvalidTargetVersion", ErrorCategory.InvalidArgument, true),
        new("Save-AppliancePackage: a path in the update server", "Save-AppliancePackage -Key 'k' -Path $folder -Name x -UpdateServer 'https://updates.example.com/api?x=1'", "InvalidUpdateServer", ErrorCategory.InvalidArgument, true),
        new("Save-AppliancePackage: an http update server", "Save-AppliancePackage -Key 'k' -Path $folder -Name x -UpdateServer 'http://updates.example.com'", "InvalidUpdateServer", ErrorCategory.InvalidArgument, true),
        new("Save-AppliancePackage: a thumbprint that is not hex", "Save-AppliancePackage -Key 'k' -Path $folder -Name x -CertificateThumbprint 'zz'", "InvalidCertificateThumbprint", ErrorCategory.InvalidArgument, true),
        new("Save-AppliancePackage: a file where a folder is expected", "Save-AppliancePackage -Key 'k' -Path $file -Name x", "PathNotAFolder", ErrorCategory.InvalidArgument, true),

        // Failover parameters.
        new("New-FailoverRelationship: port 0", "New-FailoverRelationship -Session $sa -BackupSession $sb -BackupPort 0 -Confirm:$false", "InvalidPort", ErrorCategory.InvalidArgument, true),
        new("New-FailoverRelationship: port 70000", "New-FailoverRelationship -Session $sa -BackupSession $sb -ReversePort 70000 -Confirm:$false", "InvalidPort", ErrorCategory.InvalidArgument, true),
        new("New-FailoverRelationship: a URL as the backup host", "New-FailoverRelationship -Session $sa -BackupSession $sb -BackupHost 'https://b.example.com/x' -Confirm:$false", "InvalidApplianceAddress", ErrorCategory.InvalidArgument, true),
        new("New-FailoverRelationship: another scheme for the site", "New-FailoverRelationship -Session $sa -BackupSession $sb -SiteAddress 'ftp://support.example.com' -Confirm:$false", "InvalidSiteAddress", ErrorCategory.InvalidArgument, true),
        new("Set-SharedIpEnabled: a wildcard address", "Set-SharedIpEnabled -Session $sa -Address '10.0.0.*' -Enabled $false -Confirm:$false", "InvalidIpAddress", ErrorCategory.InvalidArgument, false),

        // Installs: exact names, piped items, sessions.
        new("Install-ApplianceUpdate: a wildcard name", "Install-ApplianceUpdate -Session $sa -Name 'Base*' -Confirm:$false", "WildcardNotSupported", ErrorCategory.InvalidArgument, true),
        new("Install-ApplianceUpdate: a bracket pattern", "Install-ApplianceUpdate -Session $sa -Name '[ab]*' -WhatIf", "WildcardNotSupported", ErrorCategory.InvalidArgument, true),
        new("Install-ApplianceUpdate: $null from the pipeline", "$null | Install-ApplianceUpdate -Session $sa -Confirm:$false", "NullInput", ErrorCategory.InvalidArgument, false),
        new("Install-ApplianceUpdate: another appliance's updates with -Session", "Get-ApplianceUpdate -Session $sb -Refresh | Install-ApplianceUpdate -Session $sa -Confirm:$false", "SessionApplianceMismatch", ErrorCategory.InvalidArgument, false),
        new("Install-ApplianceUpdate: a folder as a package file", "Install-ApplianceUpdate -Session $sa -Path $folder -Confirm:$false", "PathNotAFile", ErrorCategory.InvalidArgument, false),
        new("Install-ApplianceUpdate: a package file that does not exist", "Install-ApplianceUpdate -Session $sa -Path (Join-Path $Scratch 'missing.pkg') -Confirm:$false", "FileNotFound", ErrorCategory.ObjectNotFound, false),
        new("Install-ApplianceUpdate: a closed session", "Install-ApplianceUpdate -Session $closed -Name 'x' -Confirm:$false", "SessionClosed", ErrorCategory.ConnectionError, true),
        new("Get-ApplianceStatus: a closed session", "Get-ApplianceStatus -Session $closed", "SessionClosed", ErrorCategory.ConnectionError, true),

        // Plans: hand-edited files, $null plans, site addresses.
        new("Import-ApplianceUpgradePlan: a step removed", "$j = Get-Content -Raw $planFile | ConvertFrom-Json; $j.steps = @($j.steps | Select-Object -Skip 1); $j | ConvertTo-Json -Depth 20 | Set-Content $planFile; Import-ApplianceUpgradePlan -Path $planFile",
            "PlanInvalid", ErrorCategory.InvalidData, false, Setup: PlanSetup),
        new("Import-ApplianceUpgradePlan: an unknown strategy", "(Get-Content -Raw $planFile) -replace '\"strategy\": \"Synchronous\"', '\"strategy\": \"Sideways\"' | Set-Content $planFile; Import-ApplianceUpgradePlan -Path $planFile",
            "PlanInvalid", ErrorCategory.InvalidData, false, Setup: PlanSetup),
        new("Import-ApplianceUpgradePlan: a step on an appliance the plan lacks", "$j = Get-Content -Raw $planFile | ConvertFrom-Json; $j.steps[0].appliance = 'C'; $j | ConvertTo-Json -Depth 20 | Set-Content $planFile; Import-ApplianceUpgradePlan -Path $planFile",
            "PlanInvalid", ErrorCategory.InvalidData, false, Setup: PlanSetup),
        new("Import-ApplianceUpgradePlan: a folder", "Import-ApplianceUpgradePlan -Path $folder", "PathNotAFile", ErrorCategory.InvalidArgument, false),
        new("Export-ApplianceUpgradePlan: $null from the pipeline", "$null | Export-ApplianceUpgradePlan -Path (Join-Path $Scratch 'p.json')", "NullInput", ErrorCategory.InvalidArgument, false),
        new("Invoke-ApplianceUpgradePlan: $null from the pipeline", "$null | Invoke-ApplianceUpgradePlan -Session $sa -StatePath (Join-Path $Scratch 's.json') -BackupPath $folder -Confirm:$false", "NullInput", ErrorCategory.InvalidArgument, false),
        new("Invoke-ApplianceUpgradePlan: a path in the site address", "Invoke-ApplianceUpgradePlan -Plan $plan -Session $sa -PeerSession $sb -StatePath (Join-Path $Scratch 's.json') -BackupPath $folder -SiteAddress 'https://support.example.com/login' -Confirm:$false",
            "InvalidSiteAddress", ErrorCategory.InvalidArgument, true, Setup: PlanSetup),
        new("Invoke-ApplianceUpgradePlan: a thumbprint that is not hex", "Invoke-ApplianceUpgradePlan -Plan $plan -Session $sa -PeerSession $sb -StatePath (Join-Path $Scratch 's.json') -BackupPath $folder -SiteThumbprint 'abc' -Confirm:$false",
            "InvalidCertificateThumbprint", ErrorCategory.InvalidArgument, true, Setup: PlanSetup),

        // Files and the rest.
        new("Test-ApplianceBackup: a folder", "Test-ApplianceBackup -Path $folder", "PathNotAFile", ErrorCategory.InvalidArgument, false),
        new("Restore-ApplianceBackup: a folder", "Restore-ApplianceBackup -Session $sa -Path $folder -Confirm:$false", "PathNotAFile", ErrorCategory.InvalidArgument, false),
        new("Invoke-ApplianceBackup: a path of another provider", "Invoke-ApplianceBackup -Session $sa -Path 'Env:\\PATH'", "PathInvalid", ErrorCategory.InvalidArgument, true),
        new("Clear-ApplianceHandsOff: one bad address among good ones", "Clear-ApplianceHandsOff -ComputerName \"https://$authority/login\", $A.ComputerName -PassThru -Confirm:$false | ForEach-Object { 'record:' + $_ }",
            "InvalidApplianceAddress", ErrorCategory.InvalidArgument, false, MustOutput: "record:"),
        new("Get-ApplianceSession: a name that matches none", "Get-ApplianceSession -Name 'NoSuchSession'", "SessionNotFound", ErrorCategory.ObjectNotFound, false),
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_bad_input_is_refused_with_a_module_id_its_category_a_target_and_advice_and_changes_nothing(BadInput input)
    {
        var run = Ps(CommonSetup + (input.Setup ?? string.Empty) + "$ErrorActionPreference = 'Continue'; $__t = $null\n" +
            "try { " + input.Call + " } catch { $__t = $_ }\n" +
            "if ($__t) { '" + Terminated + "'; $__t }", new Dictionary<string, object?> { ["B"] = ConnectParameters(1) });
        Assert.True(run.TerminatingError is null, "The setup failed: " + run.TerminatingError + "\n" + run.AllText);
        var terminating = run.Output.Select(o => o?.BaseObject).OfType<ErrorRecord>().SingleOrDefault();
        var all = run.Errors.Concat(terminating is null ? [] : [terminating]).ToList();

        var diagnostics = input.Name + "\n" + string.Join("\n", all.Select(e => e.FullyQualifiedErrorId + ": " + e)) + "\n" + run.AllText;
        Assert.All(all, e =>
        {
            var id = e.FullyQualifiedErrorId.Split(',')[0];
            Assert.False(id.StartsWith("System.", StringComparison.Ordinal) || id == "RuntimeException" || id == "UnexpectedError", diagnostics);
        });

        var expected = input.Terminating ? (terminating is null ? [] : [terminating]) : run.Errors;
        var matching = expected.Where(e => e.FullyQualifiedErrorId.StartsWith(input.Id + ",", StringComparison.Ordinal)).ToList();
        Assert.True(matching.Count > 0, (input.Terminating ? "Expected a terminating " : "Expected a non-terminating ") + input.Id + "\n" + diagnostics);
        if (!input.Terminating)
        {
            Assert.True(terminating is null, "Expected no terminating error\n" + diagnostics);
        }

        Assert.All(matching, e =>
        {
            Assert.Equal(input.Category, e.CategoryInfo.Category);
            Assert.NotNull(e.TargetObject);
            Assert.False(string.IsNullOrWhiteSpace(e.ErrorDetails?.RecommendedAction), "No RecommendedAction\n" + diagnostics);
        });

        if (input.MustOutput is not null)
        {
            Assert.Contains(run.Output, o => o?.ToString()?.StartsWith(input.MustOutput, StringComparison.Ordinal) == true);
        }

        if (input.Forbidden is not null)
        {
            Assert.DoesNotContain(input.Forbidden, run.AllText + string.Join("\n", all.Select(e => e.TargetObject + " " + e.ErrorDetails?.Message)));
        }

        var changes = Lab.Events.Skip(EventsBefore).Where(e => ChangeKinds.Any(k => e.Kind.StartsWith(k, StringComparison.Ordinal))).ToList();
        Assert.True(changes.Count == 0, "The lab changed: " + string.Join(", ", changes.Select(c => c.Kind + " " + c.Appliance)) + "\n" + diagnostics);
    }

    /// <summary>The lab's event count when the test started (the class fixture's lab is shared, the tests run one at a time).</summary>
    private int EventsBefore { get; }

    /// <summary>One bad input: the call, the id and category expected, and whether it stops the pipeline.</summary>
    public sealed record BadInput(string Name, string Call, string Id, ErrorCategory Category, bool Terminating,
        string? MustOutput = null, string? Forbidden = null, string? Setup = null)
    {
        public override string ToString() => Name;
    }
}
