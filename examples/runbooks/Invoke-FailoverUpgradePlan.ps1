#Requires -Version 5.1
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

    Runs unchanged in Windows PowerShell 5.1 and PowerShell 7.x. Supports -WhatIf: nothing on the appliances changes
    and no state is written.

.PARAMETER ComputerName
    The appliances: both of a pair (in any order), or one for -Strategy Single.

.PARAMETER ApiCredential
    The API account (/login > Management > API Configuration): user name = OAuth client id, password = client secret.

.PARAMETER ApplianceCredential
    The /appliance administrator.

.PARAMETER CertificateThumbprint
    Certificate thumbprints to pin, in the order of -ComputerName; normal validation when omitted.

.PARAMETER BackupPath
    The folder for the backups the plan takes; also the default folder of the plan and its state.

.PARAMETER BackupPassword
    Protects the backups.

.PARAMETER Strategy
    Single, Synchronous (A first, stays primary) or Asynchronous (B first, becomes primary).

.PARAMETER SwitchMethod
    How the site moves between the appliances: SharedIp (the plan moves it), Dns or Nat (your -SwitchScript does).

.PARAMETER SwitchScript
    DNS or NAT swing: called with the appliance sessions to move from and to.

.PARAMETER VerifyScript
    Your own checks of an updated appliance: called with its session; throw to stop the plan.

.PARAMETER SiteAddress
    The site address (primary hostname), e.g. https://support.example.com, checked after each switch.

.PARAMETER SiteThumbprint
    Pins the site address's certificate.

.PARAMETER SiteHostname
    The site hostname when -SiteAddress reaches it by another name (a lab, a proxy).

.PARAMETER TargetVersion
    The site version to reach; the next one on the path when omitted.

.PARAMETER PlanPath
    The plan (JSON): written on the first run, read on the next ones. Default: upgrade-plan.json in -BackupPath.

.PARAMETER StatePath
    The checkpoint file. Default: upgrade-state.json in -BackupPath.

.PARAMETER StopAfterWindow
    Stops after this maintenance window (1 or 2); run again later to go on.

.PARAMETER Force
    No confirmation prompts (unattended runs). -WhatIf still applies.

.EXAMPLE
    # Window 1 tonight, window 2 tomorrow night:
    ./Invoke-FailoverUpgradePlan.ps1 -ComputerName a.support.example.com, b.support.example.com -ApiCredential $api `
        -ApplianceCredential $admin -BackupPath D:\Backups -Strategy Asynchronous -StopAfterWindow 1 -Force
    ./Invoke-FailoverUpgradePlan.ps1 -ComputerName a.support.example.com, b.support.example.com -ApiCredential $api `
        -ApplianceCredential $admin -BackupPath D:\Backups -Strategy Asynchronous -Force

.EXAMPLE
    # Unattended: give up on an appliance that stays unreachable for five minutes; the next run resumes.
    $PSDefaultParameterValues['Connect-Appliance:RetryTimeout'] = New-TimeSpan -Minutes 5
    ./Invoke-FailoverUpgradePlan.ps1 -ComputerName a.support.example.com, b.support.example.com -ApiCredential $api `
        -ApplianceCredential $admin -BackupPath D:\Backups -Force

.OUTPUTS
    The run's result from Invoke-ApplianceUpgradePlan: Completed, StepsDone, StepsTotal, StoppedAfterWindow,
    Window2Estimate and TimeWithoutFailover.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [ValidateCount(1, 2)]
    [string[]] $ComputerName,

    [Parameter(Mandatory)]
    [System.Management.Automation.PSCredential] $ApiCredential,

    [Parameter(Mandatory)]
    [System.Management.Automation.PSCredential] $ApplianceCredential,

    [string[]] $CertificateThumbprint,

    [Parameter(Mandatory)]
    # Checked before anything connects or changes: a missing folder must not surface after the pair is broken.
    [ValidateScript({ if (Test-Path -LiteralPath $_ -PathType Container) { $true } else { throw "There is no folder '$_'. Create it first (New-Item -ItemType Directory -Path '$_'); nothing was changed." } })]
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

    [string] $SiteHostname,

    [string] $TargetVersion,

    [string] $PlanPath,

    [string] $StatePath,

    [ValidateRange(1, 2)]
    [int] $StopAfterWindow,

    [switch] $Force
)

$ErrorActionPreference = 'Stop'
if (-not $PlanPath) { $PlanPath = Join-Path -Path $BackupPath -ChildPath 'upgrade-plan.json' }
if (-not $StatePath) { $StatePath = Join-Path -Path $BackupPath -ChildPath 'upgrade-state.json' }

$sessions = @(
    foreach ($i in 0..($ComputerName.Count - 1)) {
        $connect = @{ ComputerName = $ComputerName[$i]; ApiCredential = $ApiCredential; ApplianceCredential = $ApplianceCredential }
        if ($CertificateThumbprint) { $connect.CertificateThumbprint = $CertificateThumbprint[$i] }
        Connect-Appliance @connect
    }
)
try {
    # Splatted into every plan cmdlet: the peer of a pair, and the site address when given.
    $peer = @{}
    if ($sessions.Count -eq 2) { $peer.PeerSession = $sessions[1] }
    $site = @{}
    if ($SiteAddress) { $site.SiteAddress = $SiteAddress }
    if ($SiteThumbprint) { $site.SiteThumbprint = $SiteThumbprint }

    if (Test-Path -LiteralPath $PlanPath -PathType Leaf) {
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
    foreach ($step in $plan.Steps) {
        Write-Host ('    w{0} {1,2}. [{2}] {3}: {4}' -f $step.Window, $step.Number, $step.Appliance, $step.Action, $step.Description)
        # What only a person can do, beside its step (the run says it again as the step finishes: REMINDER on the information stream).
        if ($step.Reminder) { Write-Host "             reminder: $($step.Reminder)" }
    }

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
} finally {
    $sessions | ForEach-Object { Disconnect-Appliance -Session $_ }
}
