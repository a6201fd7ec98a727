#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    The staged module: its manifest, what it exports, and the parameter contract of every cmdlet (names, parameter
    sets, ShouldProcess). A change to a cmdlet's parameters must change the table below on purpose.
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestLab.psm1') -Force
    Import-Module (Get-StagedModuleManifest) -Force
    $exportedCmdlets = @((Get-Module -Name BeyondTrust.Upgrade).ExportedCmdlets.Keys | Sort-Object)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestLab.psm1') -Force
    $manifestPath = Get-StagedModuleManifest
    $module = Import-Module $manifestPath -Force -PassThru
    $manifestData = Import-PowerShellDataFile -Path $manifestPath
    $stagedFolder = Split-Path -Parent $manifestPath

    # The parameters of each cmdlet (common parameters and WhatIf/Confirm left out) and its parameter sets.
    $contract = @{
        'Connect-Appliance'           = @{ Parameters = 'ComputerName', 'ApiCredential', 'ApplianceCredential', 'CertificateThumbprint', 'SkipCertificateCheck', 'AccountPendingRestore', 'Name', 'Product', 'RetryTimeout', 'Management', 'OperatorMode', 'OperatorTimeout'; Sets = @('__AllParameterSets') }
        'Disconnect-Appliance'        = @{ Parameters = @('Session'); Sets = @('__AllParameterSets') }
        'Get-ApplianceSession'        = @{ Parameters = @('Name'); Sets = @('__AllParameterSets') }
        'Export-ApplianceCertificate' = @{ Parameters = 'Path', 'Passphrase', 'Session'; Sets = @('__AllParameterSets') }
        'Get-ApplianceDownloadKey'    = @{ Parameters = 'ClockTolerance', 'Session'; Sets = @('__AllParameterSets') }
        'Get-ApplianceHealth'         = @{ Parameters = 'Public', 'Session', 'ThrottleLimit'; Sets = 'Detailed', 'Public' }
        'Get-ApplianceStatus'         = @{ Parameters = 'Session', 'ThrottleLimit'; Sets = @('__AllParameterSets') }
        'Get-ApplianceUpdate'         = @{ Parameters = 'Name', 'Type', 'Refresh', 'Session'; Sets = @('__AllParameterSets') }
        'Get-ApplianceUpdatePath'     = @{ Parameters = 'TargetVersion', 'Refresh', 'SiteWait', 'NextHop', 'Session'; Sets = @('__AllParameterSets') }
        'Install-ApplianceUpdate'     = @{ Parameters = 'InputObject', 'Name', 'Path', 'Version', 'ExpectedHash', 'BackupPath', 'BackupPassword', 'NoWait', 'IgnoreSiteWait', 'Force', 'AcceptEula', 'Session'; Sets = 'InputObject', 'Name', 'Path', 'Version' }
        'Clear-ApplianceHandsOff'     = @{ Parameters = 'Session', 'ComputerName', 'Force', 'PlanHold', 'PassThru'; Sets = 'Session', 'ComputerName' }
        'Complete-ApplianceOperatorAction' = @{ Parameters = 'Session', 'ComputerName', 'Action', 'PassThru'; Sets = 'Session', 'ComputerName' }
        'Invoke-ApplianceBackup'      = @{ Parameters = 'Path', 'Password', 'Force', 'Session', 'ThrottleLimit'; Sets = @('__AllParameterSets') }
        'Restore-ApplianceBackup'     = @{ Parameters = 'Path', 'Password', 'AllowFailoverMember', 'AllowVersionMismatch', 'Force', 'Session'; Sets = @('__AllParameterSets') }
        'Save-AppliancePackage'       = @{ Parameters = 'Key', 'Path', 'Name', 'All', 'Force', 'Product', 'UpdateServer', 'CertificateThumbprint', 'SkipCertificateCheck'; Sets = 'All', 'Name' }
        'Test-ApplianceBackup'        = @{ Parameters = 'Path', 'Password', 'Quiet'; Sets = @('__AllParameterSets') }
        'Test-ApplianceClock'         = @{ Parameters = 'Tolerance', 'Quiet', 'Session', 'ThrottleLimit'; Sets = @('__AllParameterSets') }
        'Get-ApplianceIpAddress'      = @{ Parameters = 'Shared', 'Session', 'ThrottleLimit'; Sets = @('__AllParameterSets') }
        'Test-ApplianceSiteAddress'   = @{ Parameters = 'SiteAddress', 'CertificateThumbprint', 'Timeout', 'Quiet', 'Session'; Sets = @('__AllParameterSets') }
        'Get-FailoverRelationship'    = @{ Parameters = 'Session', 'ThrottleLimit'; Sets = @('__AllParameterSets') }
        'Sync-Failover'               = @{ Parameters = 'Timeout', 'Session'; Sets = @('__AllParameterSets') }
        'Remove-FailoverRelationship' = @{ Parameters = 'Force', 'Session'; Sets = @('__AllParameterSets') }
        'New-FailoverRelationship'    = @{ Parameters = 'BackupSession', 'BackupHost', 'BackupPort', 'ReverseHost', 'ReversePort', 'SiteHostname', 'SiteAddress', 'NoWait', 'Session'; Sets = @('__AllParameterSets') }
        'Set-FailoverRole'            = @{ Parameters = 'Role', 'DataSyncFirst', 'IgnoreUnreachablePeer', 'Force', 'Session'; Sets = @('__AllParameterSets') }
        'Set-SharedIpEnabled'         = @{ Parameters = 'Address', 'Enabled', 'From', 'Force', 'Session'; Sets = 'Address', 'Move' }
        'New-ApplianceUpgradePlan'    = @{ Parameters = 'Strategy', 'PeerSession', 'NodeSession', 'NewSession', 'SwitchMethod', 'TargetVersion', 'IgnoreSiteWait', 'SiteAddress', 'SiteHostname', 'SiteThumbprint', 'Session', 'WaitForJumpClients'; Sets = @('__AllParameterSets') }
        'Export-ApplianceUpgradePlan' = @{ Parameters = 'Plan', 'Path', 'Force'; Sets = @('__AllParameterSets') }
        'Import-ApplianceUpgradePlan' = @{ Parameters = @('Path'); Sets = @('__AllParameterSets') }
        'Invoke-ApplianceUpgradePlan' = @{ Parameters = 'Plan', 'PeerSession', 'NodeSession', 'ThrottleLimit', 'DrainTimeout', 'StatePath', 'BackupPath', 'BackupPassword', 'StopAfterWindow', 'SiteAddress', 'SiteThumbprint', 'SwitchScript', 'VerifyScript', 'NewSession', 'CertificatePassphrase', 'NewApplianceLoginCredential', 'AcceptEula', 'AllowCertificateWarning', 'RetireOldAppliance', 'Force', 'ForceRecovery', 'Session', 'JumpClientWaitTimeout', 'StateDirectory', 'MaxFailedAppliances'; Sets = 'StateFile', 'Fleet' }
        'Get-ApplianceUpgradeHistory' = @{ Parameters = 'Path', 'Since', 'Until', 'Completed', 'Failed'; Sets = @('__AllParameterSets') }
        'Export-ApplianceUpgradeReport' = @{ Parameters = 'Path', 'OutFile', 'Format', 'Title', 'Force', 'PassThru'; Sets = @('__AllParameterSets') }
        'Get-ClusterNode'             = @{ Parameters = 'Name', 'Session'; Sets = @('__AllParameterSets') }
        'Set-ClusterNode'             = @{ Parameters = 'Name', 'InputObject', 'AcceptingNewClientConnections', 'Force', 'Session'; Sets = 'Name', 'InputObject' }
        'Publish-ClusterPackage'      = @{ Parameters = 'InputObject', 'Timeout', 'Force', 'Session'; Sets = @('__AllParameterSets') }
        'Sync-Cluster'                = @{ Parameters = 'Timeout', 'Session'; Sets = @('__AllParameterSets') }
        'Get-ConnectedClient'         = @{ Parameters = 'Type', 'Summary', 'Session', 'ThrottleLimit'; Sets = 'Client', 'Summary' }
        'Wait-ClusterNodeDrain'       = @{ Parameters = 'Name', 'Timeout', 'Session'; Sets = @('__AllParameterSets') }
        'Set-FailoverRelationship'    = @{ Parameters = 'BackupOperationsEnabled', 'Force', 'Session'; Sets = @('__AllParameterSets') }
        'Get-ApplianceCertificate'    = @{ Parameters = 'Session', 'ThrottleLimit'; Sets = @('__AllParameterSets') }
        'Import-ApplianceCertificate' = @{ Parameters = 'Path', 'Passphrase', 'Session'; Sets = @('__AllParameterSets') }
        'Set-ApplianceCertificate'    = @{ Parameters = 'InputObject', 'Id', 'IpAddress', 'AllowCertificateWarning', 'Force', 'Session'; Sets = 'InputObject', 'Id' }
        'Reset-Appliance'             = @{ Parameters = 'Force', 'Session'; Sets = @('__AllParameterSets') }
        'Stop-Appliance'              = @{ Parameters = 'Timeout', 'Force', 'Session'; Sets = @('__AllParameterSets') }
        'Initialize-Appliance'        = @{ Parameters = 'LoginCredential', 'ApiAccountName', 'PassThru', 'Session'; Sets = @('__AllParameterSets') }
        'Get-JumpClient'              = @{ Parameters = 'Name', 'Hostname', 'Tag', 'JumpGroupId', 'ConnectionType', 'NeedsUpdate', 'Lost', 'Session', 'ThrottleLimit'; Sets = @('__AllParameterSets') }
        'Wait-JumpClientUpgrade'      = @{ Parameters = 'Timeout', 'ActiveOnly', 'Session', 'ThrottleLimit'; Sets = @('__AllParameterSets') }
        'Get-JumpClientUpgradeSetting' = @{ Parameters = 'Session', 'ThrottleLimit'; Sets = @('__AllParameterSets') }
        'Test-ApplianceUpgradeReadiness' = @{ Parameters = 'TargetVersion', 'ClockTolerance', 'SyncMaxAge', 'BackupMaxAge', 'Quiet', 'Session', 'ThrottleLimit'; Sets = @('__AllParameterSets') }
        'Set-JumpClientUpgradeSetting' = @{ Parameters = 'MaxConcurrentUpgrades', 'MaxUpgradeBandwidthMiBps', 'GlobalConnectionRate', 'UpgradeMode', 'PassThru', 'Session', 'ThrottleLimit'; Sets = @('__AllParameterSets') }
    }
    $stateChanging = @(
        'Export-ApplianceCertificate', 'Install-ApplianceUpdate', 'Invoke-ApplianceBackup', 'Restore-ApplianceBackup', 'Save-AppliancePackage'
        'Sync-Failover', 'Remove-FailoverRelationship', 'New-FailoverRelationship', 'Set-FailoverRole', 'Set-SharedIpEnabled'
        'Export-ApplianceUpgradePlan', 'Invoke-ApplianceUpgradePlan', 'Clear-ApplianceHandsOff', 'Complete-ApplianceOperatorAction', 'Export-ApplianceUpgradeReport'
        'Set-ClusterNode', 'Publish-ClusterPackage', 'Sync-Cluster', 'Set-FailoverRelationship'
        'Import-ApplianceCertificate', 'Set-ApplianceCertificate', 'Reset-Appliance', 'Stop-Appliance', 'Initialize-Appliance'
        'Set-JumpClientUpgradeSetting'
    )
    # The cmdlets that end users' sessions or move the site: they ask for confirmation by default.
    $highImpact = @(
        'Install-ApplianceUpdate', 'Restore-ApplianceBackup', 'Remove-FailoverRelationship', 'Set-FailoverRole', 'Set-SharedIpEnabled'
        'Invoke-ApplianceUpgradePlan', 'Clear-ApplianceHandsOff', 'Set-ApplianceCertificate', 'Reset-Appliance', 'Stop-Appliance'
    )
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'The staged manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'has the version of Directory.Build.props' {
        (Test-ModuleManifest -Path $manifestPath).Version.ToString() | Should -Be (Get-TestModuleVersion)
        $module.Version.ToString() | Should -Be (Get-TestModuleVersion)
    }

    It 'loads the cmdlet DLL as its root module' {
        $manifestData.RootModule | Should -Be 'BeyondTrust.Upgrade.dll'
        $module.ModuleType | Should -Be 'Binary'
    }

    It 'runs on Windows PowerShell 5.1 and PowerShell 7' {
        $manifestData.PowerShellVersion | Should -Be '5.1'
        $manifestData.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
    }

    It 'exports no functions, variables or aliases' {
        $manifestData.FunctionsToExport | Should -BeNullOrEmpty
        $manifestData.VariablesToExport | Should -BeNullOrEmpty
        $manifestData.AliasesToExport | Should -BeNullOrEmpty
    }

    It 'has the gallery metadata' {
        $manifestData.PrivateData.PSData.Tags | Should -Contain 'BeyondTrust'
        $manifestData.PrivateData.PSData.ProjectUri | Should -Match '^https://'
        $manifestData.PrivateData.PSData.LicenseUri | Should -Match '^https://'
    }

    It 'stages the files it names: <_>' -ForEach @(
        'BeyondTrust.Upgrade.dll'
        'BeyondTrust.Upgrade.Client.dll'
        'BeyondTrust.Upgrade.format.ps1xml'
        'en-US/BeyondTrust.Upgrade.dll-Help.xml'
        'en-US/about_BeyondTrust.Upgrade.help.txt'
    ) {
        Join-Path $stagedFolder $_ | Should -Exist
    }

    It 'names format files that exist' {
        foreach ($format in @($manifestData.FormatsToProcess)) {
            Join-Path $stagedFolder $format | Should -Exist
        }
    }
}

Describe 'Exported cmdlets' {
    It 'lists each cmdlet once in CmdletsToExport' {
        $names = @($manifestData.CmdletsToExport)
        @($names | Sort-Object -Unique).Count | Should -Be $names.Count
    }

    It 'exports exactly the cmdlets the DLL defines, both ways' {
        $defined = @($module.ImplementingAssembly.GetExportedTypes() |
                Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).Count -gt 0 } |
                ForEach-Object {
                    $attribute = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
                    '{0}-{1}' -f $attribute.VerbName, $attribute.NounName
                })
        $listed = @($manifestData.CmdletsToExport)
        Compare-Object -ReferenceObject $listed -DifferenceObject $defined | Should -BeNullOrEmpty
        Compare-Object -ReferenceObject $listed -DifferenceObject @($module.ExportedCmdlets.Keys) | Should -BeNullOrEmpty
    }

    It 'has a parameter contract for every exported cmdlet' {
        Compare-Object -ReferenceObject @($contract.Keys) -DifferenceObject @($module.ExportedCmdlets.Keys) | Should -BeNullOrEmpty
    }
}

Describe 'Parameter contract of <_>' -ForEach $exportedCmdlets {
    BeforeAll {
        $command = Get-Command -Name $_ -Module BeyondTrust.Upgrade
        $expected = $contract[$_]
        $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
    }

    It 'has the expected parameters' {
        $actual = @($command.Parameters.Keys | Where-Object { $common -notcontains $_ })
        Compare-Object -ReferenceObject @($expected.Parameters) -DifferenceObject $actual | Should -BeNullOrEmpty
    }

    It 'has the expected parameter sets' {
        $actual = @($command.ParameterSets | ForEach-Object { $_.Name })
        Compare-Object -ReferenceObject @($expected.Sets) -DifferenceObject $actual | Should -BeNullOrEmpty
    }

    It 'supports ShouldProcess exactly when it changes state' {
        $command.Parameters.ContainsKey('WhatIf') | Should -Be ($stateChanging -contains $command.Name)
        $attribute.SupportsShouldProcess | Should -Be ($stateChanging -contains $command.Name)
    }

    It 'asks for confirmation by default only when it ends sessions or moves the site' {
        if ($highImpact -contains $command.Name) {
            $attribute.ConfirmImpact | Should -Be 'High'
        } else {
            $attribute.ConfirmImpact | Should -Not -Be 'High'
        }
    }

    It 'declares its output type' {
        $command.OutputType | Should -Not -BeNullOrEmpty
    }

    It 'never binds -Force or -PassThru from the pipeline' {
        foreach ($name in 'Force', 'PassThru') {
            if ($command.Parameters.ContainsKey($name)) {
                $command.Parameters[$name].Attributes |
                    Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and ($_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName) } |
                    Should -BeNullOrEmpty
            }
        }
    }
}
