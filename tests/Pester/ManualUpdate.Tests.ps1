#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    The guides' manual update path: Test-ApplianceClock and Get-ApplianceDownloadKey (clock right, Base 3.3.2 or
    later), Save-AppliancePackage at the update server (verified, never overwritten, a package downloads once), then
    Install-ApplianceUpdate -Path (Manual Installation > Update Software).
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestLab.psm1') -Force
    Import-Module (Get-StagedModuleManifest) -Force
    Disconnect-TestApplianceSession

    function Set-TestFileByte {
        # Flips one byte counted from the end of a file, to corrupt it.
        param([string] $Path, [int] $FromEnd)
        $bytes = [System.IO.File]::ReadAllBytes($Path)
        $bytes[$bytes.Length - 1 - $FromEnd] = $bytes[$bytes.Length - 1 - $FromEnd] -bxor 0xFF
        [System.IO.File]::WriteAllBytes($Path, $bytes)
    }
}

AfterAll {
    Disconnect-TestApplianceSession
}

Describe 'The manual update path' {
    BeforeAll {
        $lab = Start-TestLab -Topology 'rs-single'
        $connect = Get-TestLabConnectParameter -Lab $lab
        $session = Connect-Appliance @connect
        $server = Get-TestLabUpdateServerParameter -Lab $lab
        $packages = Join-Path $TestDrive 'packages'
        $null = New-Item -ItemType Directory -Path $packages
        $backups = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'backups') -Force).FullName
    }

    AfterAll {
        Disconnect-TestApplianceSession
        Stop-TestLab -Lab $lab
    }

    Context 'The appliance clock and the Appliance Download Key' {
        AfterEach {
            Clear-TestLabFault -Lab $lab
        }

        It 'Test-ApplianceClock finds the clock right and shows the NTP setting' {
            $clock = Test-ApplianceClock -Session $session
            $clock.InTolerance | Should -BeTrue
            $clock.Tolerance | Should -Be ([TimeSpan]::FromMinutes(5))
            [Math]::Abs($clock.Skew.TotalMinutes) | Should -BeLessThan 1
            $clock.NtpServers | Should -Not -BeNullOrEmpty
            $clock.Appliance | Should -Be $session.Name
        }

        It 'Get-ApplianceDownloadKey returns the armoured key block' {
            $key = Get-ApplianceDownloadKey -Session $session
            $key.Key | Should -Match '-----BEGIN KEY-----'
            $key.Key | Should -Match '-----END KEY-----'
            $key.Appliance | Should -Be $session.Name
            @(Get-TestLabEvent -Lab $lab -Kind 'DownloadKeyIssued').Count | Should -Be 1
        }

        It 'Test-ApplianceClock warns about a wrong appliance clock and points to Networking > IP Configuration' {
            Add-TestLabFault -Lab $lab -Kind 'ClockSkew' -Seconds 900
            $clock = Test-ApplianceClock -Session $session -WarningVariable warnings -WarningAction SilentlyContinue
            $clock.InTolerance | Should -BeFalse
            $clock.Skew.TotalMinutes | Should -BeGreaterThan 10
            ($warnings -join ' ') | Should -Match 'Networking > IP Configuration'
        }

        It 'Get-ApplianceDownloadKey refuses a wrong appliance clock with ApplianceClockSkew, asking for no key' {
            Add-TestLabFault -Lab $lab -Kind 'ClockSkew' -Seconds 900
            $issued = @(Get-TestLabEvent -Lab $lab -Kind 'DownloadKeyIssued').Count

            $failure = Get-TestErrorRecord { Get-ApplianceDownloadKey -Session $session -ErrorAction Stop }

            $failure.FullyQualifiedErrorId | Should -Be 'ApplianceClockSkew,BeyondTrust.Upgrade.Commands.GetApplianceDownloadKeyCommand'
            $failure.Exception.Message | Should -Match 'Networking > IP Configuration'
            @(Get-TestLabEvent -Lab $lab -Kind 'DownloadKeyIssued').Count | Should -Be $issued
        }
    }

    Context 'Save-AppliancePackage' {
        BeforeAll {
            $key = Get-ApplianceDownloadKey -Session $session
        }

        It '-All -WhatIf downloads nothing' {
            $saved = @($key | Save-AppliancePackage -Path $packages @server -All -WhatIf -WarningAction SilentlyContinue)
            $saved | Should -BeNullOrEmpty
            @(Get-ChildItem -LiteralPath $packages) | Should -BeNullOrEmpty
            @(Get-TestLabEvent -Lab $lab -Kind 'PackageDownloaded') | Should -BeNullOrEmpty
        }

        It 'stops with FolderNotFound for a folder that does not exist' {
            $failure = Get-TestErrorRecord { Save-AppliancePackage -Key $key.Key -Path (Join-Path $TestDrive 'no-such-folder') @server }
            $failure.FullyQualifiedErrorId | Should -Be 'FolderNotFound,BeyondTrust.Upgrade.Commands.SaveAppliancePackageCommand'
        }

        It 'writes DownloadKeyInvalid for a key the update server does not know, with the support pointer' {
            $failure = Get-TestErrorRecord { Save-AppliancePackage -Key 'not a key' -Path $packages @server -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'DownloadKeyInvalid,BeyondTrust.Upgrade.Commands.SaveAppliancePackageCommand'
            $failure.ErrorDetails.RecommendedAction | Should -Match 'help\.bomgar\.com'
        }

        It 'never overwrites a file, and then does not download the package (FileExists)' {
            $clash = Join-Path $TestDrive 'clash'
            $null = New-Item -ItemType Directory -Path $clash
            Set-Content -LiteralPath (Join-Path $clash 'BeyondTrust-24.3.1.btpkg') -Value 'keep me'

            $failure = Get-TestErrorRecord { $key | Save-AppliancePackage -Path $clash -Name 'BeyondTrust-24.3.1' @server -ErrorAction Stop }

            $failure.FullyQualifiedErrorId | Should -Be 'FileExists,BeyondTrust.Upgrade.Commands.SaveAppliancePackageCommand'
            Get-Content -LiteralPath (Join-Path $clash 'BeyondTrust-24.3.1.btpkg') | Should -Be 'keep me'
            (@((Get-TestLabAppliance -Lab $lab).consumedPackages) -contains 'site-24.3.1') | Should -BeFalse
        }

        Context 'after downloading the Base and the first site package' {
            BeforeAll {
                $saved = @($key | Save-AppliancePackage -Path $packages -Name 'Base Software*', 'BeyondTrust-24.1.2' @server)
                $baseFile = ($saved | Where-Object { $_.Package.Type.ToString() -eq 'Base' }).Path
                $siteFile = ($saved | Where-Object { $_.Package.Type.ToString() -eq 'Site' }).Path
            }

            It 'saves exactly the packages asked for, verified against the update server''s signature' {
                @($saved | ForEach-Object { $_.Package.Name } | Sort-Object) | Should -Be @('Base Software 7.1.0', 'BeyondTrust-24.1.2')
                foreach ($package in $saved) {
                    $package.Path | Should -Exist
                    $package.Verification.SigningKeyFingerprint | Should -Not -BeNullOrEmpty
                    $package.ApplianceSerial | Should -Be $lab.Appliances[0].Serial
                }
            }

            It 'a downloaded package leaves the appliance''s list of available updates' {
                $null = Get-ApplianceUpdate -Session $session -Refresh -Name 'BeyondTrust-24.1.2' -ErrorAction SilentlyContinue -ErrorVariable failures
                $failures[0].FullyQualifiedErrorId | Should -Be 'UpdateNotFound,BeyondTrust.Upgrade.Commands.GetApplianceUpdateCommand'
            }

            It 'a package downloads once: asked again, the key no longer offers it (PackageNoLongerAvailable, with the support pointer) and nothing is written' {
                $again = Join-Path $TestDrive 'again'
                $null = New-Item -ItemType Directory -Path $again

                $failure = Get-TestErrorRecord { $key | Save-AppliancePackage -Path $again -Name 'BeyondTrust-24.1.2' @server -ErrorAction Stop }

                $failure.FullyQualifiedErrorId | Should -Be 'PackageNoLongerAvailable,BeyondTrust.Upgrade.Commands.SaveAppliancePackageCommand'
                $failure.ErrorDetails.RecommendedAction | Should -Match 'help\.bomgar\.com'
                @(Get-ChildItem -LiteralPath $again -Force) | Should -BeNullOrEmpty
            }

            It 'refuses an altered package file (PackageSignatureInvalid) and installs nothing' {
                $corrupted = Join-Path $TestDrive 'altered.btpkg'
                Copy-Item -LiteralPath $baseFile -Destination $corrupted
                Set-TestFileByte -Path $corrupted -FromEnd 3

                $failure = Get-TestErrorRecord { Install-ApplianceUpdate -Session $session -Path $corrupted -BackupPath $backups -Confirm:$false -ErrorAction Stop }

                $failure.FullyQualifiedErrorId | Should -Be 'PackageSignatureInvalid,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
                @(Get-TestLabEvent -Lab $lab -Kind 'InstallStarted') | Should -BeNullOrEmpty
                (Get-TestLabAppliance -Lab $lab).baseVersion | Should -Be '7.0.2'
            }

            It 'installs the Base file, then the site file (Manual Installation)' {
                $base = Install-ApplianceUpdate -Session $session -Path $baseFile -BackupPath $backups -Confirm:$false -WarningAction SilentlyContinue
                $site = Install-ApplianceUpdate -Session $session -Path $siteFile -BackupPath $backups -Confirm:$false -WarningAction SilentlyContinue

                $base.Name | Should -Be 'Base Software 7.1.0'
                $base.State.ToString() | Should -Be 'Succeeded'
                $site.Name | Should -Be 'BeyondTrust-24.1.2'
                $site.State.ToString() | Should -Be 'Succeeded'
                $site.BackupPath | Should -Exist

                $status = Get-ApplianceStatus -Session $session
                $status.BaseVersion.VersionText | Should -Be '7.1.0'
                $status.SiteVersion.VersionText | Should -Be '24.1.2'
                @(Get-TestLabViolation -Lab $lab) | Should -BeNullOrEmpty
            }

            It 'refuses a package that is no longer newer than what runs (PackageNotApplicable)' {
                $failure = Get-TestErrorRecord { Install-ApplianceUpdate -Session $session -Path $baseFile -BackupPath $backups -Confirm:$false -ErrorAction Stop }
                $failure.FullyQualifiedErrorId | Should -Be 'PackageNotApplicable,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand'
            }
        }
    }
}

Describe 'An appliance below Base 3.3.2' {
    BeforeAll {
        $legacyLab = Start-TestLab -Topology 'bomgar-single-legacy'
        $connect = Get-TestLabConnectParameter -Lab $legacyLab -NoApiCredential
        $legacy = Connect-Appliance @connect
    }

    AfterAll {
        Disconnect-TestApplianceSession
        Stop-TestLab -Lab $legacyLab
    }

    It 'is a Bomgar Privileged Access appliance' {
        $legacy.Product.ToString() | Should -Be 'Bomgar'
    }

    It 'gets no Appliance Download Key: DownloadKeyRequiresBase332, with Bomgar''s support pointer' {
        $failure = Get-TestErrorRecord { Get-ApplianceDownloadKey -Session $legacy -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'DownloadKeyRequiresBase332,BeyondTrust.Upgrade.Commands.GetApplianceDownloadKeyCommand'
        $failure.Exception.Message | Should -Match '3\.3\.2'
        $failure.Exception.Message | Should -Match 'Bomgar Technical Support'
        @(Get-TestLabEvent -Lab $legacyLab -Kind 'DownloadKeyIssued') | Should -BeNullOrEmpty
    }
}
