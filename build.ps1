#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and packages the BeyondTrust.Upgrade module.

.DESCRIPTION
    Build   : dotnet build of the solution; the module project stages out/BeyondTrust.Upgrade/<version>/
              (manifest, DLLs, format file, en-US help) from an explicit allow-list.
    Test    : dotnet test (xUnit: lab, client, and module tests hosting the PowerShell engine), then the Pester
              tests in tests/Pester when Pester 5 is available to this PowerShell.
    Package : Build, then zip the staged module folder to out/BeyondTrust.Upgrade.<version>.zip.

.EXAMPLE
    ./build.ps1 -Task Test

.EXAMPLE
    ./build.ps1 -Task Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot

function Get-ModuleVersion {
    [xml] $props = Get-Content -Raw -LiteralPath (Join-Path $root 'Directory.Build.props')
    $node = $props.Project.PropertyGroup | Where-Object { $_.ModuleVersion } | Select-Object -First 1
    return [string] $node.ModuleVersion
}

function Invoke-Dotnet {
    param([Parameter(Mandatory)] [string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE."
    }
}

function Invoke-BuildTask {
    Invoke-Dotnet -Arguments @('build', (Join-Path $root 'BeyondTrust.Upgrade.sln'), '--configuration', $Configuration)
    $staged = Join-Path $root "out/BeyondTrust.Upgrade/$(Get-ModuleVersion)"
    Write-Host "Staged module: $staged"
}

function Invoke-TestTask {
    Invoke-Dotnet -Arguments @('test', (Join-Path $root 'BeyondTrust.Upgrade.sln'), '--configuration', $Configuration)

    $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0.0' } |
        Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed: skipping tests/Pester (Install-Module Pester -MinimumVersion 5.0).'
        return
    }
    Import-Module $pester -Force
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests/Pester'
    $config.Run.Exit = $false
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    # Each test file imports the staged module in a fresh runspace of this PowerShell.
    $result = Invoke-Pester -Configuration $config
    if ($result.FailedCount -gt 0) {
        throw "$($result.FailedCount) Pester test(s) failed."
    }
}

function Invoke-PackageTask {
    Invoke-BuildTask
    $version = Get-ModuleVersion
    $staged = Join-Path $root "out/BeyondTrust.Upgrade/$version"
    $zip = Join-Path $root "out/BeyondTrust.Upgrade.$version.zip"
    if (Test-Path -LiteralPath $zip) {
        Remove-Item -LiteralPath $zip
    }
    Compress-Archive -Path (Join-Path $staged '*') -DestinationPath $zip
    Write-Host "Package: $zip"
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-BuildTask }
        'Test' { Invoke-TestTask }
        'Package' { Invoke-PackageTask }
    }
}
