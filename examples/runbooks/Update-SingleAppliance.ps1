#Requires -Version 5.1
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

.PARAMETER ComputerName
    The appliance: a hostname, host:port or https:// address.

.PARAMETER ApiCredential
    The API account (/login > Management > API Configuration): user name = OAuth client id, password = client secret.

.PARAMETER ApplianceCredential
    The /appliance administrator.

.PARAMETER CertificateThumbprint
    Pins the appliance's certificate (SHA-1 or SHA-256 thumbprint); normal validation when omitted.

.PARAMETER BackupPath
    The folder for the settings backups taken before each install.

.PARAMETER BackupPassword
    Protects the backups.

.PARAMETER CertificatePassphrase
    Protects the exported certificate and private key; the export is skipped (with a warning) when omitted.

.PARAMETER Method
    Automatic (the appliance's update list) or Manual (Appliance Download Key and package files).

.PARAMETER TargetVersion
    The site version to reach; the latest listed when omitted.

.PARAMETER PackagePath
    Manual path: the folder for the package files. On a real appliance (a guided session) a person generates the
    Appliance Download Key on the appliance's page and downloads the packages into this folder first.

.PARAMETER UpdateServer
    Manual path: the update server, when not the product's own (update.bomgar.com / btupdate.com).

.PARAMETER UpdateServerThumbprint
    Manual path: pins the update server's certificate.

.PARAMETER IgnoreSiteWait
    Installs every site package of the path now instead of one per 24 hours (read the guides' warning first).

.PARAMETER JumpClientTimeout
    After a site package, how long to wait for the active Jump Clients to come back upgraded (guide 002: let them come
    back before anything else). Default 15 minutes; 0 does not wait. Passive ones check in within 24 hours:
    Wait-JumpClientUpgrade shows them later. Only Jump Clients of shared Jump Groups are visible (the Configuration API).

.PARAMETER Force
    No confirmation prompts (unattended runs). -WhatIf still applies.

.EXAMPLE
    $api   = Get-Credential -Message 'API account: client id and secret'
    $admin = Get-Credential -Message '/appliance administrator'
    ./Update-SingleAppliance.ps1 -ComputerName support.example.com -ApiCredential $api -ApplianceCredential $admin -BackupPath D:\Backups -WhatIf

.EXAMPLE
    ./Update-SingleAppliance.ps1 -ComputerName access.example.com -ApiCredential $api -ApplianceCredential $admin `
        -BackupPath D:\Backups -Method Manual -PackagePath D:\Packages -Force

.OUTPUTS
    One object: Appliance, Product, Method, the Base and site versions before and after, the packages Installed and
    Remaining, NextNotBefore (UTC; when to run again for the next site package), Healthy and JumpClients (after a site
    package: how many came back, still pending or lost; null when not watched).
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [string] $ComputerName,

    [Parameter(Mandatory)]
    [System.Management.Automation.PSCredential] $ApiCredential,

    [Parameter(Mandatory)]
    [System.Management.Automation.PSCredential] $ApplianceCredential,

    [string] $CertificateThumbprint,

    [Parameter(Mandatory)]
    # Checked before anything connects or changes: a missing folder must not surface between two installs.
    [ValidateScript({ if (Test-Path -LiteralPath $_ -PathType Container) { $true } else { throw "There is no folder '$_'. Create it first (New-Item -ItemType Directory -Path '$_'); nothing was changed." } })]
    [string] $BackupPath,

    [System.Security.SecureString] $BackupPassword,

    [System.Security.SecureString] $CertificatePassphrase,

    [ValidateSet('Automatic', 'Manual')]
    [string] $Method = 'Automatic',

    [string] $TargetVersion,

    [ValidateScript({ if (Test-Path -LiteralPath $_ -PathType Container) { $true } else { throw "There is no folder '$_' for the package files. Create it first; nothing was changed." } })]
    [string] $PackagePath,

    [uri] $UpdateServer,

    [string] $UpdateServerThumbprint,

    [switch] $IgnoreSiteWait,

    [timespan] $JumpClientTimeout = '00:15:00',

    [switch] $Force
)

$ErrorActionPreference = 'Stop'
if ($Method -eq 'Manual' -and -not $PackagePath) { throw 'The manual path needs -PackagePath, a folder for the package files. Nothing was changed.' }

function Write-Step {
    param([string] $Text)
    Write-Host "==> $Text"
}

function Write-InstallResult {
    param($Result)
    if ($Result) {
        Write-Host "    $($Result.State) in $([int]$Result.Duration.TotalSeconds) s: Base $($Result.BaseVersion), site $($Result.SiteVersion)"
    }
}

$connect = @{ ComputerName = $ComputerName; ApiCredential = $ApiCredential; ApplianceCredential = $ApplianceCredential }
if ($CertificateThumbprint) { $connect.CertificateThumbprint = $CertificateThumbprint }
$session = Connect-Appliance @connect
try {
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
        $export = @{
            Session    = $session
            Path       = Join-Path -Path $BackupPath -ChildPath "$($before.Hostname)-certificate-$(Get-Date -Format FileDateTimeUniversal).pfx"
            Passphrase = $CertificatePassphrase
        }
        $certificate = Export-ApplianceCertificate @export
        if ($certificate) { Write-Host "    certificate and private key: $($certificate.Path)" }
    } else {
        Write-Warning 'No -CertificatePassphrase: the certificate and private key were not exported (the guides recommend it before an upgrade).'
    }

    Write-Step 'Path of packages'
    $pathQuery = @{ Session = $session; Refresh = $true }
    if ($TargetVersion) { $pathQuery.TargetVersion = $TargetVersion }
    if ($IgnoreSiteWait) { $pathQuery.SiteWait = [TimeSpan]::Zero }
    $path = @(Get-ApplianceUpdatePath @pathQuery)
    if ($path.Count -eq 0) {
        Write-Step "$($before.Hostname) is up to date."
        Write-Host "    $($product.RolloutNote)"
        return
    }
    foreach ($step in $path) {
        $wait = if ($step.WaitAfter -gt [TimeSpan]::Zero) { ", then wait $($step.WaitAfter.TotalHours) h" } else { '' }
        Write-Host "    $($step.Order). $($step.Name) ($($step.Type))$wait"
    }

    # Install up to and including the first site package that must be followed by a wait.
    $now = [System.Collections.Generic.List[object]]::new()
    $later = [System.Collections.Generic.List[object]]::new()
    foreach ($step in $path) {
        if ($later.Count -gt 0 -or ($now.Count -gt 0 -and $now[$now.Count - 1].WaitAfter -gt [TimeSpan]::Zero)) { $later.Add($step) } else { $now.Add($step) }
    }

    # What only a person can do before the installs: the guides' release notes, extractable MSI installers and, before a
    # site package, the certificate stores.
    Write-Host "    $($product.ReleaseNotesReminder([string[]] @($path | ForEach-Object { $_.Name })))"
    Write-Host "    $($product.ExtractableInstallersReminder)"
    if (@($now | Where-Object { "$($_.Type)" -eq 'Site' }).Count -gt 0) { Write-Host "    $($product.CertificateStoresReminder)" }

    $install = @{ Session = $session; BackupPath = $BackupPath; Force = $Force }
    if ($BackupPassword) { $install.BackupPassword = $BackupPassword }

    if ($Method -eq 'Automatic') {
        foreach ($step in $now) {
            Write-Step "Install This Update: $($step.Name)"
            Write-InstallResult ($step.Update | Install-ApplianceUpdate @install)
        }
    } elseif ("$($session.Management)" -eq 'Guided') {
        # A real appliance shows its Appliance Download Key on its page only: a person takes it to the update site and
        # downloads the packages into -PackagePath before this runbook installs them (Base first, each watched).
        Write-Step 'Clock and NTP check'
        $clock = Test-ApplianceClock -Session $session
        Write-Host "    appliance clock $($clock.ApplianceTime), off by $([int]$clock.Skew.TotalSeconds) s"
        $files = @(Get-ChildItem -LiteralPath $PackagePath -File | Where-Object { $_.Extension -ne '.nsb' } | Sort-Object -Property Name)
        if ($files.Count -eq 0) {
            throw "No package file in $PackagePath. On $($before.Hostname)'s /appliance > Updates, generate the Appliance Download Key, download the packages at $($product.UpdateServer) into $PackagePath, then run this again. Nothing was installed."
        }
        Write-Step "Manual Installation of $($files.Count) package file(s) from $PackagePath"
        foreach ($result in @($files | Install-ApplianceUpdate @install)) { Write-InstallResult $result }
    } else {
        Write-Step 'Clock and NTP check, then the Appliance Download Key'
        $clock = Test-ApplianceClock -Session $session
        $ntp = if ($clock.NtpSynchronized) { 'synchronised' } else { 'not synchronised' }
        Write-Host "    appliance clock $($clock.ApplianceTime), off by $([int]$clock.Skew.TotalSeconds) s; NTP $ntp"
        $key = Get-ApplianceDownloadKey -Session $session

        $server = if ($UpdateServer) { $UpdateServer } else { $product.UpdateServer }
        Write-Step "Packages from $server (each downloads once)"
        $save = @{ Path = $PackagePath; Product = $session.Product; Name = @($now | Select-Object -ExpandProperty Name) }
        if ($UpdateServer) { $save.UpdateServer = $UpdateServer }
        if ($UpdateServerThumbprint) { $save.CertificateThumbprint = $UpdateServerThumbprint }
        $files = @($key | Save-AppliancePackage @save)
        foreach ($step in $now) {
            $file = $files | Where-Object { $_.Package.Name -eq $step.Name } | Select-Object -First 1
            if (-not $file) {
                if ($WhatIfPreference) { continue }
                throw "The update server did not offer $($step.Name). Contact $($product.SupportPointer)."
            }
            Write-Step "Manual Installation: $(Split-Path -Path $file.Path -Leaf)"
            Write-InstallResult (Install-ApplianceUpdate -Path $file.Path @install)
        }
    }

    Write-Step 'Verify'
    $after = Get-ApplianceStatus -Session $session
    $health = Get-ApplianceHealth -Session $session
    Write-Host "    Base $($before.BaseVersion) -> $($after.BaseVersion), site $($before.SiteVersion) -> $($after.SiteVersion), healthy: $($health.Success)"
    if (-not $WhatIfPreference) {
        $lastSite = $now | Where-Object { $_.Type -eq 'Site' } | Select-Object -Last 1
        if ($lastSite -and $after.SiteVersion.VersionText -ne $lastSite.Version.VersionText) {
            throw "$($after.Hostname) runs site $($after.SiteVersion), not $($lastSite.Version)."
        }
        if (-not $health.Success) { throw "$($after.Hostname) is not healthy after the upgrade: $($health.ErrorMessage)" }
    }
    $jumpClients = $null
    if (-not $WhatIfPreference -and $JumpClientTimeout -gt [timespan]::Zero -and @($now | Where-Object { "$($_.Type)" -eq 'Site' }).Count -gt 0) {
        Write-Step 'Jump Clients (shared Jump Groups, through the Configuration API)'
        $jumpClients = Wait-JumpClientUpgrade -Session $session -ActiveOnly -Timeout $JumpClientTimeout -ErrorAction SilentlyContinue -ErrorVariable jumpClientErrors
        if ($jumpClients) {
            Write-Host "    $jumpClients. Passive Jump Clients check in within 24 hours: Wait-JumpClientUpgrade or Get-JumpClient -NeedsUpdate shows them."
        } elseif ($jumpClientErrors) {
            Write-Host "    Not watched: $($jumpClientErrors[0].Exception.Message)"
        }
    }

    Write-Host "    Check by hand: the $($product.ConsoleName)'s Help > About shows the new build; start real $($product.SessionNoun)."
    Write-Host "    $($product.InstallersAfterUpgrade)"
    Write-Host "    $($product.MsiConsolesAfterUpgrade)"
    Write-Host "    $($product.IntegrationClientsAfterUpgrade)"

    $next = $null
    if ($later.Count -gt 0) {
        $next = (Get-Date).ToUniversalTime().Add($now[$now.Count - 1].WaitAfter)
        Write-Step "Next: $($later[0].Name) not before $($next.ToString('u')) (24 hours after a site package, so that clients update; $($product.SiteWaitSource)). Run this runbook again then."
    }

    [pscustomobject]@{
        Appliance     = $after.Hostname
        Product       = $session.Product
        Method        = $Method
        BaseBefore    = $before.BaseVersion
        SiteBefore    = $before.SiteVersion
        BaseAfter     = $after.BaseVersion
        SiteAfter     = $after.SiteVersion
        Installed     = @($now | Select-Object -ExpandProperty Name)
        Remaining     = @($later | Select-Object -ExpandProperty Name)
        NextNotBefore = $next
        Healthy       = $health.Success
        JumpClients   = $jumpClients
    }
} finally {
    Disconnect-Appliance -Session $session
}
