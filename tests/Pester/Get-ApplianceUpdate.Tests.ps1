#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Get-ApplianceUpdate (Updates > Check for updates, Available Updates) and Get-ApplianceUpdatePath (the route to a
    version, Base before site, 24 hours between site packages). Read-only: nothing is installed here.

    The rs-single lab appliance runs Base 7.0.2 and site 23.2.1; its catalogue offers Base Software 7.1.0,
    BeyondTrust-24.1.2 (needs Base 7.1.0), BeyondTrust-24.3.1 (needs site 24.1.0 and Base 7.1.0) and a licence add-on.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestLab.psm1') -Force
    Import-Module (Get-StagedModuleManifest) -Force
    Disconnect-TestApplianceSession
    $lab = Start-TestLab -Topology 'rs-single'
    $connect = Get-TestLabConnectParameter -Lab $lab
    $session = Connect-Appliance @connect
}

AfterAll {
    Disconnect-TestApplianceSession
    Stop-TestLab -Lab $lab
}

Describe 'Get-ApplianceUpdate' {
    It 'warns and lists nothing before the appliance has checked for updates' {
        $updates = @(Get-ApplianceUpdate -Session $session -WarningVariable warnings -WarningAction SilentlyContinue)
        $updates.Count | Should -Be 0
        ($warnings -join ' ') | Should -Match '-Refresh'
    }

    Context 'after Check for updates' {
        BeforeAll {
            $updates = @(Get-ApplianceUpdate -Session $session -Refresh)
        }

        It 'lists the Base, site and licence packages newer than the installed ones' {
            $updates.Name | Should -Contain 'Base Software 7.1.0'
            $updates.Name | Should -Contain 'BeyondTrust-24.1.2'
            $updates.Name | Should -Contain 'BeyondTrust-24.3.1'
            @($updates | Where-Object { $_.Type.ToString() -eq 'License' }).Count | Should -Be 1
            $updates.Name | Should -Not -Contain 'Base Software 6.9.4'
            $updates.Name | Should -Not -Contain 'BeyondTrust-23.1.3'
        }

        It 'tells packages apart by type' {
            ($updates | Where-Object { $_.Name -eq 'Base Software 7.1.0' }).Type.ToString() | Should -Be 'Base'
            ($updates | Where-Object { $_.Name -eq 'BeyondTrust-24.1.2' }).Type.ToString() | Should -Be 'Site'
        }

        It 'marks a package blocked by a requirement, with the appliance''s reason' {
            $base = $updates | Where-Object { $_.Name -eq 'Base Software 7.1.0' }
            $site = $updates | Where-Object { $_.Name -eq 'BeyondTrust-24.1.2' }
            $base.Installable | Should -BeTrue
            $site.Installable | Should -BeFalse
            $site.BlockedReason | Should -Match '7\.0\.2 does not satisfy 24\.1\.2'
            @($site.Requires | ForEach-Object { $_.ToString() }) | Should -Contain 'base >= 7.1.0'
        }

        It 'leads each update with its appliance' {
            foreach ($update in $updates) {
                $update.Appliance | Should -Be $session.Name
                $update.BaseUri | Should -Be $session.BaseUri
            }
        }

        It 'lists the same without -Refresh, and without a warning' {
            $again = @(Get-ApplianceUpdate -Session $session -WarningVariable warnings)
            $warnings | Should -BeNullOrEmpty
            Compare-Object -ReferenceObject @($updates.Id) -DifferenceObject @($again.Id) | Should -BeNullOrEmpty
        }

        It 'filters by -Type' {
            $bases = @(Get-ApplianceUpdate -Session $session -Type Base)
            $bases.Count | Should -Be 1
            $bases[0].Name | Should -Be 'Base Software 7.1.0'
            @(Get-ApplianceUpdate -Session $session -Type Base, Site).Count | Should -Be 3
        }

        It 'filters by -Name with wildcards, and by id' {
            @(Get-ApplianceUpdate -Session $session -Name 'BeyondTrust-*').Count | Should -Be 2
            (Get-ApplianceUpdate -Session $session -Name 'site-24.1.2').Name | Should -Be 'BeyondTrust-24.1.2'
            (Get-ApplianceUpdate -Session $session 'base software 7.1.0').Name | Should -Be 'Base Software 7.1.0'
        }

        It 'writes UpdateNotFound for a name that is not listed, and still returns the others' {
            $found = @(Get-ApplianceUpdate -Session $session -Name 'BeyondTrust-99.0.0', 'BeyondTrust-24.1.2' -ErrorAction SilentlyContinue -ErrorVariable failures)
            $found.Count | Should -Be 1
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'UpdateNotFound,BeyondTrust.Upgrade.Commands.GetApplianceUpdateCommand'
            $failures[0].TargetObject | Should -Be 'BeyondTrust-99.0.0'
        }

        It 'writes no error for a wildcard that matches nothing' {
            $found = @(Get-ApplianceUpdate -Session $session -Name 'Nothing*' -ErrorVariable failures)
            $found.Count | Should -Be 0
            $failures | Should -BeNullOrEmpty
        }

        It 'needs the /appliance administrator' {
            $apiOnly = Get-TestLabConnectParameter -Lab $lab -NoApplianceCredential
            $apiSession = Connect-Appliance @apiOnly
            try {
                $failure = Get-TestErrorRecord { Get-ApplianceUpdate -Session $apiSession }
                $failure.FullyQualifiedErrorId | Should -Be 'CredentialRequired,BeyondTrust.Upgrade.Commands.GetApplianceUpdateCommand'
            } finally {
                Disconnect-Appliance -Session $apiSession
            }
        }
    }
}

Describe 'Get-ApplianceUpdatePath' {
    It 'orders Base before the site package that needs it, and waits 24 hours between site packages' {
        $path = @(Get-ApplianceUpdatePath -Session $session -TargetVersion 24.3.1 -Refresh)

        @($path | ForEach-Object { $_.Name }) | Should -Be @('Base Software 7.1.0', 'BeyondTrust-24.1.2', 'BeyondTrust-24.3.1')
        @($path | ForEach-Object { $_.Order }) | Should -Be @(1, 2, 3)
        $path[0].WaitAfter | Should -Be ([TimeSpan]::Zero)
        $path[1].WaitAfter | Should -Be ([TimeSpan]::FromHours(24))
        $path[2].WaitAfter | Should -Be ([TimeSpan]::Zero)
        $path[2].Reason | Should -Match 'target'
        $path[0].Reason | Should -Match 'required by'
    }

    It 'plans to the latest site version without -TargetVersion' {
        $path = @(Get-ApplianceUpdatePath -Session $session)
        $path[-1].Name | Should -Be 'BeyondTrust-24.3.1'
        @($path | Where-Object { $_.Type.ToString() -eq 'License' }) | Should -BeNullOrEmpty
    }

    It '-NextHop stops at the first site package that must be followed by a wait' {
        $hop = @(Get-ApplianceUpdatePath -Session $session -TargetVersion 24.3.1 -NextHop)
        @($hop | ForEach-Object { $_.Name }) | Should -Be @('Base Software 7.1.0', 'BeyondTrust-24.1.2')
        $hop[-1].WaitAfter | Should -Be ([TimeSpan]::FromHours(24))
    }

    It 'hands each step''s update to Install-ApplianceUpdate through its Update property' {
        $path = @(Get-ApplianceUpdatePath -Session $session -TargetVersion 24.1.2)
        $path[0].Update.GetType().Name | Should -Be 'ApplianceUpdate'
        $path[0].Update.Id | Should -Be 'base-7.1.0'
    }

    It 'warns, with the Remote Support guide''s alternative, when the wait is shortened' {
        $path = @(Get-ApplianceUpdatePath -Session $session -TargetVersion 24.3.1 -SiteWait 0 -WarningVariable warnings -WarningAction SilentlyContinue)
        $path[1].WaitAfter | Should -Be ([TimeSpan]::Zero)
        ($warnings -join ' ') | Should -Match '24 hours'
        ($warnings -join ' ') | Should -Match 'remove all client software'
    }

    It 'returns nothing for a version already installed' {
        @(Get-ApplianceUpdatePath -Session $session -TargetVersion 23.2.1) | Should -BeNullOrEmpty
    }

    It 'writes UpdatePathNotFound for a version no package provides' {
        $failure = Get-TestErrorRecord { Get-ApplianceUpdatePath -Session $session -TargetVersion 99.0.0 -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'UpdatePathNotFound,BeyondTrust.Upgrade.Commands.GetApplianceUpdatePathCommand'
        $failure.Exception.Message | Should -Match 'help\.bomgar\.com'
    }

    It 'stops with InvalidTargetVersion for text that is not a version' {
        $failure = Get-TestErrorRecord { Get-ApplianceUpdatePath -Session $session -TargetVersion 'latest' }
        $failure.FullyQualifiedErrorId | Should -Be 'InvalidTargetVersion,BeyondTrust.Upgrade.Commands.GetApplianceUpdatePathCommand'
    }

    It 'changes nothing on the appliance' {
        $snapshot = Get-TestLabAppliance -Lab $lab
        $snapshot.baseVersion | Should -Be '7.0.2'
        $snapshot.siteVersion | Should -Be '23.2.1'
        @(Get-TestLabEvent -Lab $lab -Kind 'InstallStarted', 'BackupDownloaded', 'PackageDownloaded') | Should -BeNullOrEmpty
    }
}
