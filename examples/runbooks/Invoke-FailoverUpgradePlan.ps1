<#
.SYNOPSIS
    Upgrades a failover pair (or a single appliance) with a resumable plan: the plan equivalent of
    Invoke-SynchronousFailoverUpgrade.ps1 and Invoke-AsynchronousFailoverUpgrade.ps1.

.DESCRIPTION
    First run: connects, plans the upgrade from the live pair (New-ApplianceUpgradePlan; A is the appliance the site
    reaches, recorded before the relationship is broken), saves the plan as JSON for the change ticket (-PlanPath),
    prints it, and runs it (Invoke-ApplianceUpgradePlan), checkpointing every step to -StatePath.
    Later runs with the same -PlanPath and -StatePath resume where the last one stopped: after -StopAfterWindow 1
    (the end of the first maintenance window), after a crash, or after a fault you have fixed. A step that was in
    flight is re-verified; no destructive step (Break, install, traffic switch, Establish) is ever repeated.

.EXAMPLE
    # Window 1 tonight, window 2 tomorrow night:
    ./Invoke-FailoverUpgradePlan.ps1 -ComputerName a.support.example.com, b.support.example.com -ApiCredential $api `
        -ApplianceCredential $admin -BackupPath D:\Backups -Strategy Asynchronous -StopAfterWindow 1 -Force
    ./Invoke-FailoverUpgradePlan.ps1 -ComputerName a.support.example.com, b.support.example.com -ApiCredential $api `
        -ApplianceCredential $admin -BackupPath D:\Backups -Strategy Asynchronous -Force
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [ValidateCount(1, 2)]
    [string[]] $ComputerName,

    [Parameter(Mandatory = $true)]
    [System.Management.Automation.PSCredential] $ApiCredential,

    [Parameter(Mandatory = $true)]
    [System.Management.Automation.PSCredential] $ApplianceCredential,

    [string[]] $CertificateThumbprint,

    [Parameter(Mandatory = $true)]
    [string] $BackupPath,

    [System.Security.SecureString] $BackupPassword,

    [ValidateSet('Single', 'Synchronous', 'Asynchronous')]
    [string] $Strategy = 'Asynchronous',

    [ValidateSet('SharedIp', 'Dns', 'Nat')]
    [string] $SwitchMethod = 'SharedIp',

    [scriptblock] $SwitchScript,

    [scriptblock] $VerifyScript,

    [uri] $SiteAddress,

    [string] $SiteThumbprint,

    # The site hostname when -SiteAddress reaches it by another name (a lab, a proxy).
    [string] $SiteHostname,

    [string] $TargetVersion,

    # The plan (JSON): written on the first run, read on the next ones. Default: upgrade-plan.json in -BackupPath.
    [string] $PlanPath,

    # The checkpoint file. Default: upgrade-state.json in -BackupPath.
    [string] $StatePath,

    [ValidateRange(1, 2)]
    [int] $StopAfterWindow,

    [switch] $Force
)

$ErrorActionPreference = 'Stop'
if (-not $PlanPath) { $PlanPath = [System.IO.Path]::Combine($BackupPath, 'upgrade-plan.json') }
if (-not $StatePath) { $StatePath = [System.IO.Path]::Combine($BackupPath, 'upgrade-state.json') }

$sessions = @()
for ($i = 0; $i -lt $ComputerName.Count; $i++) {
    $connect = @{ ComputerName = $ComputerName[$i]; ApiCredential = $ApiCredential; ApplianceCredential = $ApplianceCredential }
    if ($CertificateThumbprint) { $connect.CertificateThumbprint = $CertificateThumbprint[$i] }
    $sessions += Connect-Appliance @connect
}
$peer = @{}
if ($sessions.Count -eq 2) { $peer.PeerSession = $sessions[1] }
$site = @{}
if ($SiteAddress) { $site.SiteAddress = $SiteAddress }
if ($SiteThumbprint) { $site.SiteThumbprint = $SiteThumbprint }

if ([System.IO.File]::Exists($PlanPath)) {
    $plan = Import-ApplianceUpgradePlan -Path $PlanPath
    Write-Host "==> Resuming plan $($plan.Id) from $PlanPath (state $StatePath)"
} else {
    $new = @{ Session = $sessions[0]; Strategy = $Strategy; SwitchMethod = $SwitchMethod }
    if ($TargetVersion) { $new.TargetVersion = $TargetVersion }
    if ($SiteHostname) { $new.SiteHostname = $SiteHostname }
    $plan = New-ApplianceUpgradePlan @new @peer @site
    Export-ApplianceUpgradePlan -Plan $plan -Path $PlanPath -WhatIf:$false | Out-Null
    Write-Host "==> New $($plan.Strategy) plan $($plan.Id) for $($plan.ProductName), saved to $PlanPath"
    Write-Host "    $($plan.TradeOff)"
}
foreach ($appliance in $plan.Appliances) { Write-Host "    $($appliance.Label) = $($appliance.Hostname) (site $($appliance.SiteVersion), $($appliance.Role))" }
foreach ($step in $plan.Steps) { Write-Host ("    w{0} {1,2}. [{2}] {3}: {4}" -f $step.Window, $step.Number, $step.Appliance, $step.Action, $step.Description) }

$run = @{ Plan = $plan; Session = $sessions[0]; StatePath = $StatePath; BackupPath = $BackupPath; Force = $Force }
if ($BackupPassword) { $run.BackupPassword = $BackupPassword }
if ($StopAfterWindow) { $run.StopAfterWindow = $StopAfterWindow }
if ($SwitchScript) { $run.SwitchScript = $SwitchScript }
if ($VerifyScript) { $run.VerifyScript = $VerifyScript }
$result = Invoke-ApplianceUpgradePlan @run @peer @site

if ($result) {
    if ($result.Completed) {
        Write-Host "==> Plan $($plan.Id) completed: $($result.StepsDone) of $($result.StepsTotal) steps."
    } else {
        Write-Host "==> Stopped after window $($result.StoppedAfterWindow): $($result.StepsDone) of $($result.StepsTotal) steps done. Run again with the same -PlanPath and -StatePath to continue."
        if ($result.Window2Estimate) { Write-Host "    Window 2 is estimated at $($result.Window2Estimate) from window 1's installs." }
    }
    if ($result.TimeWithoutFailover) { Write-Host "    The pair ran without failover for $($result.TimeWithoutFailover)." }
    $result
}
foreach ($s in $sessions) { Disconnect-Appliance -Session $s }
