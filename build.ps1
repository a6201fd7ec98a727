#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and packages the BeyondTrust.Upgrade module.

.DESCRIPTION
    Build   : dotnet build of the solution (the benchmark included); the module project stages out/BeyondTrust.Upgrade/<version>/
              (manifest, DLLs, format file, en-US help) from an explicit allow-list.
    Test    : Build (without the benchmark: build/BeyondTrust.Upgrade.Test.slnf), then every test: the xUnit projects (dotnet test) and the Pester tests in tests/Pester, side by
              side in child processes; results and logs go to out/test-results/. Pester 5.7.1 comes from NuGet through build/Pester.proj, so a machine
              needs nothing but the .NET SDK and this PowerShell. Ends with one line: "N passed, N failed".
    Package : Build, then zip the staged module to out/BeyondTrust.Upgrade.<version>.zip; the archive expands to
              BeyondTrust.Upgrade/<version>/..., ready to copy into a folder of $env:PSModulePath.

    On a machine with only the .NET SDK, PowerShell 7.6.9 comes from the repository's local tool manifest:
        dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Test

.PARAMETER Task
    One or more of Build, Test, Package, run in that order. "Build,Test" (one string, as pwsh -File passes it) and
    Build, Test (a list, as a prompt passes it) both work.

.PARAMETER Configuration
    The dotnet build configuration.

.PARAMETER PesterWorkers
    How many child PowerShell processes share out the Pester test files (Test).

.EXAMPLE
    ./build.ps1 -Task Build, Test

.EXAMPLE
    pwsh -File build.ps1 -Task Build,Test,Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ArgumentCompleter({
            param($commandName, $parameterName, $wordToComplete)
            'Build', 'Test', 'Package' | Where-Object { $_ -like "$wordToComplete*" }
        })]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',

    # How many Pester processes share out the files of tests/Pester.
    [ValidateRange(1, 16)]
    [int] $PesterWorkers = 3
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$solution = Join-Path $root 'BeyondTrust.Upgrade.sln'
# Everything but the benchmark (which its own command builds in Release): what Test and Package need, about 70 MB of
# PowerShell SDK copies and a compile less on a clean machine.
$testSolution = Join-Path $root 'build/BeyondTrust.Upgrade.Test.slnf'
$knownTasks = @('Build', 'Test', 'Package')

function Resolve-Task {
    # Splits "Build,Test" as pwsh -File passes a list, checks every name, and orders the tasks Build, Test, Package.
    param([string[]] $Name)

    $asked = @($Name | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
    $unknown = @($asked | Where-Object { $knownTasks -notcontains $_ })
    if ($unknown.Count -gt 0 -or $asked.Count -eq 0) {
        $record = New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList @(
            (New-Object -TypeName System.ArgumentException -ArgumentList "Unknown task '$($unknown -join "', '")'. Valid tasks: $($knownTasks -join ', ')."),
            'UnknownBuildTask', [System.Management.Automation.ErrorCategory]::InvalidArgument, ($Name -join ','))
        $PSCmdlet.ThrowTerminatingError($record)
    }

    @($knownTasks | Where-Object { $asked -contains $_ })
}

function Get-ModuleVersion {
    [xml] $props = Get-Content -Raw -LiteralPath (Join-Path $root 'Directory.Build.props')
    [string] $props.SelectSingleNode('/Project/PropertyGroup/ModuleVersion').InnerText.Trim()
}

function Invoke-Dotnet {
    param([Parameter(Mandatory = $true)] [string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE."
    }
}

function Get-PowerShellCommand {
    # The PowerShell running this script, to start the Pester run in a child process of the same version. Under
    # `dotnet pwsh` (the local tool) the process is dotnet and its first argument the pwsh.dll.
    $path = (Get-Process -Id $PID).Path
    if ([System.IO.Path]::GetFileNameWithoutExtension($path) -eq 'dotnet') {
        return @($path, [Environment]::GetCommandLineArgs()[0])
    }

    @($path)
}

function Get-PesterManifest {
    # Restores build/Pester.proj (a PackageDownload of the Pester NuGet package) and returns tools/Pester.psd1.
    $project = Join-Path $root 'build/Pester.proj'
    Invoke-Dotnet -Arguments @('restore', $project, '--verbosity', 'quiet')
    $json = & dotnet msbuild $project -getProperty:NuGetPackageRoot -getProperty:PesterVersion | Out-String
    if ($LASTEXITCODE -ne 0) {
        throw "Cannot read the NuGet package folder from $project."
    }

    $properties = ($json | ConvertFrom-Json).Properties
    $manifest = Join-Path $properties.NuGetPackageRoot "pester/$($properties.PesterVersion)/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) {
        throw "Pester $($properties.PesterVersion) was restored but $manifest is missing."
    }

    $manifest
}

function Get-XunitTotal {
    # Sums the counters of the TRX files dotnet test wrote (one per test project).
    param([Parameter(Mandatory = $true)] [string] $Folder)

    $total = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; Projects = 0; SkippedTests = @() }
    foreach ($file in @(Get-ChildItem -LiteralPath $Folder -Filter '*.trx' -File -ErrorAction SilentlyContinue)) {
        [xml] $trx = Get-Content -Raw -LiteralPath $file.FullName
        $counters = $trx.TestRun.ResultSummary.Counters
        $total.Passed += [int] $counters.passed
        $total.Failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        $total.Skipped += [int] $counters.notExecuted
        # A skipped test (a [ChromiumFact] without Chromium) is neither passed nor hidden: named with its reason.
        foreach ($result in @($trx.TestRun.Results.UnitTestResult | Where-Object { $_.outcome -eq 'NotExecuted' })) {
            $reason = @($result.Output.StdOut, $result.Output.ErrorInfo.Message) | Where-Object { $_ } | Select-Object -First 1
            $total.SkippedTests += ('{0}: {1}' -f $result.testName, $reason)
        }
        $total.Projects++
    }

    $total
}

function Invoke-BuildTask {
    param([Parameter(Mandatory = $true)] [string] $Target)
    # One warm compiler server for every project instead of a new compiler process each (a machine may set
    # UseSharedCompilation=false; measured on a clean clone: 105 s of build become 76 s), shut down afterwards so that no
    # server outlives the build.
    $shared = $env:UseSharedCompilation
    $env:UseSharedCompilation = 'true'
    try {
        Invoke-Dotnet -Arguments @('build', $Target, '--configuration', $Configuration, '--nologo')
    } finally {
        $env:UseSharedCompilation = $shared
        $null = & dotnet build-server shutdown --vbcscompiler 2>&1
    }

    Write-Host "Staged module: $(Join-Path $root "out/BeyondTrust.Upgrade/$(Get-ModuleVersion)")"
}

function Start-LoggedProcess {
    # Starts a child process with its output in a log file (printed when it ends) and the given extra environment.
    param(
        [Parameter(Mandatory = $true)] [string] $FilePath,
        [Parameter(Mandatory = $true)] [string[]] $ArgumentList,
        [Parameter(Mandatory = $true)] [string] $LogPath,
        [hashtable] $Environment = @{}
    )

    $start = New-Object -TypeName System.Diagnostics.ProcessStartInfo -ArgumentList $FilePath
    $start.Arguments = (@($ArgumentList | ForEach-Object { if ($_ -match '[\s"]') { '"{0}"' -f $_.Replace('"', '\"') } else { $_ } }) -join ' ')
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.WorkingDirectory = $root
    foreach ($name in $Environment.Keys) {
        $start.EnvironmentVariables[$name] = [string] $Environment[$name]
    }

    $process = [System.Diagnostics.Process]::Start($start)
    [pscustomobject]@{
        Process = $process
        LogPath = $LogPath
        Output  = $process.StandardOutput.ReadToEndAsync()
        Error   = $process.StandardError.ReadToEndAsync()
    }
}

function Wait-LoggedProcess {
    # Waits for a process of Start-LoggedProcess, writes its log file and prints it; returns its exit code.
    param([Parameter(Mandatory = $true)] $Started, [Parameter(Mandatory = $true)] [string] $Title)

    $Started.Process.WaitForExit()
    $text = $Started.Output.GetAwaiter().GetResult() + $Started.Error.GetAwaiter().GetResult()
    Set-Content -LiteralPath $Started.LogPath -Value $text -Encoding UTF8
    Write-Host ''
    Write-Host "--- $Title ---"
    Write-Host $text
    $Started.Process.ExitCode
}

function Invoke-TestTask {
    $results = Join-Path $root 'out/test-results'
    if (Test-Path -LiteralPath $results) {
        Remove-Item -LiteralPath $results -Recurse -Force
    }

    $xunitResults = Join-Path $results 'xunit'
    $pesterResults = Join-Path $results 'pester'
    $null = New-Item -ItemType Directory -Path $xunitResults, $pesterResults -Force

    # The test processes are short-lived and start many labs: tier-1 recompilation with dynamic PGO costs them about
    # half their CPU for nothing (tests/test.runsettings says the same for the xUnit test hosts, which it reaches).
    $runtime = @{ DOTNET_TieredPGO = '0'; DOTNET_TC_CallCounting = '0' }

    # Every suite mostly waits on labs (installs, reboots, syncs at the lab's time scale), so they run side by side:
    # dotnet test with its projects in parallel, and Pester workers that share out the test files.
    $xunit = Start-LoggedProcess -FilePath 'dotnet' -LogPath (Join-Path $results 'xunit.log') -ArgumentList @(
        'test', $testSolution, '--no-build', '--configuration', $Configuration, '--nologo',
        '--logger', 'trx', '--results-directory', $xunitResults, '-maxcpucount:4')

    # Pester is restored while the xUnit hosts start (a few seconds of NuGet and MSBuild that need not wait for them).
    try {
        $pester = Get-PesterManifest
    } catch {
        $xunit.Process.Kill($true)
        throw
    }

    # The Pester workers run the lab this build made (no second build, same configuration) in the PowerShell that
    # runs this script.
    # The appliance ledger (hands-off marks, site installs) of the tests lives under out/, never in the user's profile.
    $pesterEnvironment = $runtime + @{ BTUPGRADE_TEST_CONFIGURATION = $Configuration; "BTUPGRADE_LAB_BUILT_$Configuration" = '1'
        BTUPGRADE_DATA_HOME = (Join-Path $root 'out/test-data/pester') }
    $shell = @(Get-PowerShellCommand)
    $workers = @()
    for ($i = 1; $i -le $PesterWorkers; $i++) {
        $arguments = @($shell | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'build/Invoke-PesterTests.ps1'),
            '-PesterPath', $pester, '-TestPath', (Join-Path $root 'tests/Pester'), '-ClaimFolder', $pesterResults,
            '-SummaryPath', (Join-Path $pesterResults "worker-$i.json"))
        $workers += Start-LoggedProcess -FilePath $shell[0] -ArgumentList $arguments -LogPath (Join-Path $results "pester-$i.log") -Environment $pesterEnvironment
    }

    $passed = 0
    $failed = 0
    $pesterSkipped = 0
    for ($i = 1; $i -le $workers.Count; $i++) {
        $exit = Wait-LoggedProcess -Started $workers[$i - 1] -Title "Pester worker $i"
        $summaryPath = Join-Path $pesterResults "worker-$i.json"
        if (Test-Path -LiteralPath $summaryPath -PathType Leaf) {
            $summary = Get-Content -Raw -LiteralPath $summaryPath | ConvertFrom-Json
            $passed += [int] $summary.Passed
            $failed += [int] $summary.Failed
            $pesterSkipped += [int] $summary.Skipped
            if ($exit -ne 0 -and [int] $summary.Failed -eq 0) {
                $failed++
            }
        } else {
            Write-Warning "Pester worker $i wrote no summary (exit code $exit): counted as one failure."
            $failed++
        }
    }

    $pesterPassed = $passed
    $pesterFailed = $failed
    $xunitExit = Wait-LoggedProcess -Started $xunit -Title 'xUnit (dotnet test)'
    $xunitTotal = Get-XunitTotal -Folder $xunitResults
    $passed += $xunitTotal.Passed
    $failed += $xunitTotal.Failed
    if ($xunitExit -ne 0 -and $xunitTotal.Failed -eq 0) {
        Write-Warning "dotnet test ended with exit code $xunitExit without a failed test: counted as one failure."
        $failed++
    }

    # A test host that crashed writes no results: every test project must have reported.
    $testProjects = @(Get-ChildItem -Path (Join-Path $root 'tests/*.Tests/*.Tests.csproj') -File).Count
    if ($xunitTotal.Projects -lt $testProjects) {
        Write-Warning "Only $($xunitTotal.Projects) of $testProjects xUnit test projects reported results: counted as one failure."
        $failed++
    }

    Write-Host ''
    foreach ($skipped in $xunitTotal.SkippedTests) {
        Write-Host "Skipped (not counted as passed): $skipped"
    }
    Write-Host ('xUnit: {0} passed, {1} failed, {6} skipped ({2} test projects). Pester: {3} passed, {4} failed, {7} skipped. Results: {5}' -f
        $xunitTotal.Passed, $xunitTotal.Failed, $xunitTotal.Projects, $pesterPassed, $pesterFailed, $results, $xunitTotal.Skipped, $pesterSkipped)
    # The last line, for people and for .ci/run.
    Write-Host ('{0} passed, {1} failed' -f $passed, $failed)
    $failed -eq 0
}

function Invoke-PackageTask {
    Import-Module (Join-Path $root 'build/ModulePackage.psm1') -Force
    $version = Get-ModuleVersion
    $package = New-ModulePackage -Path (Join-Path $root "out/BeyondTrust.Upgrade/$version") `
        -DestinationPath (Join-Path $root "out/BeyondTrust.Upgrade.$version.zip")
    Write-Host "Package: $($package.FullName) (expands to BeyondTrust.Upgrade/$version/)"
}

$tasks = Resolve-Task -Name $Task
Invoke-BuildTask -Target $(if ($tasks -contains 'Build') { $solution } else { $testSolution })
$testsPassed = $true
foreach ($name in $tasks) {
    switch ($name) {
        'Test' { $testsPassed = Invoke-TestTask }
        'Package' { Invoke-PackageTask }
    }
}

if (-not $testsPassed) {
    exit 1
}
