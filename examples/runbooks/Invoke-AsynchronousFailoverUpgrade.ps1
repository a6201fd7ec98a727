#Requires -Version 5.1
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
    Invoke-ApplianceUpgradePlan instead (Invoke-FailoverUpgradePlan.ps1).

    Runs unchanged in Windows PowerShell 5.1 and PowerShell 7.x. Supports -WhatIf: nothing on the appliances changes.

.PARAMETER ComputerName
    Both appliances of the pair, in any order, each by its own hostname or address (not the site hostname).

.PARAMETER ApiCredential
    The API account (/login > Management > API Configuration): user name = OAuth client id, password = client secret.

.PARAMETER ApplianceCredential
    The /appliance administrator.

.PARAMETER CertificateThumbprint
    Certificate thumbprints to pin, in the order of -ComputerName; normal validation when omitted.

.PARAMETER BackupPath
    The folder for the settings backups taken before the break and before each install.

.PARAMETER BackupPassword
    Protects the backups.

.PARAMETER TargetVersion
    The site version to reach; the next one on the path when omitted.

.PARAMETER SwitchMethod
    How the site moves from A to B: SharedIp (the module moves it), Dns or Nat (your -SwitchScript does).

.PARAMETER SwitchScript
    DNS or NAT swing: called with the appliance sessions to move from and to.

.PARAMETER SiteAddress
    The site address (primary hostname) to check after the switch, e.g. https://support.example.com.

.PARAMETER SiteThumbprint
    Pins the site address's certificate.

.PARAMETER VerifyScript
    Your own checks of an updated appliance (hosts-file test, a real session): called with its session; throw to stop.

.PARAMETER Force
    No confirmation prompts (unattended runs). -WhatIf still applies.

.EXAMPLE
    ./Invoke-AsynchronousFailoverUpgrade.ps1 -ComputerName a.support.example.com, b.support.example.com `
        -ApiCredential $api -ApplianceCredential $admin -BackupPath D:\Backups -Force

.EXAMPLE
    $swing = { param($From, $To) Set-DnsRecord -Name support -Target $To.Hostname }   # your DNS tooling
    ./Invoke-AsynchronousFailoverUpgrade.ps1 -ComputerName a.example.com, b.example.com -ApiCredential $api `
        -ApplianceCredential $admin -BackupPath D:\Backups -SwitchMethod Dns -SwitchScript $swing `
        -SiteAddress https://support.example.com -Force

.OUTPUTS
    One object: Strategy, Primary, Backup, SiteVersion, Window1Seconds and WithoutFailover (how long the pair ran
    without failover).
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [ValidateCount(2, 2)]
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

    [string] $TargetVersion,

    [ValidateSet('SharedIp', 'Dns', 'Nat')]
    [string] $SwitchMethod = 'SharedIp',

    [scriptblock] $SwitchScript,

    [uri] $SiteAddress,

    [string] $SiteThumbprint,

    [scriptblock] $VerifyScript,

    [switch] $Force
)

$ErrorActionPreference = 'Stop'
if ($SwitchMethod -ne 'SharedIp' -and -not $SwitchScript) { throw "-SwitchMethod $SwitchMethod needs -SwitchScript. Nothing was changed." }

function Write-Step {
    param([string] $Text)
    Write-Host "==> $Text"
}

# Durations are measured in UTC, so that a window across a daylight-saving change is not an hour off.
function Get-UtcNow {
    (Get-Date).ToUniversalTime()
}

# The path is read before anything changes: a pair is never broken for an appliance with nothing to install.
function Get-NextHop {
    param($Session, [hashtable] $PathQuery, [switch] $AllowNone)
    $steps = @(Get-ApplianceUpdatePath -Session $Session @PathQuery)
    if ($steps.Count -eq 0 -and -not $AllowNone) {
        throw "Nothing to install on $($Session.Hostname): it runs the target already, or no newer package is listed. $($Session.Profile.RolloutNote) Check with Get-ApplianceUpdate -Refresh. Nothing was changed."
    }
    $steps
}

function Install-Hop {
    param($Session, [object[]] $Steps, [hashtable] $Install)
    if ($Steps.Count -eq 0) { return }
    $Steps | Install-ApplianceUpdate -Session $Session @Install |
        ForEach-Object { Write-Host "    $($_.Name): $($_.State) in $([int]$_.Duration.TotalSeconds) s" }
}

# Verified against the versions the path installs, not by health alone.
function Test-Updated {
    param($Session, [object[]] $Steps)
    $status = Get-ApplianceStatus -Session $Session
    $health = Get-ApplianceHealth -Session $Session
    Write-Host "    $($Session.Hostname): Base $($status.BaseVersion), site $($status.SiteVersion), healthy $($health.Success), role $($health.FailoverRole)"
    if (-not $WhatIfPreference) {
        if (-not $health.Success) { throw "$($Session.Hostname) is not healthy after its update: $($health.ErrorMessage)" }
        foreach ($type in 'Base', 'Site') {
            $expected = @($Steps | Where-Object { "$($_.Type)" -eq $type } | Select-Object -Last 1)
            $actual = if ($type -eq 'Base') { $status.BaseVersion } else { $status.SiteVersion }
            if ($expected.Count -gt 0 -and $actual.VersionText -ne $expected[0].Version.VersionText) {
                throw "$($Session.Hostname) runs $type $($actual.VersionText) after its update, not $($expected[0].Version.VersionText)."
            }
        }
    }
    if ($VerifyScript) { & $VerifyScript $Session }
    $status
}

$sessions = @(
    foreach ($i in 0, 1) {
        $connect = @{ ComputerName = $ComputerName[$i]; ApiCredential = $ApiCredential; ApplianceCredential = $ApplianceCredential }
        if ($CertificateThumbprint) { $connect.CertificateThumbprint = $CertificateThumbprint[$i] }
        Connect-Appliance @connect
    }
)
try {
    # Record A and B now: after the break both report role None.
    $holders = @($sessions | Where-Object { Get-ApplianceIpAddress -Session $_ -Shared | Where-Object { $_.Enabled } })
    if ($holders.Count -ne 1) {
        $holders = @($sessions | Where-Object { (Get-FailoverRelationship -Session $_).Role -eq 'Primary' })
    }
    if ($holders.Count -ne 1) { throw 'Cannot tell which appliance the site reaches: expected one holder of the enabled shared IP or one primary.' }
    $a = $holders[0]
    $b = $sessions | Where-Object { $_ -ne $a } | Select-Object -First 1
    $product = $a.Profile
    Write-Step "$($product.DisplayName) pair: A = $($a.Hostname) (serves the site), B = $($b.Hostname)"
    foreach ($s in $a, $b) {
        $h = Get-ApplianceHealth -Session $s
        if (-not $h.Success) { throw "$($s.Hostname) is not healthy: $($h.ErrorMessage)" }
    }

    $install = @{ BackupPath = $BackupPath; Force = $Force }
    if ($BackupPassword) { $install.BackupPassword = $BackupPassword }
    $nextHop = @{ Refresh = $true; NextHop = $true }
    if ($TargetVersion) { $nextHop.TargetVersion = $TargetVersion }

    # Every precondition before the first change: the packages for B are listed and ordered now.
    $firstHop = @(Get-NextHop -Session $b -PathQuery $nextHop)
    Write-Host "    path for B: $(($firstHop | ForEach-Object Name) -join ', ')"
    # What only a person can do before window 1: the guides' release notes, extractable MSI installers and, before a
    # site package, the certificate stores.
    Write-Host "    $($product.ReleaseNotesReminder([string[]] @($firstHop | ForEach-Object { $_.Name })))"
    Write-Host "    $($product.ExtractableInstallersReminder)"
    if (@($firstHop | Where-Object { "$($_.Type)" -eq 'Site' }).Count -gt 0) { Write-Host "    $($product.CertificateStoresReminder)" }

    $window1 = Get-UtcNow
    Write-Step 'Window 1: backup and sync'
    $backup = Invoke-ApplianceBackup -Session $a -Path $BackupPath -Password $BackupPassword
    if ($backup) { Write-Host "    $($backup.Path) (verified)" }
    $sync = Sync-Failover -Session $a
    if ($sync) { Write-Host "    data sync completed at $($sync.LastSyncTime)" }
    Write-Step $product.BreakFailoverLabel
    Remove-FailoverRelationship -Session $a -Force:$Force | Out-Null
    $brokenAt = Get-UtcNow

    Write-Step "Update B ($($b.Hostname)); A keeps serving the site"
    Install-Hop -Session $b -Steps $firstHop -Install $install
    $statusB = Test-Updated -Session $b -Steps $firstHop

    Write-Step "Make B the primary: $SwitchMethod switch"
    if ($SwitchMethod -eq 'SharedIp') {
        Set-SharedIpEnabled -Session $b -From $a -Force:$Force | ForEach-Object { Write-Host "    shared IP $_ moved from A to B" }
    } else {
        if ($PSCmdlet.ShouldProcess("site address from $($a.Hostname) to $($b.Hostname)", "$SwitchMethod switch")) { & $SwitchScript $a $b }
    }
    if ($SiteAddress -and -not $WhatIfPreference) {
        $siteCheck = @{ Session = $b; SiteAddress = $SiteAddress; Timeout = New-TimeSpan -Minutes 15 }
        if ($SiteThumbprint) { $siteCheck.CertificateThumbprint = $SiteThumbprint }
        $check = Test-ApplianceSiteAddress @siteCheck
        if (-not $check.Passed) { throw "The site address answers from $($check.ServedBy), not B ($($check.Expected))." }
        Write-Host "    $SiteAddress answers from B after $([int]$check.Waited.TotalSeconds) s"
    }
    Write-Host "    $($product.IntegrationClientByIpReminder)"
    $window1End = Get-UtcNow
    Write-Step "Window 1 done in $([int]($window1End - $window1).TotalSeconds) s. Check by hand: sessions on B with the $($product.ConsoleName)."

    Write-Step "Window 2: update A ($($a.Hostname))"
    $window2 = Get-UtcNow
    # A goes to the version B now runs.
    $sameAsB = @{ Refresh = $true; NextHop = $true }
    if ($statusB -and $statusB.SiteVersion) {
        $sameAsB.TargetVersion = $statusB.SiteVersion.VersionText
    } elseif ($TargetVersion) {
        $sameAsB.TargetVersion = $TargetVersion
    }
    $secondHop = @(Get-NextHop -Session $a -PathQuery $sameAsB -AllowNone)
    Install-Hop -Session $a -Steps $secondHop -Install $install
    Test-Updated -Session $a -Steps $secondHop | Out-Null

    Write-Step 'Re-establish failover: B primary, A backup'
    $establish = @{ Session = $b; BackupSession = $a }
    # The site's hostname is refused as a connection address (the relationship must use each appliance's own).
    if ($SiteAddress) { $establish.SiteAddress = $SiteAddress }
    $established = New-FailoverRelationship @establish
    if ($established) { Write-Host "    first sync: $($established.LastSyncTime) $($established.LastSyncStatus)" }
    $restoredAt = Get-UtcNow
    if (-not $WhatIfPreference) {
        $roleA = (Get-FailoverRelationship -Session $a).Role
        $roleB = (Get-FailoverRelationship -Session $b).Role
        if ($roleB -ne 'Primary' -or $roleA -ne 'Backup') { throw "Roles after re-establishing: B $roleB, A $roleA." }
    }
    Write-Step "Window 2 done in $([int]((Get-UtcNow) - $window2).TotalSeconds) s; the pair ran without failover for $([int]($restoredAt - $brokenAt).TotalSeconds) s."
    Write-Host "    $($product.InstallersAfterUpgrade)"
    Write-Host "    $($product.MsiConsolesAfterUpgrade)"
    Write-Host "    $($product.IntegrationClientsAfterUpgrade)"

    [pscustomobject]@{
        Strategy        = 'Asynchronous'
        Primary         = $b.Hostname
        Backup          = $a.Hostname
        SiteVersion     = if ($statusB) { $statusB.SiteVersion } else { $null }
        Window1Seconds  = [int]($window1End - $window1).TotalSeconds
        WithoutFailover = $restoredAt - $brokenAt
    }
} finally {
    $sessions | ForEach-Object { Disconnect-Appliance -Session $_ }
}
