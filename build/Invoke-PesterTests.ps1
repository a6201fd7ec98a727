#Requires -Version 5.1
<#
.SYNOPSIS
    Runs Pester test files, claimed one at a time from a shared folder, and writes a summary for build.ps1.
.DESCRIPTION
    build.ps1 -Task Test starts several of these workers in child processes of the PowerShell that runs it, so the
    staged module the tests import never stays loaded in the caller's session, and the files (which mostly wait on
    labs) run side by side. Each worker takes the next unclaimed file, largest first, by creating its claim file
    in -ClaimFolder (creating a file is atomic: exactly one worker gets each test file).

    Counting: a failed BeforeAll marks its tests failed and its block failed; such a block counts once, through its
    tests. A block or file that failed with no failed test under it (an AfterAll, a file that could not even be
    discovered) counts as one failure of its own. Exit code: 0 when nothing failed, 1 otherwise.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $PesterPath,
    [Parameter(Mandatory = $true)] [string] $TestPath,
    [Parameter(Mandatory = $true)] [string] $ClaimFolder,
    [Parameter(Mandatory = $true)] [string] $SummaryPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Get-FailureCount {
    param([Parameter(Mandatory = $true)] $Result)

    $failedTestPaths = @($Result.Failed | ForEach-Object { $_.ExpandedPath })
    $orphans = @($Result.FailedBlocks | Where-Object {
            $prefix = $_.ExpandedPath + '.'
            -not ($failedTestPaths | Where-Object { $_.StartsWith($prefix, [StringComparison]::Ordinal) })
        }).Count
    if ($Result.FailedCount -eq 0 -and $Result.FailedContainersCount -gt 0) {
        $orphans += $Result.FailedContainersCount
    }

    $Result.FailedCount + $orphans
}

Import-Module -Name $PesterPath -Force
# *.Example.Tests.ps1 are examples for users that need appliances (Gate.Example.Tests.ps1): a test of their own runs them.
$files = @(Get-ChildItem -LiteralPath $TestPath -Filter '*.Tests.ps1' -File | Where-Object Name -notlike '*.Example.Tests.ps1' | Sort-Object -Property Length -Descending)
$total = [ordered]@{ Files = @(); Passed = 0; Failed = 0; Skipped = 0; NotRun = 0; Seconds = 0.0 }
foreach ($file in $files) {
    try {
        $claim = [System.IO.File]::Open((Join-Path $ClaimFolder "$($file.Name).claim"), [System.IO.FileMode]::CreateNew)
        $claim.Dispose()
    } catch [System.IO.IOException] {
        continue
    }

    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $file.FullName
    $configuration.Run.PassThru = $true
    $configuration.Run.Exit = $false
    $configuration.Output.Verbosity = 'Normal'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = Join-Path $ClaimFolder "$($file.BaseName).xml"
    $result = Invoke-Pester -Configuration $configuration

    $total.Files += $file.Name
    $total.Passed += $result.PassedCount
    $total.Failed += Get-FailureCount -Result $result
    $total.Skipped += $result.SkippedCount
    $total.NotRun += $result.NotRunCount
    $total.Seconds += $result.Duration.TotalSeconds
}

[pscustomobject]$total | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath -Encoding UTF8
Write-Host ('Pester worker: {0} passed, {1} failed, {2} skipped in {3} files, {4:N1} s' -f
    $total.Passed, $total.Failed, $total.Skipped, $total.Files.Count, $total.Seconds)
if ($total.Failed -gt 0) {
    exit 1
}

exit 0
