#Requires -Version 5.1
<#
.SYNOPSIS
    Moves a BeyondTrust Remote Support, Privileged Remote Access or Bomgar Privileged Access site to a new physical or
    virtual appliance, certificate and settings included, then (when asked) retires the old appliance. Resumable.

.DESCRIPTION
    Follows the vendor guide's "Upgrade BeyondTrust Hardware" chapter as a resumable plan (New-ApplianceUpgradePlan
    -Strategy HardwareMigration), checkpointing every step to -StatePath:
    window 1 backs up the old appliance and exports its certificate (certificate, private key and chain, protected by
    -CertificatePassphrase); on the new appliance imports it and makes it serve (Assign IP on Remote Support and Bomgar,
    the Default certificate on Privileged Remote Access; a certificate with warnings is refused unless
    -AllowCertificateWarning), installs the old appliance's site version (the EULA only with -AcceptEula), completes the
    first /login, restores the backup and verifies it; then your -SwitchScript moves DNS (or NAT) to the new appliance,
    and the run waits until the site address answers from it with the old certificate.
    Window 2 runs only with -RetireOldAppliance, once you have confirmed the new appliance functions properly: the old
    appliance is reset to factory defaults and shut down (a virtual one: delete it afterwards).
    Later runs with the same -PlanPath and -StatePath resume where the last one stopped.

    Runs unchanged in Windows PowerShell 5.1 and PowerShell 7.x. Supports -WhatIf: nothing on the appliances changes
    and no state is written.

.PARAMETER ComputerName
    The old appliance (the one that serves the site now).

.PARAMETER NewComputerName
    The new appliance, installed per the vendor's setup guide and answering on /appliance.

.PARAMETER ApiCredential
    The old appliance's API account (/login > Management > API Configuration): user name = OAuth client id, password =
    client secret. The restore brings it to the new appliance, which the run then uses.

.PARAMETER ApplianceCredential
    The old appliance's /appliance administrator.

.PARAMETER NewApplianceCredential
    The new appliance's /appliance administrator (set during its setup). Default: -ApplianceCredential.

.PARAMETER NewApplianceLoginCredential
    admin and the password the new appliance's first /login gets (the first-time login is admin / password); the
    restore replaces it with the old appliance's /login users.

.PARAMETER CertificateThumbprint
    Pins the old appliance's certificate.

.PARAMETER NewCertificateThumbprint
    Pins the new appliance's own certificate (on its unique address).

.PARAMETER BackupPath
    The folder for the backup and the exported certificate; also the default folder of the plan and its state.

.PARAMETER BackupPassword
    Protects the backup (an ASCII password: the restore sends it in an HTTP header).

.PARAMETER CertificatePassphrase
    Protects the exported certificate's private key.

.PARAMETER AcceptEula
    You accept the EULA the new appliance asks for before its first install.

.PARAMETER AllowCertificateWarning
    Serve the certificate even when the new appliance lists warnings for it (the guide asks to resolve them first).

.PARAMETER SwitchMethod
    Dns (default) or Nat.

.PARAMETER SwitchScript
    Points the site hostname (DNS) or the NAT entry to the new appliance: called with the sessions of the old and the
    new appliance.

.PARAMETER VerifyScript
    Your own checks of the new appliance (a session test): called with its session; throw to stop the plan.

.PARAMETER SiteAddress
    The site address (primary hostname), e.g. https://support.example.com.

.PARAMETER SiteThumbprint
    Pins the site address's certificate (the old appliance's, which the new one serves once the run is done).

.PARAMETER SiteHostname
    The site hostname when -SiteAddress reaches it by another name (a lab, a proxy).

.PARAMETER RetireOldAppliance
    Run window 2: factory-reset and shut down the old appliance. Only once the new one functions properly.

.PARAMETER PlanPath
    The plan (JSON): written on the first run, read on the next ones. Default: migration-plan.json in -BackupPath.

.PARAMETER StatePath
    The checkpoint file. Default: migration-state.json in -BackupPath.

.PARAMETER Force
    No confirmation prompts (unattended runs). -WhatIf still applies.

.EXAMPLE
    $dns = { param($old, $new) Set-DnsServerResourceRecord ... }   # your DNS change
    ./Move-ApplianceToNewHardware.ps1 -ComputerName support-old.example.com -NewComputerName support-new.example.com `
        -ApiCredential $api -ApplianceCredential $admin -NewApplianceLoginCredential $login -CertificatePassphrase $pass `
        -BackupPath D:\Backups -SiteAddress https://support.example.com -SwitchScript $dns -AcceptEula

.EXAMPLE
    ./Move-ApplianceToNewHardware.ps1 ... -RetireOldAppliance    # after testing: reset and shut down the old appliance

.OUTPUTS
    The run's result from Invoke-ApplianceUpgradePlan: Completed, StepsDone and StepsTotal.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [string] $ComputerName,

    [Parameter(Mandatory)]
    [string] $NewComputerName,

    [Parameter(Mandatory)]
    [System.Management.Automation.PSCredential] $ApiCredential,

    [Parameter(Mandatory)]
    [System.Management.Automation.PSCredential] $ApplianceCredential,

    [System.Management.Automation.PSCredential] $NewApplianceCredential,

    [System.Management.Automation.PSCredential] $NewApplianceLoginCredential,

    [string] $CertificateThumbprint,

    [string] $NewCertificateThumbprint,

    [Parameter(Mandatory)]
    [ValidateScript({ if (Test-Path -LiteralPath $_ -PathType Container) { $true } else { throw "There is no folder '$_'. Create it first (New-Item -ItemType Directory -Path '$_'); nothing was changed." } })]
    [string] $BackupPath,

    [System.Security.SecureString] $BackupPassword,

    [Parameter(Mandatory)]
    [System.Security.SecureString] $CertificatePassphrase,

    [switch] $AcceptEula,

    [switch] $AllowCertificateWarning,

    [ValidateSet('Dns', 'Nat')]
    [string] $SwitchMethod = 'Dns',

    [Parameter(Mandatory)]
    [scriptblock] $SwitchScript,

    [scriptblock] $VerifyScript,

    [Parameter(Mandatory)]
    [uri] $SiteAddress,

    [string] $SiteThumbprint,

    [string] $SiteHostname,

    [switch] $RetireOldAppliance,

    [string] $PlanPath,

    [string] $StatePath,

    [switch] $Force
)

$ErrorActionPreference = 'Stop'
if (-not $PlanPath) { $PlanPath = Join-Path -Path $BackupPath -ChildPath 'migration-plan.json' }
if (-not $StatePath) { $StatePath = Join-Path -Path $BackupPath -ChildPath 'migration-state.json' }
if (-not $NewApplianceCredential) { $NewApplianceCredential = $ApplianceCredential }

$connectOld = @{ ComputerName = $ComputerName; ApiCredential = $ApiCredential; ApplianceCredential = $ApplianceCredential }
if ($CertificateThumbprint) { $connectOld.CertificateThumbprint = $CertificateThumbprint }
try {
    $old = Connect-Appliance @connectOld
} catch {
    if (-not (Test-Path -LiteralPath $PlanPath -PathType Leaf)) { throw }
    # Resuming window 2 after the old appliance's factory reset: its site software and API account are gone, its
    # /appliance pages still answer (until the shutdown).
    Write-Warning "The old appliance does not accept the API account ($($_.Exception.Message)); connecting to its /appliance pages only."
    $connectOld.Remove('ApiCredential')
    try {
        $old = Connect-Appliance @connectOld
    } catch {
        # Off after its factory reset: the run that asked for its shutdown stopped before it recorded the end. Only then
        # (the reset done, and nothing accepting a connection at its address) is the migration complete; else the error stands.
        $reset = if (Test-Path -LiteralPath $StatePath -PathType Leaf) {
            @((Get-Content -LiteralPath $StatePath -Raw | ConvertFrom-Json).steps | Where-Object { $_.id -eq 'w2-factory-reset' -and $_.status -eq 'Done' })
        } else { @() }
        $address = [uri]$(if ($ComputerName -match '://') { $ComputerName } else { "https://$ComputerName" })
        $tcp = New-Object -TypeName System.Net.Sockets.TcpClient
        try {
            $tcp.Connect($address.Host, $address.Port)
            $answers = $true
        } catch {
            $answers = $false
        } finally {
            $tcp.Dispose()
        }
        if ($reset.Count -eq 0 -or $answers) { throw }
        Write-Host "==> The old appliance $ComputerName refuses connections after its factory reset: it was shut down, so the migration is complete. Delete it if virtual, or return it."
        return
    }
}
# The API account is the old appliance's: the new one accepts it once the restore brought it (-AccountPendingRestore).
$connectNew = @{ ComputerName = $NewComputerName; ApplianceCredential = $NewApplianceCredential; ApiCredential = $ApiCredential; AccountPendingRestore = $true }
# The product is the old appliance's: a factory-new real appliance says nothing of itself before its site is installed.
if ($old.Product -ne 'Unknown') { $connectNew.Product = $old.Product }
if ($NewCertificateThumbprint) { $connectNew.CertificateThumbprint = $NewCertificateThumbprint }
try {
    # Once the restore brought the old appliance's API account, the new appliance accepts it (a factory-new one is
    # opened without it being asked; a real one is opened guided with it, and watched until the restore brings it).
    $new = Connect-Appliance @connectNew
} catch {
    # Its site runs, but the restore has not happened yet: its /appliance pages are all the plan needs until then.
    $connectNew.Remove('ApiCredential')
    $new = Connect-Appliance @connectNew
}
try {
    $site = @{ SiteAddress = $SiteAddress }
    if ($SiteThumbprint) { $site.SiteThumbprint = $SiteThumbprint }

    if (Test-Path -LiteralPath $PlanPath -PathType Leaf) {
        $plan = Import-ApplianceUpgradePlan -Path $PlanPath
        Write-Host "==> Resuming plan $($plan.Id) from $PlanPath (state $StatePath)"
    } else {
        $newPlan = @{ Session = $old; NewSession = $new; Strategy = 'HardwareMigration'; SwitchMethod = $SwitchMethod }
        if ($SiteHostname) { $newPlan.SiteHostname = $SiteHostname }
        $plan = New-ApplianceUpgradePlan @newPlan @site
        # A -WhatIf run saves no plan: the real run plans again from the appliances as they are then.
        if (-not $WhatIfPreference) { Export-ApplianceUpgradePlan -Plan $plan -Path $PlanPath | Out-Null }
        Write-Host "==> New $($plan.Strategy) plan $($plan.Id) for $($plan.ProductName) (site $($plan.TargetVersion)), saved to $PlanPath"
        Write-Host "    $($plan.TradeOff)"
        foreach ($note in $plan.Notes) { Write-Host "    note: $note" }
    }
    foreach ($appliance in $plan.Appliances) {
        Write-Host "    $($appliance.Label) = $($appliance.Hostname) ($($appliance.UniqueAddress))"
    }
    foreach ($step in $plan.Steps) {
        Write-Host ('    {0,3}. [W{1} {2}] {3}: {4}' -f $step.Number, $step.Window, $step.Appliance, $step.Action, $step.Description)
        if ($step.Reminder) { Write-Host "             reminder: $($step.Reminder)" }
    }

    $run = @{
        Plan = $plan; Session = $old; NewSession = $new; StatePath = $StatePath; BackupPath = $BackupPath; Force = $Force
        CertificatePassphrase = $CertificatePassphrase; SwitchScript = $SwitchScript
        AcceptEula = $AcceptEula; AllowCertificateWarning = $AllowCertificateWarning; RetireOldAppliance = $RetireOldAppliance
    }
    if ($NewApplianceLoginCredential) { $run.NewApplianceLoginCredential = $NewApplianceLoginCredential }
    if ($BackupPassword) { $run.BackupPassword = $BackupPassword }
    if ($VerifyScript) { $run.VerifyScript = $VerifyScript }
    $result = Invoke-ApplianceUpgradePlan @run @site
    if ($result) {
        if ($result.Completed) {
            Write-Host "==> Plan $($plan.Id) completed: $($result.StepsDone) of $($result.StepsTotal) steps. The old appliance is off: delete it if virtual, or return it."
        } elseif ($result.StoppedAfterWindow -eq 1) {
            Write-Host "==> The new appliance serves the site. Test it; then run again with -RetireOldAppliance to reset and shut down the old appliance."
        } else {
            Write-Host "==> Stopped: $($result.StepsDone) of $($result.StepsTotal) steps done. Run again with the same -PlanPath and -StatePath to continue."
        }
        $result
    }
} finally {
    $old, $new | ForEach-Object { Disconnect-Appliance -Session $_ }
}
