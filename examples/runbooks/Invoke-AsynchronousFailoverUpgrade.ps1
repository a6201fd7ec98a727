<#
.SYNOPSIS
    Asynchronous upgrade of a failover pair: the backup (B) is updated first and becomes the primary; then the old
    primary (A) is updated and becomes the backup. Minimal downtime; a failover event.

.DESCRIPTION
    The vendor guides' procedure, composed from the module's cmdlets:
      Window 1  Backup and Sync: back up A, Sync Now and wait, Break Failover Relationships.
                Update B (a fresh backup before each package), verify B (version, health, your -VerifyScript,
                e.g. a hosts-file test of B).
                Make B the primary: move the shared IP from A to B (never both enabled; A is re-enabled if B fails),
                or call your -SwitchScript for a DNS or NAT swing and wait until the site address answers from B.
      Window 2  Update A, verify A, re-establish failover with B as primary and A as backup, wait for the first
                sync.
    A is the appliance the site hostname reaches (the holder of the enabled shared IP, else the primary); it is
    recorded before the relationship is broken, when both appliances still report their roles.
    For a resumable run that can stop between the windows, use New-ApplianceUpgradePlan -Strategy Asynchronous and
    Invoke-ApplianceUpgradePlan instead.

.EXAMPLE
    ./Invoke-AsynchronousFailoverUpgrade.ps1 -ComputerName a.support.example.com, b.support.example.com `
        -ApiCredential $api -ApplianceCredential $admin -BackupPath D:\Backups -Force

.EXAMPLE
    $swing = { param($From, $To) Set-DnsRecord -Name support -Target $To.Hostname }   # your DNS tooling
    ./Invoke-AsynchronousFailoverUpgrade.ps1 -ComputerName a.example.com, b.example.com -ApiCredential $api `
        -ApplianceCredential $admin -BackupPath D:\Backups -SwitchMethod Dns -SwitchScript $swing `
        -SiteAddress https://support.example.com -Force
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    # Both appliances of the pair, in any order.
    [Parameter(Mandatory = $true)]
    [ValidateCount(2, 2)]
    [string[]] $ComputerName,

    [Parameter(Mandatory = $true)]
    [System.Management.Automation.PSCredential] $ApiCredential,

    [Parameter(Mandatory = $true)]
    [System.Management.Automation.PSCredential] $ApplianceCredential,

    # Certificate thumbprints, in the order of -ComputerName (optional).
    [string[]] $CertificateThumbprint,

    [Parameter(Mandatory = $true)]
    [string] $BackupPath,

    [System.Security.SecureString] $BackupPassword,

    [string] $TargetVersion,

    [ValidateSet('SharedIp', 'Dns', 'Nat')]
    [string] $SwitchMethod = 'SharedIp',

    # DNS or NAT swing: called with the appliance sessions to move from and to.
    [scriptblock] $SwitchScript,

    # The site address (primary hostname) to check after the switch, e.g. https://support.example.com.
    [uri] $SiteAddress,

    [string] $SiteThumbprint,

    # Your own checks of an updated appliance (hosts-file test, a real session): called with its session; throw to stop.
    [scriptblock] $VerifyScript,

    [switch] $Force
)

$ErrorActionPreference = 'Stop'
function Write-Step { param([string] $Text) Write-Host "==> $Text" }

$sessions = @()
for ($i = 0; $i -lt 2; $i++) {
    $connect = @{ ComputerName = $ComputerName[$i]; ApiCredential = $ApiCredential; ApplianceCredential = $ApplianceCredential }
    if ($CertificateThumbprint) { $connect.CertificateThumbprint = $CertificateThumbprint[$i] }
    $sessions += Connect-Appliance @connect
}

# Record A and B now: after the break both report role None.
$holders = @($sessions | Where-Object { @(Get-ApplianceIpAddress -Session $_ -Shared | Where-Object { $_.Enabled }).Count -gt 0 })
if ($holders.Count -ne 1) {
    $holders = @($sessions | Where-Object { (Get-FailoverRelationship -Session $_).Role -eq 'Primary' })
}
if ($holders.Count -ne 1) { throw 'Cannot tell which appliance the site reaches: expected one holder of the enabled shared IP or one primary.' }
$a = $holders[0]
$b = @($sessions | Where-Object { $_ -ne $a })[0]
$product = $a.Profile
Write-Step "$($product.DisplayName) pair: A = $($a.Hostname) (serves the site), B = $($b.Hostname)"
foreach ($s in $a, $b) {
    $h = Get-ApplianceHealth -Session $s
    if (-not $h.Success) { throw "$($s.Hostname) is not healthy: $($h.ErrorMessage)" }
}

$install = @{ BackupPath = $BackupPath; Force = $Force }
if ($BackupPassword) { $install.BackupPassword = $BackupPassword }
$path = @{ Refresh = $true; NextHop = $true }
if ($TargetVersion) { $path.TargetVersion = $TargetVersion }

function Test-Updated {
    param($Session)
    $status = Get-ApplianceStatus -Session $Session
    $health = Get-ApplianceHealth -Session $Session
    Write-Host "    $($Session.Hostname): Base $($status.BaseVersion), site $($status.SiteVersion), healthy $($health.Success), role $($health.FailoverRole)"
    if (-not $WhatIfPreference -and -not $health.Success) { throw "$($Session.Hostname) is not healthy after its update: $($health.ErrorMessage)" }
    if ($VerifyScript) { & $VerifyScript $Session }
    $status
}

$window1 = [DateTime]::UtcNow
Write-Step 'Window 1: backup and sync'
$backup = Invoke-ApplianceBackup -Session $a -Path $BackupPath -Password $BackupPassword
if ($backup) { Write-Host "    $($backup.Path) (verified)" }
$sync = Sync-Failover -Session $a
if ($sync) { Write-Host "    data sync completed at $($sync.LastSyncTime)" }
Write-Step $product.BreakFailoverLabel
Remove-FailoverRelationship -Session $a -Force:$Force | Out-Null
$brokenAt = [DateTime]::UtcNow

Write-Step "Update B ($($b.Hostname)); A keeps serving the site"
$stepsB = @(Get-ApplianceUpdatePath -Session $b @path)
$stepsB | Install-ApplianceUpdate -Session $b @install | ForEach-Object { Write-Host "    $($_.Name): $($_.State) in $([int]$_.Duration.TotalSeconds) s" }
$statusB = Test-Updated -Session $b

Write-Step "Make B the primary: $SwitchMethod switch"
if ($SwitchMethod -eq 'SharedIp') {
    Set-SharedIpEnabled -Session $b -From $a -Force:$Force | ForEach-Object { Write-Host "    shared IP $_ moved from A to B" }
} else {
    if (-not $SwitchScript) { throw "-SwitchMethod $SwitchMethod needs -SwitchScript." }
    if ($PSCmdlet.ShouldProcess("site address from $($a.Hostname) to $($b.Hostname)", "$SwitchMethod switch")) { & $SwitchScript $a $b }
}
if ($SiteAddress -and -not $WhatIfPreference) {
    $siteCheck = @{ Session = $b; SiteAddress = $SiteAddress; Timeout = [TimeSpan]::FromMinutes(15) }
    if ($SiteThumbprint) { $siteCheck.CertificateThumbprint = $SiteThumbprint }
    $check = Test-ApplianceSiteAddress @siteCheck
    if (-not $check.Passed) { throw "The site address answers from $($check.ServedBy), not B ($($check.Expected))." }
    Write-Host "    $SiteAddress answers from B after $([int]$check.Waited.TotalSeconds) s"
}
$window1End = [DateTime]::UtcNow
Write-Step "Window 1 done in $([int]($window1End - $window1).TotalSeconds) s. Check by hand: sessions on B with the $($product.ConsoleName)."

Write-Step "Window 2: update A ($($a.Hostname))"
$window2 = [DateTime]::UtcNow
$target = @{ Refresh = $true; NextHop = $true }
if ($statusB -and $statusB.SiteVersion) { $target.TargetVersion = $statusB.SiteVersion.VersionText } elseif ($TargetVersion) { $target.TargetVersion = $TargetVersion }
@(Get-ApplianceUpdatePath -Session $a @target) | Install-ApplianceUpdate -Session $a @install | ForEach-Object { Write-Host "    $($_.Name): $($_.State) in $([int]$_.Duration.TotalSeconds) s" }
Test-Updated -Session $a | Out-Null

Write-Step 'Re-establish failover: B primary, A backup'
$established = New-FailoverRelationship -Session $b -BackupSession $a
if ($established) { Write-Host "    first sync: $($established.LastSyncTime) $($established.LastSyncStatus)" }
$restoredAt = [DateTime]::UtcNow
if (-not $WhatIfPreference) {
    $roleA = (Get-FailoverRelationship -Session $a).Role
    $roleB = (Get-FailoverRelationship -Session $b).Role
    if ($roleB -ne 'Primary' -or $roleA -ne 'Backup') { throw "Roles after re-establishing: B $roleB, A $roleA." }
}
Write-Step "Window 2 done in $([int]([DateTime]::UtcNow - $window2).TotalSeconds) s; the pair ran without failover for $([int]($restoredAt - $brokenAt).TotalSeconds) s."
Write-Host "    $($product.InstallersAfterUpgrade)"

[pscustomobject]@{
    Strategy          = 'Asynchronous'
    Primary           = $b.Hostname
    Backup            = $a.Hostname
    SiteVersion       = if ($statusB) { $statusB.SiteVersion } else { $null }
    Window1Seconds    = [int]($window1End - $window1).TotalSeconds
    WithoutFailover   = $restoredAt - $brokenAt
}
foreach ($s in $sessions) { Disconnect-Appliance -Session $s }
