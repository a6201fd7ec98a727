#Requires -Version 5.1
<#
.SYNOPSIS
    Upgrades a Remote Support Atlas cluster (a master or a master failover pair, and its traffic nodes) with a resumable
    plan that follows the vendor guide's Atlas chapter, never cutting a session.

.DESCRIPTION
    First run: connects to every appliance of the cluster, sorts them by their cluster role (masters and traffic
    nodes), plans the upgrade from the live cluster (New-ApplianceUpgradePlan -Strategy AtlasWithFailover when two
    masters are given, AtlasWithoutFailover for one), saves the plan as JSON for the change ticket (-PlanPath), prints
    it, and runs it (Invoke-ApplianceUpgradePlan), checkpointing every step to -StatePath:
    download the packages on the master without installing them and Distribute to Cluster; half of the traffic nodes
    per region stop accepting new client connections and drain (Jump Clients stay connected); they are upgraded side by
    side (with the backup master); the master switches (Become Backup on A, B becomes primary) or is upgraded; the
    upgraded half accepts connections again and the cluster syncs; then the rest, the same way.
    Later runs with the same -PlanPath and -StatePath resume where the last one stopped.

    Runs unchanged in Windows PowerShell 5.1 and PowerShell 7.x. Supports -WhatIf: nothing on the appliances changes
    and no state is written.

.PARAMETER ComputerName
    Every appliance of the cluster: the master (or both masters of the pair) and every traffic node, in any order.
    From a master: (Get-ClusterNode -Session $master).Hostname lists the traffic nodes.

.PARAMETER ApiCredential
    The API account (/login > Management > API Configuration): user name = OAuth client id, password = client secret.

.PARAMETER ApplianceCredential
    The /appliance administrator.

.PARAMETER CertificateThumbprint
    Certificate thumbprints to pin, in the order of -ComputerName; normal validation when omitted.

.PARAMETER BackupPath
    The folder for the backups the plan takes (the masters'); also the default folder of the plan and its state.

.PARAMETER BackupPassword
    Protects the backups.

.PARAMETER SwitchMethod
    With a master pair: SharedIp (the shared IP follows Become Backup), Dns or Nat (your -SwitchScript swings it to B).

.PARAMETER SwitchScript
    DNS or NAT swing: called with the sessions of A and B.

.PARAMETER VerifyScript
    Your own checks of an updated appliance: called with its session; throw to stop the plan.

.PARAMETER SiteAddress
    The site address (primary hostname), e.g. https://support.example.com.

.PARAMETER SiteThumbprint
    Pins the site address's certificate.

.PARAMETER SiteHostname
    The site hostname when -SiteAddress reaches it by another name (a lab, a proxy).

.PARAMETER TargetVersion
    The site version to reach; the next one on the path when omitted.

.PARAMETER ThrottleLimit
    How many appliances install at once within a half (default 32).

.PARAMETER DrainTimeout
    How long to wait for a traffic node's clients to end (default 2 hours); at the end the run stops and names them.

.PARAMETER PlanPath
    The plan (JSON): written on the first run, read on the next ones. Default: atlas-plan.json in -BackupPath.

.PARAMETER StatePath
    The checkpoint file. Default: atlas-state.json in -BackupPath.

.PARAMETER Force
    No confirmation prompts (unattended runs). -WhatIf still applies.

.EXAMPLE
    $nodes = (Get-ClusterNode -Session (Connect-Appliance -ComputerName a.support.example.com -ApiCredential $api -ApplianceCredential $admin)).Hostname
    ./Invoke-AtlasClusterUpgrade.ps1 -ComputerName (@('a.support.example.com', 'b.support.example.com') + $nodes) -ApiCredential $api `
        -ApplianceCredential $admin -BackupPath D:\Backups -Force

.OUTPUTS
    The run's result from Invoke-ApplianceUpgradePlan: Completed, StepsDone and StepsTotal.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [ValidateCount(2, 1000)]
    [string[]] $ComputerName,

    [Parameter(Mandatory)]
    [System.Management.Automation.PSCredential] $ApiCredential,

    [Parameter(Mandatory)]
    [System.Management.Automation.PSCredential] $ApplianceCredential,

    [string[]] $CertificateThumbprint,

    [Parameter(Mandatory)]
    [ValidateScript({ if (Test-Path -LiteralPath $_ -PathType Container) { $true } else { throw "There is no folder '$_'. Create it first (New-Item -ItemType Directory -Path '$_'); nothing was changed." } })]
    [string] $BackupPath,

    [System.Security.SecureString] $BackupPassword,

    [ValidateSet('SharedIp', 'Dns', 'Nat')]
    [string] $SwitchMethod = 'SharedIp',

    [scriptblock] $SwitchScript,

    [scriptblock] $VerifyScript,

    [uri] $SiteAddress,

    [string] $SiteThumbprint,

    [string] $SiteHostname,

    [string] $TargetVersion,

    [ValidateRange(1, 1000)]
    [int] $ThrottleLimit = 32,

    [timespan] $DrainTimeout = (New-TimeSpan -Hours 2),

    [string] $PlanPath,

    [string] $StatePath,

    [switch] $Force
)

$ErrorActionPreference = 'Stop'
if (-not $PlanPath) { $PlanPath = Join-Path -Path $BackupPath -ChildPath 'atlas-plan.json' }
if (-not $StatePath) { $StatePath = Join-Path -Path $BackupPath -ChildPath 'atlas-state.json' }

$sessions = @(
    foreach ($i in 0..($ComputerName.Count - 1)) {
        $connect = @{ ComputerName = $ComputerName[$i]; ApiCredential = $ApiCredential; ApplianceCredential = $ApplianceCredential }
        if ($CertificateThumbprint) { $connect.CertificateThumbprint = $CertificateThumbprint[$i] }
        Connect-Appliance @connect
    }
)
try {
    $site = @{}
    if ($SiteAddress) { $site.SiteAddress = $SiteAddress }
    if ($SiteThumbprint) { $site.SiteThumbprint = $SiteThumbprint }
    $peer = @{}

    if (Test-Path -LiteralPath $PlanPath -PathType Leaf) {
        # Resuming: the plan knows every appliance's role; an appliance may be rebooting now, so nothing is asked of it
        # here. The sessions are matched to the plan's appliances by serial number or hostname.
        $plan = Import-ApplianceUpgradePlan -Path $PlanPath
        Write-Host "==> Resuming plan $($plan.Id) from $PlanPath (state $StatePath)"
        $masters = @($sessions[0])
        $nodes = @($sessions)
    } else {
        # Masters report cluster role Primary (the backup master too); traffic nodes report Traffic.
        $roles = @{}
        foreach ($session in $sessions) { $roles[$session.Name] = (Get-ApplianceStatus -Session $session).ClusterRole }
        $masters = @($sessions | Where-Object { $roles[$_.Name] -eq 'Primary' })
        $nodes = @($sessions | Where-Object { $roles[$_.Name] -eq 'Traffic' })
        if ($masters.Count -lt 1 -or $masters.Count -gt 2 -or $nodes.Count -lt 1) {
            throw "Give the cluster's master (or both masters of the pair) and its traffic nodes: found $($masters.Count) master(s) and $($nodes.Count) traffic node(s). Nothing was changed."
        }

        if ($masters.Count -eq 2) { $peer.PeerSession = $masters[1] }
        $strategy = if ($masters.Count -eq 2) { 'AtlasWithFailover' } else { 'AtlasWithoutFailover' }
        $new = @{ Session = $masters[0]; Strategy = $strategy; SwitchMethod = $SwitchMethod; NodeSession = $nodes }
        if ($TargetVersion) { $new.TargetVersion = $TargetVersion }
        if ($SiteHostname) { $new.SiteHostname = $SiteHostname }
        $plan = New-ApplianceUpgradePlan @new @peer @site
        # A -WhatIf run saves no plan: the real run plans again from the cluster as it is then.
        if (-not $WhatIfPreference) { Export-ApplianceUpgradePlan -Plan $plan -Path $PlanPath | Out-Null }
        Write-Host "==> New $($plan.Strategy) plan $($plan.Id) for $($plan.ProductName), saved to $PlanPath"
        Write-Host "    $($plan.TradeOff)"
        foreach ($note in $plan.Notes) { Write-Host "    note: $note" }
    }
    foreach ($appliance in $plan.Appliances) {
        $region = if ($appliance.Region) { ", $($appliance.Region)" } else { '' }
        Write-Host "    $($appliance.Label) = $($appliance.Hostname) ($($appliance.ClusterRole)$region, site $($appliance.SiteVersion))"
    }
    foreach ($step in $plan.Steps) {
        $side = if ($step.Parallel) { ' (side by side)' } else { '' }
        Write-Host ('    {0,3}. [{1}] {2}{3}: {4}' -f $step.Number, $step.Appliance, $step.Action, $side, $step.Description)
        if ($step.Reminder) { Write-Host "             reminder: $($step.Reminder)" }
    }

    $run = @{
        Plan = $plan; Session = $masters[0]; NodeSession = $nodes; StatePath = $StatePath; BackupPath = $BackupPath; Force = $Force
        ThrottleLimit = $ThrottleLimit; DrainTimeout = $DrainTimeout
    }
    if ($BackupPassword) { $run.BackupPassword = $BackupPassword }
    if ($SwitchScript) { $run.SwitchScript = $SwitchScript }
    if ($VerifyScript) { $run.VerifyScript = $VerifyScript }
    $result = Invoke-ApplianceUpgradePlan @run @peer @site
    if ($result) {
        if ($result.Completed) {
            Write-Host "==> Plan $($plan.Id) completed: $($result.StepsDone) of $($result.StepsTotal) steps."
        } else {
            Write-Host "==> Stopped: $($result.StepsDone) of $($result.StepsTotal) steps done. Run again with the same -PlanPath and -StatePath to continue."
        }
        $result
    }
} finally {
    $sessions | ForEach-Object { Disconnect-Appliance -Session $_ }
}
