<#
.SYNOPSIS
    Upgrades one BeyondTrust appliance (Remote Support, Privileged Remote Access or Bomgar Privileged Access), with
    automatic updates or manually with an Appliance Download Key.

.DESCRIPTION
    Follows the vendor guides' single-appliance procedure:
      1. connect, read the status and health;
      2. back up the settings (and export the certificate with its private key, the guides' best practice);
      3. find the path of packages from the installed versions to the target (Base before the site package that
         needs it; at least 24 hours between site packages on a multi-hop path, none after a Base package);
      4. automatic: install the packages from the appliance's update list;
         manual: get the Appliance Download Key (clock checked first), exchange it at the update server for the
         package files, and install the files;
         either way a fresh backup is taken before each install, so the site package follows its Base at once;
      5. verify the new versions and health, and print what only a person can check.
    When the path has further site packages, the runbook stops after the first one and says when to run it again:
    schedule it daily and it walks the path one site version a day. -IgnoreSiteWait overrides that (explicitly).

    Runs unchanged in Windows PowerShell 5.1 and PowerShell 7.x, at the console, in Azure Automation or under the
    Task Scheduler (no prompts with -Force). Supports -WhatIf: nothing on the appliance changes.

.EXAMPLE
    $api   = Get-Credential -Message 'API account: client id and secret'
    $admin = Get-Credential -Message '/appliance administrator'
    ./Update-SingleAppliance.ps1 -ComputerName support.example.com -ApiCredential $api -ApplianceCredential $admin -BackupPath D:\Backups -WhatIf

.EXAMPLE
    ./Update-SingleAppliance.ps1 -ComputerName access.example.com -ApiCredential $api -ApplianceCredential $admin `
        -BackupPath D:\Backups -Method Manual -PackagePath D:\Packages -Force
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $ComputerName,

    [Parameter(Mandatory = $true)]
    [System.Management.Automation.PSCredential] $ApiCredential,

    [Parameter(Mandatory = $true)]
    [System.Management.Automation.PSCredential] $ApplianceCredential,

    # Pin the appliance's certificate (SHA-1 or SHA-256 thumbprint); normal validation when omitted.
    [string] $CertificateThumbprint,

    # Folder for the settings backups taken before each install.
    [Parameter(Mandatory = $true)]
    [string] $BackupPath,

    [System.Security.SecureString] $BackupPassword,

    # Protects the exported certificate and private key; the export is skipped (with a warning) when omitted.
    [System.Security.SecureString] $CertificatePassphrase,

    [ValidateSet('Automatic', 'Manual')]
    [string] $Method = 'Automatic',

    # The site version to reach; the latest listed when omitted.
    [string] $TargetVersion,

    # Manual path: the folder for the package files.
    [string] $PackagePath,

    # Manual path: the update server, when not the product's own (update.bomgar.com / btupdate.com).
    [uri] $UpdateServer,

    [string] $UpdateServerThumbprint,

    # Install every site package of the path now instead of one per 24 hours (read the guides' warning first).
    [switch] $IgnoreSiteWait,

    # No confirmation prompts (unattended runs). -WhatIf still applies.
    [switch] $Force
)

$ErrorActionPreference = 'Stop'

function Write-Step {
    param([string] $Text)
    Write-Host "==> $Text"
}

$connect = @{ ComputerName = $ComputerName; ApiCredential = $ApiCredential; ApplianceCredential = $ApplianceCredential }
if ($CertificateThumbprint) { $connect.CertificateThumbprint = $CertificateThumbprint }
$session = Connect-Appliance @connect
$product = $session.Profile

$before = Get-ApplianceStatus -Session $session
Write-Step "$($product.DisplayName) $($before.Hostname): Base $($before.BaseVersion), site $($before.SiteVersion)"
$health = Get-ApplianceHealth -Session $session
if (-not $health.Success) {
    throw "$($before.Hostname) is not healthy ($($health.ErrorMessage)): fix that before upgrading."
}

Write-Step 'Backup of the settings and configuration'
$backup = Invoke-ApplianceBackup -Session $session -Path $BackupPath -Password $BackupPassword
if ($backup) {
    Write-Host "    $($backup.Path) ($($backup.Length) bytes, verified). Not in a backup: $($backup.Verification.NotIncluded -join '; ')."
}
if ($CertificatePassphrase) {
    $pfx = [System.IO.Path]::Combine($BackupPath, "$($before.Hostname)-certificate-$([DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss')).pfx")
    $certificate = Export-ApplianceCertificate -Session $session -Path $pfx -Passphrase $CertificatePassphrase
    if ($certificate) { Write-Host "    certificate and private key: $($certificate.Path)" }
} else {
    Write-Warning 'No -CertificatePassphrase: the certificate and private key were not exported (the guides recommend it before an upgrade).'
}

Write-Step 'Path of packages'
$pathArgs = @{ Session = $session; Refresh = $true }
if ($TargetVersion) { $pathArgs.TargetVersion = $TargetVersion }
if ($IgnoreSiteWait) { $pathArgs.SiteWait = [TimeSpan]::Zero }
$path = @(Get-ApplianceUpdatePath @pathArgs)
if ($path.Count -eq 0) {
    Write-Step "$($before.Hostname) is up to date."
    return
}
foreach ($step in $path) {
    Write-Host "    $($step.Order). $($step.Name) ($($step.Type))$(if ($step.WaitAfter -gt [TimeSpan]::Zero) { ", then wait $($step.WaitAfter.TotalHours) h" })"
}

# Install up to and including the first site package that must be followed by a wait.
$now = @()
$later = @()
foreach ($step in $path) {
    if ($later.Count -gt 0 -or ($now.Count -gt 0 -and $now[-1].WaitAfter -gt [TimeSpan]::Zero)) { $later += $step } else { $now += $step }
}

$install = @{ Session = $session; BackupPath = $BackupPath; Force = $Force }
if ($BackupPassword) { $install.BackupPassword = $BackupPassword }

if ($Method -eq 'Automatic') {
    foreach ($step in $now) {
        Write-Step "Install This Update: $($step.Name)"
        $result = $step.Update | Install-ApplianceUpdate @install
        if ($result) { Write-Host "    $($result.State) in $([int]$result.Duration.TotalSeconds) s: Base $($result.BaseVersion), site $($result.SiteVersion)" }
    }
} else {
    if (-not $PackagePath) { throw 'The manual path needs -PackagePath, a folder for the package files.' }
    Write-Step 'Clock and NTP check, then the Appliance Download Key'
    $clock = Test-ApplianceClock -Session $session
    Write-Host "    appliance clock $($clock.ApplianceTime), off by $([int]$clock.Skew.TotalSeconds) s; NTP $(if ($clock.NtpSynchronized) { 'synchronised' } else { 'not synchronised' })"
    $key = Get-ApplianceDownloadKey -Session $session

    Write-Step "Packages from $(if ($UpdateServer) { $UpdateServer } else { $product.UpdateServer }) (each downloads once)"
    $save = @{ Path = $PackagePath; Product = $session.Product; Name = @($now | ForEach-Object { $_.Name }) }
    if ($UpdateServer) { $save.UpdateServer = $UpdateServer }
    if ($UpdateServerThumbprint) { $save.CertificateThumbprint = $UpdateServerThumbprint }
    $files = @($key | Save-AppliancePackage @save)
    foreach ($step in $now) {
        $file = @($files | Where-Object { $_.Package.Name -eq $step.Name })[0]
        if (-not $file) {
            if ($WhatIfPreference) { continue }
            throw "The update server did not offer $($step.Name). Contact $($product.SupportPointer)."
        }
        Write-Step "Manual Installation: $([System.IO.Path]::GetFileName($file.Path))"
        $result = Install-ApplianceUpdate -Path $file.Path @install
        if ($result) { Write-Host "    $($result.State) in $([int]$result.Duration.TotalSeconds) s: Base $($result.BaseVersion), site $($result.SiteVersion)" }
    }
}

Write-Step 'Verify'
$after = Get-ApplianceStatus -Session $session
$health = Get-ApplianceHealth -Session $session
Write-Host "    Base $($before.BaseVersion) -> $($after.BaseVersion), site $($before.SiteVersion) -> $($after.SiteVersion), healthy: $($health.Success)"
if (-not $WhatIfPreference) {
    $sites = @($now | Where-Object { $_.Type -eq 'Site' })
    if ($sites.Count -gt 0 -and $after.SiteVersion.VersionText -ne $sites[-1].Version.VersionText) {
        throw "$($after.Hostname) runs site $($after.SiteVersion), not $($sites[-1].Version)."
    }
    if (-not $health.Success) { throw "$($after.Hostname) is not healthy after the upgrade: $($health.ErrorMessage)" }
}
Write-Host "    Check by hand: the $($product.ConsoleName)'s Help > About shows the new build; start real $($product.SessionNoun)."
Write-Host "    $($product.InstallersAfterUpgrade)"

$next = $null
if ($later.Count -gt 0) {
    $next = [DateTime]::UtcNow.Add($now[-1].WaitAfter)
    Write-Step "Next: $($later[0].Name) not before $($next.ToString('u')) (24 hours after a site package, so that clients update; $($product.SiteWaitSource)). Run this runbook again then."
}

[pscustomobject]@{
    Appliance        = $after.Hostname
    Product          = $session.Product
    Method           = $Method
    BaseBefore       = $before.BaseVersion
    SiteBefore       = $before.SiteVersion
    BaseAfter        = $after.BaseVersion
    SiteAfter        = $after.SiteVersion
    Installed        = @($now | ForEach-Object { $_.Name })
    Remaining        = @($later | ForEach-Object { $_.Name })
    NextNotBefore    = $next
    Healthy          = $health.Success
}
Disconnect-Appliance -Session $session
