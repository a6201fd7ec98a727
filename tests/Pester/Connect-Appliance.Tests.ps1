#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Connect-Appliance and Disconnect-Appliance, the two credentials, certificate pinning, and the session rules every
    cmdlet shares (NoApplianceSession, SessionClosed, CredentialRequired); Get-ApplianceStatus and Get-ApplianceHealth
    as the simplest readers. Against a one-appliance Remote Support lab.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestLab.psm1') -Force
    Import-Module (Get-StagedModuleManifest) -Force
    Disconnect-TestApplianceSession
    $lab = Start-TestLab -Topology 'rs-single'
    $endpoint = $lab.Appliances[0]
}

AfterAll {
    Disconnect-TestApplianceSession
    Stop-TestLab -Lab $lab
}

Describe 'Connect-Appliance' {
    AfterEach {
        Disconnect-TestApplianceSession
    }

    It 'returns an open session that names the product and becomes the default' {
        $connect = Get-TestLabConnectParameter -Lab $lab
        $session = Connect-Appliance @connect

        $session | Should -Not -BeNullOrEmpty
        $session.IsOpen | Should -BeTrue
        $session.Product.ToString() | Should -Be 'Rs'
        $session.Hostname | Should -Be $endpoint.Hostname
        $session.Serial | Should -Be $endpoint.Serial
        $session.HasApiCredential | Should -BeTrue
        $session.HasApplianceCredential | Should -BeTrue

        $status = Get-ApplianceStatus
        $status.SiteVersion.VersionText | Should -Be (Get-TestLabAppliance -Lab $lab).siteVersion
        $status.BaseUri | Should -Be $session.BaseUri
    }

    It 'shows how the pages are driven in the session table: Management Lab, or Guided when asked' {
        $connect = Get-TestLabConnectParameter -Lab $lab -NoApplianceCredential
        $lines = @(Connect-Appliance @connect -Name 'L' | Format-Table | Out-String -Stream -Width 500 | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '\bManagement\b'
        $lines[2] | Should -Match '^L\s.*\bLab\b'

        $lines = @(Connect-Appliance @connect -Name 'G' -Management Guided | Format-Table | Out-String -Stream -Width 500 | Where-Object { $_.Trim() })
        $lines[2] | Should -Match '^G\s.*\bGuided\b'
    }

    It 'never shows the credentials' {
        $connect = Get-TestLabConnectParameter -Lab $lab
        $session = Connect-Appliance @connect
        ($session | Format-List -Property * | Out-String) | Should -Not -Match ([regex]::Escape($lab.ApiClientSecret))
        $session.ToString() | Should -Not -Match ([regex]::Escape($lab.AdminPassword))
    }

    It 'uses -Name in its output' {
        $connect = Get-TestLabConnectParameter -Lab $lab
        $session = Connect-Appliance @connect -Name 'A'
        $session.Name | Should -Be 'A'
        (Get-ApplianceStatus -Session $session).Appliance | Should -Be 'A'
    }

    It 'takes the address from the pipeline' {
        $connect = Get-TestLabConnectParameter -Lab $lab
        $connect.Remove('ComputerName')
        $session = $endpoint.BaseUri | Connect-Appliance @connect
        $session.IsOpen | Should -BeTrue
    }

    It 'pins a SHA-256 thumbprint as well as a SHA-1 one' {
        $connect = Get-TestLabConnectParameter -Lab $lab
        $connect.CertificateThumbprint = $endpoint.ThumbprintSha256
        (Connect-Appliance @connect).IsOpen | Should -BeTrue
    }

    It 'refuses a certificate other than the pinned one with CertificateThumbprintMismatch' {
        $connect = Get-TestLabConnectParameter -Lab $lab
        $connect.CertificateThumbprint = 'A' * 40
        $sessions = Connect-Appliance @connect -ErrorAction SilentlyContinue -ErrorVariable failures

        $sessions | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be 'CertificateThumbprintMismatch,BeyondTrust.Upgrade.Commands.ConnectApplianceCommand'
    }

    It 'refuses a wrong API secret with InvalidCredentials and opens no session' {
        $connect = Get-TestLabConnectParameter -Lab $lab -NoApplianceCredential
        $connect.ApiCredential = ConvertTo-TestCredential -UserName $lab.ApiClientId -Secret 'wrong-secret'
        $sessions = Connect-Appliance @connect -ErrorAction SilentlyContinue -ErrorVariable failures

        $sessions | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be 'InvalidCredentials,BeyondTrust.Upgrade.Commands.ConnectApplianceCommand'
        ($failures | Out-String) | Should -Not -Match 'wrong-secret'
    }

    It 'refuses a wrong /appliance password with InvalidCredentials' {
        $connect = Get-TestLabConnectParameter -Lab $lab -NoApiCredential
        $connect.ApplianceCredential = ConvertTo-TestCredential -UserName $lab.AdminUser -Secret 'not-the-password'
        $failure = Get-TestErrorRecord { Connect-Appliance @connect -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'InvalidCredentials,BeyondTrust.Upgrade.Commands.ConnectApplianceCommand'
    }

    It 'stops with CredentialRequired when no credential is given' {
        $failure = Get-TestErrorRecord { Connect-Appliance -ComputerName $endpoint.BaseUri -CertificateThumbprint $endpoint.Thumbprint }
        $failure.FullyQualifiedErrorId | Should -Be 'CredentialRequired,BeyondTrust.Upgrade.Commands.ConnectApplianceCommand'
    }

    It 'stops with ConflictingCertificateOptions for a pin and -SkipCertificateCheck together' {
        $connect = Get-TestLabConnectParameter -Lab $lab
        $failure = Get-TestErrorRecord { Connect-Appliance @connect -SkipCertificateCheck }
        $failure.FullyQualifiedErrorId | Should -Be 'ConflictingCertificateOptions,BeyondTrust.Upgrade.Commands.ConnectApplianceCommand'
    }

    It 'refuses http:// with InvalidApplianceAddress' {
        $connect = Get-TestLabConnectParameter -Lab $lab
        $connect.ComputerName = ([string]$endpoint.BaseUri) -replace '^https://', 'http://'
        $failure = Get-TestErrorRecord { Connect-Appliance @connect }
        $failure.FullyQualifiedErrorId | Should -Be 'InvalidApplianceAddress,BeyondTrust.Upgrade.Commands.ConnectApplianceCommand'
    }

    It 'warns when certificate checks are skipped' {
        $connect = Get-TestLabConnectParameter -Lab $lab
        $connect.Remove('CertificateThumbprint')
        $session = Connect-Appliance @connect -SkipCertificateCheck -WarningVariable warnings -WarningAction SilentlyContinue
        $session.IsOpen | Should -BeTrue
        ($warnings -join ' ') | Should -Match 'Certificate checks are OFF'
    }
}

Describe 'The two credentials' {
    AfterEach {
        Disconnect-TestApplianceSession
    }

    It 'with only the API account, health works and status asks for the /appliance administrator' {
        $connect = Get-TestLabConnectParameter -Lab $lab -NoApplianceCredential
        $session = Connect-Appliance @connect
        $session.HasApplianceCredential | Should -BeFalse

        $health = Get-ApplianceHealth -Session $session
        $health.Success | Should -BeTrue

        $failure = Get-TestErrorRecord { Get-ApplianceStatus -Session $session }
        $failure.FullyQualifiedErrorId | Should -Be 'CredentialRequired,BeyondTrust.Upgrade.Commands.GetApplianceStatusCommand'
    }

    It 'with only the /appliance administrator, status works and check_health asks for the API account' {
        $connect = Get-TestLabConnectParameter -Lab $lab -NoApiCredential
        $session = Connect-Appliance @connect
        $session.HasApiCredential | Should -BeFalse

        (Get-ApplianceStatus -Session $session).Product.ToString() | Should -Be 'Rs'

        $failure = Get-TestErrorRecord { Get-ApplianceHealth -Session $session }
        $failure.FullyQualifiedErrorId | Should -Be 'CredentialRequired,BeyondTrust.Upgrade.Commands.GetApplianceHealthCommand'
    }

    It 'answers the public /check_health without any credential' {
        $connect = Get-TestLabConnectParameter -Lab $lab -NoApiCredential
        $session = Connect-Appliance @connect
        $public = Get-ApplianceHealth -Session $session -Public
        $public.IsHealthy | Should -BeTrue
        $public.StatusCode | Should -Be 200
    }
}

Describe 'Sessions' {
    AfterEach {
        Disconnect-TestApplianceSession
    }

    It 'Disconnect-Appliance closes a session; using it again gives SessionClosed' {
        $connect = Get-TestLabConnectParameter -Lab $lab
        $session = Connect-Appliance @connect
        Disconnect-Appliance -Session $session
        $session.IsOpen | Should -BeFalse

        $failure = Get-TestErrorRecord { Get-ApplianceStatus -Session $session }
        $failure.FullyQualifiedErrorId | Should -Be 'SessionClosed,BeyondTrust.Upgrade.Commands.GetApplianceStatusCommand'
    }

    It 'Disconnect-Appliance takes sessions from the pipeline' {
        $connect = Get-TestLabConnectParameter -Lab $lab
        $first = Connect-Appliance @connect -Name 'first'
        $second = Connect-Appliance @connect -Name 'second'
        $first, $second | Disconnect-Appliance
        $first.IsOpen | Should -BeFalse
        $second.IsOpen | Should -BeFalse
    }

    It 'falls back to the previous session when the latest is closed' {
        $connect = Get-TestLabConnectParameter -Lab $lab
        $null = Connect-Appliance @connect -Name 'older'
        $newer = Connect-Appliance @connect -Name 'newer'
        Disconnect-Appliance -Session $newer
        (Get-ApplianceStatus).Appliance | Should -Be 'older'
    }

    It 'without any session, cmdlets stop with NoApplianceSession' {
        Disconnect-TestApplianceSession
        $failure = Get-TestErrorRecord { Get-ApplianceUpdate }
        $failure.FullyQualifiedErrorId | Should -Be 'NoApplianceSession,BeyondTrust.Upgrade.Commands.GetApplianceUpdateCommand'

        $failure = Get-TestErrorRecord { Install-ApplianceUpdate -Name 'Base Software 7.1.0' -Confirm:$false }
        $failure.FullyQualifiedErrorId | Should -Be 'NoApplianceSession,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
    }

    It 'Disconnect-Appliance without any session writes NoApplianceSession' {
        Disconnect-TestApplianceSession
        Disconnect-Appliance -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -Be 'NoApplianceSession,BeyondTrust.Upgrade.Commands.DisconnectApplianceCommand'
    }
}

Describe 'Get-ApplianceStatus' {
    BeforeAll {
        $connect = Get-TestLabConnectParameter -Lab $lab
        $session = Connect-Appliance @connect
    }

    AfterAll {
        Disconnect-TestApplianceSession
    }

    It 'reads Status > Basics as the lab holds it' {
        $status = Get-ApplianceStatus -Session $session
        $snapshot = Get-TestLabAppliance -Lab $lab
        $status.BaseVersion.VersionText | Should -Be $snapshot.baseVersion
        $status.SiteVersion.VersionText | Should -Be $snapshot.siteVersion
        $status.State.ToString() | Should -Be 'Running'
        $status.Serial | Should -Be $endpoint.Serial
        $status.FailoverRole.ToString() | Should -Be 'None'
        $status.ApplianceTime | Should -Not -BeNullOrEmpty
    }

    It 'leads with the appliance identity' {
        $status = Get-ApplianceStatus -Session $session
        $status.PSObject.Properties.Name[0] | Should -Be 'Appliance'
    }
}
