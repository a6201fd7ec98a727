#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Install-ApplianceUpdate, the automatic path of the guides (Check for updates, Install This Update) with the rules
    around it: -WhatIf changes nothing and refuses what a run refuses, a backup before each install, Base before site,
    24 hours between site packages on an appliance (across runs) unless -IgnoreSiteWait, a blocked package refused
    before anything is sent, hands off after a failed Base install (across processes, until Clear-ApplianceHandsOff).

    Each context starts its own rs-single lab (Base 7.0.2, site 23.2.1; offered: Base Software 7.1.0,
    BeyondTrust-24.1.2, BeyondTrust-24.3.1, a licence add-on). Every install call passes -Confirm:$false: the cmdlet
    is ConfirmImpact High and would otherwise prompt.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestLab.psm1') -Force
    Import-Module (Get-StagedModuleManifest) -Force
    Disconnect-TestApplianceSession
    $stateChanges = 'InstallStarted', 'BackupDownloaded', 'RestoreStarted', 'PackageDownloaded'
}

AfterAll {
    Disconnect-TestApplianceSession
}

Describe 'Install-ApplianceUpdate' {
    Context '-WhatIf and refusals' {
        BeforeAll {
            $lab = Start-TestLab -Topology 'rs-single'
            $connect = Get-TestLabConnectParameter -Lab $lab
            $session = Connect-Appliance @connect
            $backups = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'refusals') -Force).FullName
            $null = Get-ApplianceUpdate -Session $session -Refresh
        }

        AfterAll {
            Disconnect-TestApplianceSession
            Stop-TestLab -Lab $lab
        }

        It '-WhatIf changes nothing: same status, no backup, no install' {
            $before = Get-ApplianceStatus -Session $session

            # The second site package is refused under -WhatIf as in a real run (24 hours after the first).
            $results = @(Get-ApplianceUpdate -Session $session | Install-ApplianceUpdate -BackupPath $backups -WhatIf -ErrorAction SilentlyContinue -ErrorVariable whatIfErrors)
            $results += @(Install-ApplianceUpdate -Session $session -Name 'Base Software 7.1.0' -BackupPath $backups -Force -WhatIf)

            $results | Should -BeNullOrEmpty
            @($whatIfErrors | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Select-Object -Unique) | Should -Be @('SiteWaitRequired')
            $after = Get-ApplianceStatus -Session $session
            $after.BaseVersion.VersionText | Should -Be $before.BaseVersion.VersionText
            $after.SiteVersion.VersionText | Should -Be $before.SiteVersion.VersionText
            $after.State | Should -Be $before.State
            @(Get-TestLabEvent -Lab $lab -Kind $stateChanges) | Should -BeNullOrEmpty
            @((Get-TestLabAppliance -Lab $lab).backupsTaken) | Should -BeNullOrEmpty
            @(Get-ChildItem -LiteralPath $TestDrive -Recurse -File) | Should -BeNullOrEmpty
        }

        It 'writes UpdateNotFound for a name that is not listed' {
            $failure = Get-TestErrorRecord { Install-ApplianceUpdate -Session $session -Name 'BeyondTrust-99.0.0' -BackupPath $backups -Confirm:$false -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'UpdateNotFound,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
        }

        It 'refuses a package still blocked by its requirement before anything is sent' {
            $failure = Get-TestErrorRecord { Install-ApplianceUpdate -Session $session -Name 'BeyondTrust-24.3.1' -BackupPath $backups -Confirm:$false -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'UpdateBlockedByRequirement,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
            @(Get-TestLabEvent -Lab $lab -Kind $stateChanges) | Should -BeNullOrEmpty
            @(Get-TestLabViolation -Lab $lab) | Should -BeNullOrEmpty
        }

        It 'refuses to install without a backup and without -BackupPath (BackupRequired)' {
            $fresh = Connect-Appliance @connect
            try {
                $failure = Get-TestErrorRecord { Install-ApplianceUpdate -Session $fresh -Name 'Base Software 7.1.0' -Confirm:$false -ErrorAction Stop }
                $failure.FullyQualifiedErrorId | Should -Be 'BackupRequired,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
                @(Get-TestLabEvent -Lab $lab -Kind 'InstallStarted') | Should -BeNullOrEmpty
            } finally {
                Disconnect-Appliance -Session $fresh
            }
        }

        It 'writes FileNotFound for a package file that does not exist' {
            $missing = Join-Path $TestDrive 'missing.btpkg'
            $failure = Get-TestErrorRecord { Install-ApplianceUpdate -Session $session -Path $missing -BackupPath $backups -Confirm:$false -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'FileNotFound,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
        }

        It 'needs the /appliance administrator (CredentialRequired)' {
            $apiOnly = Get-TestLabConnectParameter -Lab $lab -NoApplianceCredential
            $apiSession = Connect-Appliance @apiOnly
            try {
                $failure = Get-TestErrorRecord { Install-ApplianceUpdate -Session $apiSession -Name 'Base Software 7.1.0' -BackupPath $backups -Confirm:$false }
                $failure.FullyQualifiedErrorId | Should -Be 'CredentialRequired,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
            } finally {
                Disconnect-Appliance -Session $apiSession
            }
        }

        It 'stops with SessionClosed on a closed session' {
            $closed = Connect-Appliance @connect
            Disconnect-Appliance -Session $closed
            $failure = Get-TestErrorRecord { Install-ApplianceUpdate -Session $closed -Name 'Base Software 7.1.0' -BackupPath $backups -Confirm:$false }
            $failure.FullyQualifiedErrorId | Should -Be 'SessionClosed,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
        }

        It 'changed nothing on the appliance through all of the above' {
            $snapshot = Get-TestLabAppliance -Lab $lab
            $snapshot.baseVersion | Should -Be '7.0.2'
            $snapshot.siteVersion | Should -Be '23.2.1'
            @(Get-TestLabEvent -Lab $lab -Kind 'InstallStarted') | Should -BeNullOrEmpty
        }

        It '-NoWait returns as soon as the install has started' {
            $result = Install-ApplianceUpdate -Session $session -Name 'Base Software 7.1.0' -BackupPath $backups -NoWait -Confirm:$false
            $result.State.ToString() | Should -Be 'Running'
            $result.OperationId | Should -Not -BeNullOrEmpty
            $result.BackupPath | Should -Exist

            $deadline = (Get-Date).AddSeconds(60)
            do {
                Start-Sleep -Milliseconds 250
                $snapshot = Get-TestLabAppliance -Lab $lab
            } until (($snapshot.baseVersion -eq '7.1.0' -and $snapshot.state -eq 'running' -and -not $snapshot.rebooting) -or (Get-Date) -gt $deadline)
            $snapshot.baseVersion | Should -Be '7.1.0'
            @(Get-TestLabViolation -Lab $lab) | Should -BeNullOrEmpty
        }
    }

    Context 'Get-ApplianceUpdate -Refresh | Install-ApplianceUpdate -IgnoreSiteWait' {
        BeforeAll {
            $automaticLab = Start-TestLab -Topology 'rs-single'
            $connect = Get-TestLabConnectParameter -Lab $automaticLab
            $session = Connect-Appliance @connect
            $backups = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'automatic') -Force).FullName
            # -IgnoreSiteWait: both site packages in one run (the guides recommend 24 hours between them).
            $results = @(Get-ApplianceUpdate -Session $session -Refresh |
                    Install-ApplianceUpdate -BackupPath $backups -IgnoreSiteWait -Confirm:$false -WarningVariable installWarnings -WarningAction SilentlyContinue)
        }

        AfterAll {
            Disconnect-TestApplianceSession
            Stop-TestLab -Lab $automaticLab
        }

        It 'installs Base first, then the site packages in version order, licence add-ons last' {
            @($results | ForEach-Object { $_.Type.ToString() }) | Should -Be @('Base', 'Site', 'Site', 'License')
            @($results | ForEach-Object { $_.Name })[0..2] | Should -Be @('Base Software 7.1.0', 'BeyondTrust-24.1.2', 'BeyondTrust-24.3.1')
        }

        It 'waits for each install to succeed' {
            foreach ($result in $results) {
                $result.State.ToString() | Should -Be 'Succeeded'
                $result.Duration | Should -Not -BeNullOrEmpty
            }

            $results[0].BaseVersion.VersionText | Should -Be '7.1.0'
            $results[1].SiteVersion.VersionText | Should -Be '24.1.2'
        }

        It 'takes a verified backup before each install' {
            foreach ($result in $results) {
                $result.BackupPath | Should -Exist
                (Test-ApplianceBackup -Path $result.BackupPath).IntegrityVerified | Should -BeTrue
            }

            @((Get-TestLabAppliance -Lab $automaticLab).backupsTaken).Count | Should -Be $results.Count
        }

        It 'leaves the appliance on the new Base and the latest site version' {
            $status = Get-ApplianceStatus -Session $session
            $status.BaseVersion.VersionText | Should -Be '7.1.0'
            $status.SiteVersion.VersionText | Should -Be '24.3.1'
            $status.State.ToString() | Should -Be 'Running'
        }

        It 'breaks none of the lab''s rules (install without backup, site before Base)' {
            @(Get-TestLabViolation -Lab $automaticLab) | Should -BeNullOrEmpty
            $started = @(Get-TestLabEvent -Lab $automaticLab -Kind 'InstallStarted')
            $started.Count | Should -Be 4
            $started[0].detail | Should -Match '^Base Software 7\.1\.0'
        }

        It 'says, in Remote Support words, who the install cuts off' {
            ($installWarnings -join ' ') | Should -Match 'remote support sessions'
            ($installWarnings -join ' ') | Should -Match 'Jump Clients'
        }

        It 'leaves nothing on the list of available updates' {
            @(Get-ApplianceUpdate -Session $session) | Should -BeNullOrEmpty
        }
    }

    Context 'one site package per run' {
        BeforeAll {
            $waitLab = Start-TestLab -Topology 'rs-single'
            $connect = Get-TestLabConnectParameter -Lab $waitLab
            $session = Connect-Appliance @connect
            # Its Jump Clients never upgrade here, so only the 24 hours count (they may end early once the Jump Clients came back).
            Set-JumpClientUpgradeSetting -Session $session -UpgradeMode PermanentlyDisabled -Confirm:$false
            $results = @(Get-ApplianceUpdate -Session $session -Refresh |
                    Install-ApplianceUpdate -BackupPath (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'wait') -Force).FullName -Confirm:$false -ErrorVariable siteWaitErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        }

        AfterAll {
            Disconnect-TestApplianceSession
            Stop-TestLab -Lab $waitLab
        }

        It 'installs the Base, the first site package and the licence add-on, not the second site package' {
            @($results | ForEach-Object { $_.Name })[0..1] | Should -Be @('Base Software 7.1.0', 'BeyondTrust-24.1.2')
            @($results | ForEach-Object { $_.Name }) | Should -Not -Contain 'BeyondTrust-24.3.1'
            (Get-ApplianceStatus -Session $session).SiteVersion.VersionText | Should -Be '24.1.2'
        }

        It 'says so with the non-terminating error SiteWaitRequired and the 24 hours' {
            @($siteWaitErrors).Count | Should -Be 1
            $siteWaitErrors[0].FullyQualifiedErrorId | Should -Be 'SiteWaitRequired,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
            $siteWaitErrors[0].Exception.Message | Should -Match '24 hours'
            $siteWaitErrors[0].Exception.Message | Should -Match 'IgnoreSiteWait'
        }

        It 'leaves the second site package installable for the next run' {
            (Get-ApplianceUpdate -Session $session -Name 'BeyondTrust-24.3.1').Installable | Should -BeTrue
            @(Get-TestLabViolation -Lab $waitLab) | Should -BeNullOrEmpty
        }

        It 'refuses it again when the same command runs again within 24 hours, saying from when it is allowed' {
            $again = @(Install-ApplianceUpdate -Session $session -Name 'BeyondTrust-24.3.1' -BackupPath (Join-Path $TestDrive 'wait') -Confirm:$false -ErrorVariable againErrors -ErrorAction SilentlyContinue)

            $again | Should -BeNullOrEmpty
            $againErrors[0].FullyQualifiedErrorId | Should -Be 'SiteWaitRequired,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
            $againErrors[0].Exception.Message | Should -Match 'BeyondTrust-24\.1\.2 was installed there at'
            $againErrors[0].Exception.Message | Should -Match 'It can be installed from \d{4}-\d\d-\d\d \d\d:\d\d UTC'
            @(Get-TestLabEvent -Lab $waitLab -Kind 'InstallStarted' | Where-Object { $_.detail -match '^BeyondTrust-24\.3\.1' }) | Should -BeNullOrEmpty
        }

        It '-WhatIf refuses it the same way, and -IgnoreSiteWait -WhatIf warns with the guide''s alternative' {
            $null = Install-ApplianceUpdate -Session $session -Name 'BeyondTrust-24.3.1' -BackupPath (Join-Path $TestDrive 'wait') -WhatIf -ErrorVariable previewErrors -ErrorAction SilentlyContinue
            $previewErrors[0].FullyQualifiedErrorId | Should -Be 'SiteWaitRequired,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'

            $null = Install-ApplianceUpdate -Session $session -Name 'BeyondTrust-24.3.1' -BackupPath (Join-Path $TestDrive 'wait') -IgnoreSiteWait -WhatIf -WarningVariable overrideWarnings -WarningAction SilentlyContinue
            ($overrideWarnings -join ' ') | Should -Match 'shorter than the 24 hours'
            ($overrideWarnings -join ' ') | Should -Match 'remove all'
            (Get-ApplianceStatus -Session $session).SiteVersion.VersionText | Should -Be '24.1.2'
        }
    }

    Context '-WhatIf lists what a run installs' {
        BeforeAll {
            $previewLab = Start-TestLab -Topology 'rs-single'
            $connect = Get-TestLabConnectParameter -Lab $previewLab
            $session = Connect-Appliance @connect
            $null = Get-ApplianceUpdate -Session $session -Refresh
        }

        AfterAll {
            Disconnect-TestApplianceSession
            Stop-TestLab -Lab $previewLab
        }

        It 'refuses the second site package under -WhatIf with SiteWaitRequired, as a real run does' {
            $null = Get-ApplianceUpdate -Session $session -Type Base, Site |
                Install-ApplianceUpdate -BackupPath (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'preview') -Force).FullName -WhatIf -ErrorVariable previewErrors -ErrorAction SilentlyContinue -InformationVariable previewLines

            @($previewErrors | ForEach-Object { $_.FullyQualifiedErrorId }) | Should -Be @('SiteWaitRequired,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand')
            $previewErrors[0].TargetObject | Should -Be 'BeyondTrust-24.3.1'
            @(Get-TestLabEvent -Lab $previewLab -Kind $stateChanges) | Should -BeNullOrEmpty
        }
    }

    Context 'Get-ApplianceUpdatePath -NextHop | Install-ApplianceUpdate' {
        BeforeAll {
            $pathLab = Start-TestLab -Topology 'rs-single'
            $connect = Get-TestLabConnectParameter -Lab $pathLab
            $session = Connect-Appliance @connect
            # Its Jump Clients never upgrade here, so only the 24 hours count (they may end early once the Jump Clients came back).
            Set-JumpClientUpgradeSetting -Session $session -UpgradeMode PermanentlyDisabled -Confirm:$false
            $path = @(Get-ApplianceUpdatePath -Session $session -TargetVersion 24.3.1 -Refresh)
            $firstSite = $path | Where-Object { $_.Type.ToString() -eq 'Site' } | Select-Object -First 1
            # The steps bind to -InputObject by their Update property.
            $results = @(Get-ApplianceUpdatePath -Session $session -TargetVersion 24.3.1 -NextHop |
                    Install-ApplianceUpdate -BackupPath (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'path') -Force).FullName -Confirm:$false -WarningAction SilentlyContinue)
        }

        AfterAll {
            Disconnect-TestApplianceSession
            Stop-TestLab -Lab $pathLab
        }

        It 'installs the Base and the first site package, and stops there' {
            @($results | ForEach-Object { $_.Name }) | Should -Be @('Base Software 7.1.0', 'BeyondTrust-24.1.2')
            $firstSite.WaitAfter | Should -Be ([TimeSpan]::FromHours(24))
            $status = Get-ApplianceStatus -Session $session
            $status.BaseVersion.VersionText | Should -Be '7.1.0'
            $status.SiteVersion.VersionText | Should -Be '24.1.2'
        }

        It 'leaves the next site package installable for the next run' {
            $next = Get-ApplianceUpdate -Session $session -Name 'BeyondTrust-24.3.1'
            $next.Installable | Should -BeTrue
        }

        It 'refuses the next hop with SiteWaitRequired when the same pipeline runs again within 24 hours' {
            $again = @(Get-ApplianceUpdatePath -Session $session -TargetVersion 24.3.1 -NextHop |
                    Install-ApplianceUpdate -BackupPath (Join-Path $TestDrive 'path') -Confirm:$false -ErrorVariable hopErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)

            $again | Should -BeNullOrEmpty
            $hopErrors[0].FullyQualifiedErrorId | Should -Be 'SiteWaitRequired,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
            (Get-ApplianceStatus -Session $session).SiteVersion.VersionText | Should -Be '24.1.2'
        }
    }

    Context 'a failed Base install' {
        BeforeAll {
            $failLab = Start-TestLab -Topology 'rs-single'
            $connect = Get-TestLabConnectParameter -Lab $failLab
            $session = Connect-Appliance @connect
            $backups = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'failed') -Force).FullName
            $null = Get-ApplianceUpdate -Session $session -Refresh
            Add-TestLabFault -Lab $failLab -Kind 'FailNextInstall' -Type 'base'
            $failure = Get-TestErrorRecord {
                Get-ApplianceUpdate -Session $session -Type Base, Site | Install-ApplianceUpdate -BackupPath $backups -Confirm:$false -WarningAction SilentlyContinue
            }
        }

        AfterAll {
            Disconnect-TestApplianceSession
            Stop-TestLab -Lab $failLab
        }

        It 'stops the run with the terminating error BaseUpdateFailed' {
            $failure | Should -Not -BeNullOrEmpty
            $failure.FullyQualifiedErrorId | Should -Be 'BaseUpdateFailed,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
        }

        It 'says: do not restart the appliance, contact the product''s support' {
            $failure.Exception.Message | Should -Match 'Do not restart the appliance'
            $failure.Exception.Message | Should -Match 'BeyondTrust Technical Support'
        }

        It 'installs nothing after the failed Base' {
            $started = @(Get-TestLabEvent -Lab $failLab -Kind 'InstallStarted')
            $started.Count | Should -Be 1
            (Get-TestLabAppliance -Lab $failLab).siteVersion | Should -Be '23.2.1'
            (Get-ApplianceStatus -Session $session).State.ToString() | Should -Be 'Failed'
        }

        It 'refuses every further install through the session with ApplianceHandsOff, before anything is sent' {
            $again = Get-TestErrorRecord { Install-ApplianceUpdate -Session $session -Name 'License Add-on 25 Representatives' -BackupPath $backups -Confirm:$false -ErrorAction Stop }
            $again.FullyQualifiedErrorId | Should -Be 'ApplianceHandsOff,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
            @(Get-TestLabEvent -Lab $failLab -Kind 'InstallStarted').Count | Should -Be 1
            @(Get-TestLabViolation -Lab $failLab | Where-Object { $_.rule -eq 'InstallAfterFailedBase' }) | Should -BeNullOrEmpty
        }

        It 'a fresh PowerShell process refuses with ApplianceHandsOff too, until Clear-ApplianceHandsOff' {
            $child = @"
Import-Module '$(Join-Path $PSScriptRoot 'TestLab.psm1')'
Import-Module (Get-StagedModuleManifest)
`$lab = ConvertFrom-TestLabEndpointFile -Path '$($failLab.EndpointsPath)'
`$connect = Get-TestLabConnectParameter -Lab `$lab
if ('CLEAR' -eq '__MODE__') { Clear-ApplianceHandsOff -ComputerName `$connect.ComputerName -Confirm:`$false }
`$session = Connect-Appliance @connect -WarningVariable connectWarnings -WarningAction SilentlyContinue
"HANDSOFF=`$(`$session.IsHandsOff)"
"WARNING=`$(`$connectWarnings -join ' ')"
try { Install-ApplianceUpdate -Session `$session -Name 'License Add-on 25 Representatives' -BackupPath '$backups' -Confirm:`$false -ErrorAction Stop; 'INSTALLED' }
catch { "ERROR=`$(`$_.FullyQualifiedErrorId)" }
"@
            $first = Invoke-TestPowerShell -Script $child.Replace('__MODE__', 'KEEP') -TimeoutSeconds 300

            $first.Output | Should -Match 'HANDSOFF=True'
            $first.Output | Should -Match 'WARNING=.*is hands-off.*Clear-ApplianceHandsOff'
            $first.Output | Should -Match 'ERROR=ApplianceHandsOff,BeyondTrust\.Upgrade\.Commands\.InstallApplianceUpdateCommand'
            @(Get-TestLabViolation -Lab $failLab | Where-Object { $_.rule -eq 'InstallAfterFailedBase' }) | Should -BeNullOrEmpty

            Clear-ApplianceHandsOff -Session $session -WhatIf
            (Invoke-TestPowerShell -Script $child.Replace('__MODE__', 'KEEP') -TimeoutSeconds 300).Output | Should -Match 'HANDSOFF=True'

            $cleared = Invoke-TestPowerShell -Script $child.Replace('__MODE__', 'CLEAR') -TimeoutSeconds 300

            # The mark is gone: the install is sent, and the lab's appliance (still failed) refuses it itself.
            $cleared.Output | Should -Match 'HANDSOFF=False'
            @(Get-TestLabViolation -Lab $failLab | Where-Object { $_.rule -eq 'InstallAfterFailedBase' }).Count | Should -Be 1
            $record = Clear-ApplianceHandsOff -Session $session -PassThru -Confirm:$false
            $record.HandsOffReason | Should -BeNullOrEmpty
            $record.ClearedHandsOffReason | Should -Match 'Base Software 7\.1\.0 failed'
            $session.IsHandsOff | Should -BeFalse
        }
    }
}
