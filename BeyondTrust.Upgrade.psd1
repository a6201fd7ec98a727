#
# Module manifest for BeyondTrust.Upgrade. This file is the source of truth; the build stages it beside the DLLs
# in out/BeyondTrust.Upgrade/<version>/ and fills {{ModuleVersion}} from Directory.Build.props.
#
@{
    RootModule           = 'BeyondTrust.Upgrade.dll'
    ModuleVersion        = '{{ModuleVersion}}'
    GUID                 = '6f1c2b8e-3d0a-4b57-9a0e-2f4c8d1e7b35'
    Author               = 'BeyondTrust.Upgrade contributors'
    CompanyName          = 'BeyondTrust.Upgrade contributors'
    Copyright            = '(c) BeyondTrust.Upgrade contributors. MIT License.'
    Description          = 'Automates the upgrade procedures of BeyondTrust Remote Support, Privileged Remote Access and legacy Bomgar Privileged Access appliances: backups, automatic and manual updates, and synchronous or asynchronous upgrades of failover pairs as resumable plans.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('BeyondTrust.Upgrade.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-Appliance'
        'Disconnect-Appliance'
        'Get-ApplianceSession'
        'Invoke-ApplianceBackup'
        'Restore-ApplianceBackup'
        'Test-ApplianceBackup'
        'Export-ApplianceCertificate'
        'Test-ApplianceClock'
        'Get-ApplianceDownloadKey'
        'Get-ApplianceHealth'
        'Get-ApplianceIpAddress'
        'Save-AppliancePackage'
        'Test-ApplianceSiteAddress'
        'Get-ApplianceStatus'
        'Get-ApplianceUpdate'
        'Install-ApplianceUpdate'
        'Clear-ApplianceHandsOff'
        'Complete-ApplianceOperatorAction'
        'Get-ApplianceUpdatePath'
        'Export-ApplianceUpgradePlan'
        'Import-ApplianceUpgradePlan'
        'Invoke-ApplianceUpgradePlan'
        'Get-ApplianceUpgradeHistory'
        'Export-ApplianceUpgradeReport'
        'New-ApplianceUpgradePlan'
        'Sync-Failover'
        'Get-FailoverRelationship'
        'New-FailoverRelationship'
        'Remove-FailoverRelationship'
        'Set-FailoverRole'
        'Set-SharedIpEnabled'
        'Get-ClusterNode'
        'Set-ClusterNode'
        'Publish-ClusterPackage'
        'Sync-Cluster'
        'Get-ConnectedClient'
        'Wait-ClusterNodeDrain'
        'Set-FailoverRelationship'
        'Get-ApplianceCertificate'
        'Import-ApplianceCertificate'
        'Set-ApplianceCertificate'
        'Reset-Appliance'
        'Stop-Appliance'
        'Initialize-Appliance'
        'Get-JumpClient'
        'Wait-JumpClientUpgrade'
        'Get-JumpClientUpgradeSetting'
        'Set-JumpClientUpgradeSetting'
        'Test-ApplianceUpgradeReadiness'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('BeyondTrust', 'Bomgar', 'RemoteSupport', 'PrivilegedRemoteAccess', 'Appliance', 'Upgrade', 'Failover', 'Runbook', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/beyondtrust-upgrade/BeyondTrust.Upgrade'
            LicenseUri   = 'https://github.com/beyondtrust-upgrade/BeyondTrust.Upgrade/blob/main/LICENSE'
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
