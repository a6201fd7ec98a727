#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Invoke-ApplianceBackup (Download Backup), Test-ApplianceBackup, Restore-ApplianceBackup (Restore Settings) and
    Export-ApplianceCertificate: the guides' "always create a backup" step and what the module checks around it.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestLab.psm1') -Force
    Import-Module (Get-StagedModuleManifest) -Force
    Disconnect-TestApplianceSession

    function Set-TestFileByte {
        # Flips one byte of a file (from the end when -FromEnd), to corrupt it.
        param([string] $Path, [int] $Offset, [switch] $FromEnd)
        $bytes = [System.IO.File]::ReadAllBytes($Path)
        $index = if ($FromEnd) { $bytes.Length - 1 - $Offset } else { $Offset }
        $bytes[$index] = $bytes[$index] -bxor 0xFF
        [System.IO.File]::WriteAllBytes($Path, $bytes)
    }
}

AfterAll {
    Disconnect-TestApplianceSession
}

Describe 'Backups of a single appliance' {
    BeforeAll {
        $lab = Start-TestLab -Topology 'rs-single'
        $connect = Get-TestLabConnectParameter -Lab $lab
        $session = Connect-Appliance @connect
        $password = ConvertTo-TestSecureString -Text 'backup-password-1'
        $folder = Join-Path $TestDrive 'backups'
        $null = New-Item -ItemType Directory -Path $folder
    }

    AfterAll {
        Disconnect-TestApplianceSession
        Stop-TestLab -Lab $lab
    }

    Context 'Invoke-ApplianceBackup' {
        It '-WhatIf downloads nothing' {
            $result = Invoke-ApplianceBackup -Session $session -Path $folder -WhatIf
            $result | Should -BeNullOrEmpty
            @(Get-ChildItem -LiteralPath $folder) | Should -BeNullOrEmpty
            @((Get-TestLabAppliance -Lab $lab).backupsTaken) | Should -BeNullOrEmpty
        }

        It 'downloads a verified backup into a folder under the appliance''s file name' {
            $backup = Invoke-ApplianceBackup -Session $session -Path $folder

            $backup.Path | Should -Exist
            Split-Path -Leaf $backup.Path | Should -BeLike 'a.support.example.com-*.nsb'
            $backup.Appliance | Should -Be $session.Name
            $backup.Length | Should -BeGreaterThan 0
            $backup.Verification.IntegrityVerified | Should -BeTrue
            $backup.Verification.Header.Encrypted | Should -BeFalse
            @((Get-TestLabAppliance -Lab $lab).backupsTaken).Count | Should -Be 1
        }

        It 'says what a backup does not hold' {
            $backup = Invoke-ApplianceBackup -Session $session -Path (Join-Path $TestDrive 'notincluded.nsb')
            $backup.Verification.NotIncluded | Should -Contain 'session recordings'
            ($backup.Verification.NotIncluded -join '; ') | Should -Match '/appliance settings'
        }

        It 'protects a backup with -Password' {
            $backup = Invoke-ApplianceBackup -Session $session -Path (Join-Path $TestDrive 'protected.nsb') -Password $password
            $backup.Verification.Header.Encrypted | Should -BeTrue
            $backup.Verification.PasswordVerified | Should -BeTrue
        }

        It 'never overwrites a file without -Force (FileExists)' {
            $target = Join-Path $TestDrive 'existing.nsb'
            Set-Content -LiteralPath $target -Value 'keep me'
            $failure = Get-TestErrorRecord { Invoke-ApplianceBackup -Session $session -Path $target -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'FileExists,BeyondTrust.Upgrade.Commands.InvokeApplianceBackupCommand'
            Get-Content -LiteralPath $target | Should -Be 'keep me'
        }

        It 'replaces the file with -Force' {
            $target = Join-Path $TestDrive 'replaced.nsb'
            Set-Content -LiteralPath $target -Value 'old'
            $backup = Invoke-ApplianceBackup -Session $session -Path $target -Force
            $backup.Verification.IntegrityVerified | Should -BeTrue
            (Get-Item -LiteralPath $target).Length | Should -Be $backup.Length
        }

        It 'needs the API account (CredentialRequired)' {
            $adminOnly = Get-TestLabConnectParameter -Lab $lab -NoApiCredential
            $adminSession = Connect-Appliance @adminOnly
            try {
                $failure = Get-TestErrorRecord { Invoke-ApplianceBackup -Session $adminSession -Path $folder }
                $failure.FullyQualifiedErrorId | Should -Be 'CredentialRequired,BeyondTrust.Upgrade.Commands.InvokeApplianceBackupCommand'
            } finally {
                Disconnect-Appliance -Session $adminSession
            }
        }
    }

    Context 'Test-ApplianceBackup' {
        BeforeAll {
            $protected = Invoke-ApplianceBackup -Session $session -Path (Join-Path $TestDrive 'test-protected.nsb') -Password $password
            $plain = Invoke-ApplianceBackup -Session $session -Path (Join-Path $TestDrive 'test-plain.nsb')
        }

        It 'verifies a backup from the pipeline (Path by property name)' {
            $result = $plain | Test-ApplianceBackup
            $result.IntegrityVerified | Should -BeTrue
            $result.ContentVerified | Should -BeTrue
            $result.Header.Product.ToString() | Should -Be 'Rs'
            $result.Header.SiteVersion.VersionText | Should -Be '23.2.1'
        }

        It 'verifies files from Get-ChildItem (FullName)' {
            $results = @(Get-ChildItem -LiteralPath $TestDrive -Filter 'test-*.nsb' | Test-ApplianceBackup)
            $results.Count | Should -Be 2
        }

        It 'proves the password opens a protected backup' {
            (Test-ApplianceBackup -Path $protected.Path -Password $password).PasswordVerified | Should -BeTrue
        }

        It 'writes BackupPasswordInvalid for a wrong password' {
            $wrong = ConvertTo-TestSecureString -Text 'not-the-password'
            $failure = Get-TestErrorRecord { Test-ApplianceBackup -Path $protected.Path -Password $wrong -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'BackupPasswordInvalid,BeyondTrust.Upgrade.Commands.TestApplianceBackupCommand'
        }

        It 'writes BackupCorrupted for an altered file' {
            $corrupted = Join-Path $TestDrive 'corrupted.nsb'
            Copy-Item -LiteralPath $plain.Path -Destination $corrupted
            Set-TestFileByte -Path $corrupted -Offset 10 -FromEnd
            $failure = Get-TestErrorRecord { Test-ApplianceBackup -Path $corrupted -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'BackupCorrupted,BeyondTrust.Upgrade.Commands.TestApplianceBackupCommand'
        }

        It 'writes BackupCorrupted for a truncated file' {
            $truncated = Join-Path $TestDrive 'truncated.nsb'
            $bytes = [System.IO.File]::ReadAllBytes($plain.Path)
            [System.IO.File]::WriteAllBytes($truncated, $bytes[0..($bytes.Length - 20)])
            $failure = Get-TestErrorRecord { Test-ApplianceBackup -Path $truncated -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'BackupCorrupted,BeyondTrust.Upgrade.Commands.TestApplianceBackupCommand'
        }

        It 'writes FileNotFound for a missing file' {
            $failure = Get-TestErrorRecord { Test-ApplianceBackup -Path (Join-Path $TestDrive 'missing.nsb') -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'FileNotFound,BeyondTrust.Upgrade.Commands.TestApplianceBackupCommand'
        }
    }

    Context 'Restore-ApplianceBackup' {
        BeforeAll {
            $protected = Invoke-ApplianceBackup -Session $session -Path (Join-Path $TestDrive 'restore-protected.nsb') -Password $password
        }

        It 'refuses a wrong password before anything reaches the appliance (BackupPasswordInvalid)' {
            $wrong = ConvertTo-TestSecureString -Text 'not-the-password'
            $failure = Get-TestErrorRecord { Restore-ApplianceBackup -Session $session -Path $protected.Path -Password $wrong -Confirm:$false -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'BackupPasswordInvalid,BeyondTrust.Upgrade.Commands.RestoreApplianceBackupCommand'
            @(Get-TestLabEvent -Lab $lab -Kind 'RestoreStarted') | Should -BeNullOrEmpty
        }

        It 'refuses a corrupted file before anything reaches the appliance (BackupCorrupted)' {
            $corrupted = Join-Path $TestDrive 'restore-corrupted.nsb'
            Copy-Item -LiteralPath $protected.Path -Destination $corrupted
            Set-TestFileByte -Path $corrupted -Offset 5 -FromEnd
            $failure = Get-TestErrorRecord { Restore-ApplianceBackup -Session $session -Path $corrupted -Password $password -Confirm:$false -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'BackupCorrupted,BeyondTrust.Upgrade.Commands.RestoreApplianceBackupCommand'
            @(Get-TestLabEvent -Lab $lab -Kind 'RestoreStarted') | Should -BeNullOrEmpty
        }

        It 'writes FileNotFound for a missing file' {
            $failure = Get-TestErrorRecord { Restore-ApplianceBackup -Session $session -Path (Join-Path $TestDrive 'missing.nsb') -Confirm:$false -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'FileNotFound,BeyondTrust.Upgrade.Commands.RestoreApplianceBackupCommand'
        }

        It '-WhatIf restores nothing' {
            Restore-ApplianceBackup -Session $session -Path $protected.Path -Password $password -WhatIf -WarningAction SilentlyContinue
            @(Get-TestLabEvent -Lab $lab -Kind 'RestoreStarted') | Should -BeNullOrEmpty
        }

        It 'restores a backup, warning that failover settings are overwritten and what the backup does not carry, and waits for it' {
            $result = Restore-ApplianceBackup -Session $session -Path $protected.Path -Password $password -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
            $result | Should -BeOfType ([BeyondTrust.Upgrade.Client.Models.RestoreResult])
            $result.FailoverSettingsOverwritten | Should -BeTrue
            $result.NotInBackup | Should -Contain 'session recordings'
            ($warnings -join ' ') | Should -Match 'Inter-Appliance key'
            ($warnings -join ' ') | Should -Match 'did not carry'
            @(Get-TestLabEvent -Lab $lab -Kind 'RestoreSucceeded').Count | Should -Be 1
        }
    }

    Context 'Export-ApplianceCertificate' {
        BeforeAll {
            $passphrase = ConvertTo-TestSecureString -Text 'pfx-passphrase'
        }

        It '-WhatIf exports nothing' {
            $target = Join-Path $TestDrive 'whatif.pfx'
            Export-ApplianceCertificate -Session $session -Path $target -Passphrase $passphrase -WhatIf
            $target | Should -Not -Exist
            @(Get-TestLabEvent -Lab $lab -Kind 'CertificateExported') | Should -BeNullOrEmpty
        }

        It 'exports the certificate with its private key to a new file' {
            $target = Join-Path $TestDrive 'support.example.com.pfx'
            $export = Export-ApplianceCertificate -Session $session -Path $target -Passphrase $passphrase
            $export.Path | Should -Be $target
            $export.Length | Should -BeGreaterThan 0
            $target | Should -Exist
        }

        It 'never overwrites an existing file (FileExists)' {
            $target = Join-Path $TestDrive 'support.example.com.pfx'
            $failure = Get-TestErrorRecord { Export-ApplianceCertificate -Session $session -Path $target -Passphrase $passphrase -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'FileExists,BeyondTrust.Upgrade.Commands.ExportApplianceCertificateCommand'
        }
    }
}

Describe 'Backups of a failover pair' {
    BeforeAll {
        $pairLab = Start-TestLab -Topology 'rs-failover-pair'
        $primaryConnect = Get-TestLabConnectParameter -Lab $pairLab -Appliance 'a'
        $backupConnect = Get-TestLabConnectParameter -Lab $pairLab -Appliance 'b'
        $primary = Connect-Appliance @primaryConnect -Name 'A'
        $secondary = Connect-Appliance @backupConnect -Name 'B'
    }

    AfterAll {
        Disconnect-TestApplianceSession
        Stop-TestLab -Lab $pairLab
    }

    It 'takes the backup from the primary' {
        $backup = Invoke-ApplianceBackup -Session $primary -Path $TestDrive
        $backup.Verification.IntegrityVerified | Should -BeTrue
    }

    It 'is refused by the backup appliance (NotPrimary)' {
        $failure = Get-TestErrorRecord { Invoke-ApplianceBackup -Session $secondary -Path (Join-Path $TestDrive 'from-b.nsb') -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'NotPrimary,BeyondTrust.Upgrade.Commands.InvokeApplianceBackupCommand'
    }

    It 'refuses to restore onto a member of the pair without -AllowFailoverMember, also under -Force (RestoreOnFailoverMember)' {
        $backup = Invoke-ApplianceBackup -Session $primary -Path (Join-Path $TestDrive 'pair.nsb')
        $failure = Get-TestErrorRecord { Restore-ApplianceBackup -Session $primary -Path $backup.Path -Confirm:$false -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'RestoreOnFailoverMember,BeyondTrust.Upgrade.Commands.RestoreApplianceBackupCommand'
        $failure = Get-TestErrorRecord { Restore-ApplianceBackup -Session $primary -Path $backup.Path -Force -ErrorAction Stop -WarningAction SilentlyContinue }
        $failure.FullyQualifiedErrorId | Should -Be 'RestoreOnFailoverMember,BeyondTrust.Upgrade.Commands.RestoreApplianceBackupCommand'
        $failure.Exception.Message | Should -BeLike '*-AllowFailoverMember*'
        @(Get-TestLabEvent -Lab $pairLab -Kind 'RestoreStarted') | Should -BeNullOrEmpty
    }
}
