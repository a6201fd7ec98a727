#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    The failover cmdlets against a Remote Support failover pair in the lab (rs-failover-pair: A primary at 10.20.0.11
    holding the enabled shared IP 10.20.0.10, B backup at 10.20.0.12, site support.example.com over the shared IP):
    Get-FailoverRelationship, Get-ApplianceIpAddress, Test-ApplianceSiteAddress, Sync-Failover,
    Remove-FailoverRelationship, New-FailoverRelationship, Set-FailoverRole and Set-SharedIpEnabled, with the guides'
    rules (Backup and Sync before Break, matching keys and packages, unique addresses, never two shared IPs enabled).
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestLab.psm1') -Force
    Import-Module (Get-StagedModuleManifest) -Force
    Disconnect-TestApplianceSession

    function Connect-TestPair {
        # Sessions to both appliances of a lab pair, named A and B as the guides do.
        param([object] $Lab)
        $pa = Get-TestLabConnectParameter -Lab $Lab -Appliance 'a'
        $pb = Get-TestLabConnectParameter -Lab $Lab -Appliance 'b'
        [pscustomobject]@{ A = (Connect-Appliance @pa -Name 'A'); B = (Connect-Appliance @pb -Name 'B') }
    }

    function Get-TestEnabledSharedIp {
        # The lab's view: which appliances have a shared IP enabled.
        param([object] $Lab)
        foreach ($name in 'a', 'b') {
            if (@((Get-TestLabAppliance -Lab $Lab -Name $name).sharedIps | Where-Object { $_.enabled }).Count -gt 0) {
                $name
            }
        }
    }

    $failoverChanges = 'SyncStarted', 'FailoverBroken', 'FailoverEstablished', 'RoleChanged', 'RestoreStarted'
}

AfterAll {
    Disconnect-TestApplianceSession
}

Describe 'Reading a failover pair, and what is refused' {
    BeforeAll {
        $lab = Start-TestLab -Topology 'rs-failover-pair'
        $pair = Connect-TestPair -Lab $lab
        $siteAddress = [uri]$lab.SiteUri
    }

    AfterAll {
        Disconnect-TestApplianceSession
        Stop-TestLab -Lab $lab
    }

    AfterEach {
        Clear-TestLabFault -Lab $lab
    }

    It 'Get-FailoverRelationship shows the roles, the peer and the last sync' {
        $a = Get-FailoverRelationship -Session $pair.A
        $b = Get-FailoverRelationship -Session $pair.B
        $a.Role.ToString() | Should -Be 'Primary'
        $b.Role.ToString() | Should -Be 'Backup'
        $a.Peer | Should -Not -BeNullOrEmpty
        $a.LastSyncTime | Should -Not -BeNullOrEmpty
        $a.InterApplianceKeyDigest | Should -Be $b.InterApplianceKeyDigest
        $a.InstalledPackage | Should -Be $b.InstalledPackage
    }

    It 'Get-ApplianceIpAddress shows the unique address and the shared IP, enabled on the primary only' {
        $sharedA = @(Get-ApplianceIpAddress -Session $pair.A -Shared)
        $sharedB = @(Get-ApplianceIpAddress -Session $pair.B -Shared)
        $sharedA.Count | Should -Be 1
        $sharedA[0].Enabled | Should -BeTrue
        $sharedB[0].Address | Should -Be $sharedA[0].Address
        $sharedB[0].Enabled | Should -BeFalse
        # ForEach-Object, not @(...).Address: an array has an Address() method of its own.
        @(Get-ApplianceIpAddress -Session $pair.A | Where-Object { -not $_.Shared } | ForEach-Object { $_.Address }) | Should -Be @('10.20.0.11')
    }

    It 'Test-ApplianceSiteAddress finds the site answering from A, not from B' {
        $fromA = Test-ApplianceSiteAddress -Session $pair.A -SiteAddress $siteAddress -CertificateThumbprint $lab.SiteThumbprint
        $fromB = Test-ApplianceSiteAddress -Session $pair.B -SiteAddress $siteAddress -CertificateThumbprint $lab.SiteThumbprint -WarningVariable warnings -WarningAction SilentlyContinue

        $fromA.Passed | Should -BeTrue
        $fromA.ServedBy | Should -Be 'a.support.example.com'
        $fromB.Passed | Should -BeFalse
        $fromB.ServedBy | Should -Be 'a.support.example.com'
        $fromB.Expected | Should -Be 'b.support.example.com'
        ($warnings -join ' ') | Should -Match 'answers from a\.support\.example\.com'
    }

    It '-WhatIf on every failover change changes nothing' {
        Sync-Failover -Session $pair.A -WhatIf
        Remove-FailoverRelationship -Session $pair.B -WhatIf
        New-FailoverRelationship -Session $pair.B -BackupSession $pair.A -WhatIf
        Set-FailoverRole -Session $pair.B -Role Primary -WhatIf
        Set-SharedIpEnabled -Session $pair.B -From $pair.A -WhatIf
        Set-SharedIpEnabled -Session $pair.A -Address '10.20.0.10' -Enabled $false -WhatIf

        (Get-TestLabAppliance -Lab $lab -Name 'a').failoverRole | Should -Be 'primary'
        (Get-TestLabAppliance -Lab $lab -Name 'b').failoverRole | Should -Be 'backup'
        @(Get-TestEnabledSharedIp -Lab $lab) | Should -Be @('a')
        @(Get-TestLabEvent -Lab $lab -Kind $failoverChanges) | Should -BeNullOrEmpty
    }

    It 'Remove-FailoverRelationship refuses on the primary without a backup taken in the session (BackupRequired)' {
        $failure = Get-TestErrorRecord { Remove-FailoverRelationship -Session $pair.A -Force -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'BackupRequired,BeyondTrust.Upgrade.Commands.RemoveFailoverRelationshipCommand'
        (Get-TestLabAppliance -Lab $lab -Name 'a').failoverRole | Should -Be 'primary'
    }

    It 'Remove-FailoverRelationship refuses without a data sync since that backup (SyncNotCompleted)' {
        $null = Invoke-ApplianceBackup -Session $pair.A -Path $TestDrive
        $failure = Get-TestErrorRecord { Remove-FailoverRelationship -Session $pair.A -Force -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'SyncNotCompleted,BeyondTrust.Upgrade.Commands.RemoveFailoverRelationshipCommand'
        $failure.Exception.Message | Should -Match 'Sync-Failover'
        (Get-TestLabAppliance -Lab $lab -Name 'a').failoverRole | Should -Be 'primary'
    }

    It 'Sync-Failover stops waiting with OperationTimedOut when the sync never completes, and nothing is broken' {
        Add-TestLabFault -Lab $lab -Kind 'SyncNeverCompletes'
        $failure = Get-TestErrorRecord { Sync-Failover -Session $pair.A -Timeout '00:00:03' -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'OperationTimedOut,BeyondTrust.Upgrade.Commands.SyncFailoverCommand'
        (Get-TestLabAppliance -Lab $lab -Name 'a').failoverRole | Should -Be 'primary'
    }

    It 'New-FailoverRelationship refuses the shared IP and the site hostname as connection addresses (SharedHostnameRefused)' {
        $shared = @(Get-ApplianceIpAddress -Session $pair.A -Shared)[0].Address
        $viaShared = Get-TestErrorRecord { New-FailoverRelationship -Session $pair.A -BackupSession $pair.B -BackupHost $shared -Confirm:$false -ErrorAction Stop }
        $viaSite = Get-TestErrorRecord { New-FailoverRelationship -Session $pair.A -BackupSession $pair.B -BackupHost $lab.SiteHostname -SiteHostname $lab.SiteHostname -Confirm:$false -ErrorAction Stop }

        $viaShared.FullyQualifiedErrorId | Should -Be 'SharedHostnameRefused,BeyondTrust.Upgrade.Commands.NewFailoverRelationshipCommand'
        $viaSite.FullyQualifiedErrorId | Should -Be 'SharedHostnameRefused,BeyondTrust.Upgrade.Commands.NewFailoverRelationshipCommand'
        @(Get-TestLabEvent -Lab $lab -Kind 'FailoverEstablished') | Should -BeNullOrEmpty
    }

    It 'Set-SharedIpEnabled writes AddressNotFound for an address that is not a shared IP' {
        $failure = Get-TestErrorRecord { Set-SharedIpEnabled -Session $pair.A -Address '10.20.0.11' -Enabled $false -Force -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'AddressNotFound,BeyondTrust.Upgrade.Commands.SetSharedIpEnabledCommand'
    }

    It 'Set-SharedIpEnabled -From re-enables A when enabling on B fails, and never enables both (SharedIpSwitchFailed)' {
        Add-TestLabFault -Lab $lab -Kind 'FailEnableSharedIp' -Appliance 'b'
        $failure = Get-TestErrorRecord { Set-SharedIpEnabled -Session $pair.B -From $pair.A -Force -ErrorAction Stop }

        $failure.FullyQualifiedErrorId | Should -Be 'SharedIpSwitchFailed,BeyondTrust.Upgrade.Commands.SetSharedIpEnabledCommand'
        @(Get-TestEnabledSharedIp -Lab $lab) | Should -Be @('a')
        @(Get-TestLabViolation -Lab $lab) | Should -BeNullOrEmpty
    }
}

Describe 'Backup and Sync, Break, then re-establish (the synchronous upgrade''s frame)' {
    BeforeAll {
        $lab = Start-TestLab -Topology 'rs-failover-pair'
        $pair = Connect-TestPair -Lab $lab
        $before = Get-FailoverRelationship -Session $pair.A
        $null = Invoke-ApplianceBackup -Session $pair.A -Path $TestDrive
        $synced = Sync-Failover -Session $pair.A
        $broken = Remove-FailoverRelationship -Session $pair.A -Confirm:$false
    }

    AfterAll {
        Disconnect-TestApplianceSession
        Stop-TestLab -Lab $lab
    }

    It 'Sync-Failover waits for a completed sync newer than the request' {
        $synced.LastSyncTime | Should -BeGreaterThan $before.LastSyncTime
        $synced.LastSyncStatus | Should -Match '^Success'
    }

    It 'after the break both appliances report role None' {
        $broken.Role.ToString() | Should -Be 'None'
        (Get-FailoverRelationship -Session $pair.B).Role.ToString() | Should -Be 'None'
        (Get-TestLabAppliance -Lab $lab -Name 'b').failoverRole | Should -Be 'none'
    }

    It 'New-FailoverRelationship re-establishes A as primary over the unique addresses and waits for the first sync' {
        $established = New-FailoverRelationship -Session $pair.A -BackupSession $pair.B -SiteHostname $lab.SiteHostname -Confirm:$false

        $established.Role.ToString() | Should -Be 'Primary'
        $established.LastSyncTime | Should -BeGreaterThan $synced.LastSyncTime
        $established.LastSyncStatus | Should -Match '^Success'
        (Get-FailoverRelationship -Session $pair.B).Role.ToString() | Should -Be 'Backup'
        @(Get-TestLabViolation -Lab $lab) | Should -BeNullOrEmpty
    }
}

Describe 'Moving the site to B (the asynchronous upgrade''s switch)' {
    BeforeAll {
        $lab = Start-TestLab -Topology 'rs-failover-pair'
        $pair = Connect-TestPair -Lab $lab
        $siteAddress = [uri]$lab.SiteUri
    }

    AfterAll {
        Disconnect-TestApplianceSession
        Stop-TestLab -Lab $lab
    }

    It 'Set-SharedIpEnabled -From moves the shared IP from A to B, and the site then answers from B' {
        $moved = @(Set-SharedIpEnabled -Session $pair.B -From $pair.A -Confirm:$false)

        $moved | Should -Be @('10.20.0.10')
        @(Get-TestEnabledSharedIp -Lab $lab) | Should -Be @('b')
        (Test-ApplianceSiteAddress -Session $pair.B -SiteAddress $siteAddress -CertificateThumbprint $lab.SiteThumbprint -Timeout '00:00:10').Passed | Should -BeTrue
        @(Get-TestLabViolation -Lab $lab) | Should -BeNullOrEmpty
    }

    It 'Set-SharedIpEnabled -From accepts a move that was already done' {
        @(Set-SharedIpEnabled -Session $pair.B -From $pair.A -Confirm:$false) | Should -Be @('10.20.0.10')
        @(Get-TestEnabledSharedIp -Lab $lab) | Should -Be @('b')
    }

    It 'Set-FailoverRole makes B the primary' {
        $change = Set-FailoverRole -Session $pair.B -Role Primary -Confirm:$false
        $change.RequestedRole.ToString() | Should -Be 'Primary'
        (Get-FailoverRelationship -Session $pair.B).Role.ToString() | Should -Be 'Primary'
        (Get-FailoverRelationship -Session $pair.A).Role.ToString() | Should -Be 'Backup'
        @(Get-TestLabViolation -Lab $lab) | Should -BeNullOrEmpty
    }
}
