#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    build.ps1 -Task Package (New-ModulePackage in build/ModulePackage.psm1): the zip expands to
    BeyondTrust.Upgrade/<version>/ and carries exactly the staged module; that module goes through PSResourceGet as an
    administrator's would: Publish-PSResource to a local file repository, Install-PSResource from it, Import-Module.

    PSResourceGet runs in a child PowerShell whose HOME (and XDG folders) are the test's own, so its repository list
    and CurrentUser module folder are never the user's. Windows keeps CurrentUser modules in Documents, which no
    variable redirects: there the PSResourceGet test is skipped rather than install into a real profile.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestLab.psm1') -Force
    Import-Module (Join-Path (Get-TestRepositoryRoot) 'build/ModulePackage.psm1') -Force
    $version = Get-TestModuleVersion
    $staged = Split-Path -Parent (Get-StagedModuleManifest)

    function Get-RelativeFile([string] $Folder) {
        $prefix = (Resolve-Path -LiteralPath $Folder).ProviderPath.TrimEnd('/', '\').Length + 1
        @(Get-ChildItem -LiteralPath $Folder -Recurse -File | ForEach-Object { $_.FullName.Substring($prefix).Replace('\', '/') } | Sort-Object)
    }
}

Describe 'build.ps1 -Task Package' {
    BeforeAll {
        $zip = Join-Path $TestDrive "BeyondTrust.Upgrade.$version.zip"
        $package = New-ModulePackage -Path $staged -DestinationPath $zip
        $expanded = Join-Path $TestDrive 'expanded'
        Expand-Archive -LiteralPath $zip -DestinationPath $expanded
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $archive = [System.IO.Compression.ZipFile]::OpenRead($zip)
        try {
            $entries = @($archive.Entries | ForEach-Object { $_.FullName })
        } finally {
            $archive.Dispose()
        }
    }

    It 'writes the zip and nothing beside it' {
        $package.FullName | Should -Be ([System.IO.Path]::GetFullPath($zip))
        @(Get-ChildItem -LiteralPath $TestDrive -Filter '*.partial') | Should -BeNullOrEmpty
    }

    It 'expands to BeyondTrust.Upgrade/<version>/ only, with / in every entry name' {
        @(Get-ChildItem -LiteralPath $expanded | ForEach-Object Name) | Should -Be @('BeyondTrust.Upgrade')
        @(Get-ChildItem -LiteralPath (Join-Path $expanded 'BeyondTrust.Upgrade') | ForEach-Object Name) | Should -Be @($version)
        $entries | Should -Not -BeNullOrEmpty
        foreach ($entry in $entries) {
            $entry | Should -BeLike "BeyondTrust.Upgrade/$version/*"
            $entry | Should -Not -Match '\\'
        }
    }

    It 'carries exactly the staged files, byte for byte' {
        $inside = Join-Path $expanded "BeyondTrust.Upgrade/$version"
        Get-RelativeFile $inside | Should -Be (Get-RelativeFile $staged)
        foreach ($file in Get-RelativeFile $staged) {
            (Get-FileHash -LiteralPath (Join-Path $inside $file)).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $staged $file)).Hash
        }
    }

    It 'refuses a folder whose name is not the version its manifest declares, and writes no zip' {
        $wrong = Join-Path $TestDrive 'wrong/BeyondTrust.Upgrade/9.9.9'
        $null = New-Item -ItemType Directory -Path $wrong
        Copy-Item -Path (Join-Path $staged '*') -Destination $wrong -Recurse
        $target = Join-Path $TestDrive 'wrong.zip'

        { New-ModulePackage -Path $wrong -DestinationPath $target } | Should -Throw "*named 9.9.9 but its manifest declares version $version*"
        $target | Should -Not -Exist
    }

    It 'makes no zip under -WhatIf' {
        $target = Join-Path $TestDrive 'whatif.zip'
        New-ModulePackage -Path $staged -DestinationPath $target -WhatIf
        $target | Should -Not -Exist
    }
}

Describe 'build.ps1 -Task' {
    It 'refuses an unknown task with UnknownBuildTask before it builds anything, also inside a "Build,Test" list as pwsh -File passes it' {
        $build = Join-Path (Get-TestRepositoryRoot) 'build.ps1'
        $script = "try { & '$build' -Task 'Build,Tset' } catch { 'ERROR ' + `$_.FullyQualifiedErrorId + ' ' + `$_.CategoryInfo.Category + ': ' + `$_.Exception.Message; exit 3 }"

        $run = Invoke-TestPowerShell -Script $script -TimeoutSeconds 120

        $run.ExitCode | Should -Be 3 -Because $run.Error
        $run.Output | Should -Match "ERROR UnknownBuildTask,build\.ps1 InvalidArgument: Unknown task 'Tset'\. Valid tasks: Build, Test, Package\."
        $run.Output | Should -Not -Match 'Staged module'
    }
}

Describe 'The packaged module through PSResourceGet' -Skip:($IsWindows -or $PSVersionTable.PSVersion.Major -lt 7 -or -not (Get-Module -ListAvailable -Name Microsoft.PowerShell.PSResourceGet)) {
    BeforeAll {
        $zip = Join-Path $TestDrive 'package.zip'
        $null = New-ModulePackage -Path $staged -DestinationPath $zip
        $expanded = Join-Path $TestDrive 'expanded'
        Expand-Archive -LiteralPath $zip -DestinationPath $expanded
        $testHome = Join-Path $TestDrive 'home'
        $repository = Join-Path $TestDrive 'repository'
        $null = New-Item -ItemType Directory -Path $testHome, $repository
        $environment = @{
            HOME            = $testHome
            XDG_DATA_HOME   = Join-Path $testHome '.local/share'
            XDG_CONFIG_HOME = Join-Path $testHome '.config'
            XDG_CACHE_HOME  = Join-Path $testHome '.cache'
            LOCALAPPDATA    = Join-Path $testHome '.local/share'
            PSModulePath    = ''
        }
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name BTUpgradeTest -Uri '$repository' -Trusted
Publish-PSResource -Path '$(Join-Path $expanded "BeyondTrust.Upgrade/$version")' -Repository BTUpgradeTest
Install-PSResource -Name BeyondTrust.Upgrade -Version '$version' -Repository BTUpgradeTest -Scope CurrentUser -TrustRepository
`$module = Import-Module -Name BeyondTrust.Upgrade -PassThru
[pscustomobject]@{
    Version    = `$module.Version.ToString()
    ModuleBase = `$module.ModuleBase
    Cmdlets    = @(`$module.ExportedCmdlets.Keys | Sort-Object)
    Help       = (Get-Help Connect-Appliance).Synopsis
} | ConvertTo-Json -Compress
"@
        # PSResourceGet 1.2 on Linux wrote its repository list and a NuGet.Config under the working directory
        # (seen: ./PSResourceGet/PSResourceRepository.xml, ./NuGet/NuGet.Config): run it in the test's own home too.
        $run = Invoke-TestPowerShell -Script $script -Environment $environment -WorkingDirectory $testHome
        $imported = $null
        if ($run.ExitCode -eq 0) {
            $imported = ($run.Output.Trim() -split "`n")[-1] | ConvertFrom-Json
        }
    }

    It 'Publish-PSResource writes BeyondTrust.Upgrade.<version>.nupkg to the local repository' {
        $run.ExitCode | Should -Be 0 -Because $run.Error
        @(Get-ChildItem -LiteralPath $repository | ForEach-Object Name) | Should -Be @("BeyondTrust.Upgrade.$version.nupkg")
    }

    It 'leaves the repository list and NuGet settings of the user running the tests alone' {
        $run.ExitCode | Should -Be 0 -Because $run.Error
        @(Get-ChildItem -LiteralPath $testHome -Recurse -Filter 'PSResourceRepository.xml' -File) | Should -Not -BeNullOrEmpty
        Join-Path (Get-TestRepositoryRoot) 'PSResourceGet' | Should -Not -Exist
        Join-Path (Get-TestRepositoryRoot) 'NuGet' | Should -Not -Exist
    }

    It 'Install-PSResource puts it under the CurrentUser modules folder and Import-Module loads it from there' {
        $imported.Version | Should -Be $version
        $imported.ModuleBase | Should -BeLike (Join-Path $testHome '*')
        $imported.ModuleBase.Replace('\', '/') | Should -BeLike "*/Modules/BeyondTrust.Upgrade/$version"
    }

    It 'the installed module exports every cmdlet of the manifest, with its help' {
        $expected = @((Import-PowerShellDataFile -LiteralPath (Join-Path $staged 'BeyondTrust.Upgrade.psd1')).CmdletsToExport | Sort-Object)
        $imported.Cmdlets | Should -Be $expected
        $imported.Help | Should -Not -BeNullOrEmpty
        $imported.Help | Should -Not -Match '^\s*Connect-Appliance\s*\['
    }
}
