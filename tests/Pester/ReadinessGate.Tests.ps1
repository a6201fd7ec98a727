#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    The change-management gate example (Gate.Example.Tests.ps1), run as a team would run it, in its own PowerShell
    process: it passes against a healthy lab pair, and fails with named checks once the pair is skewed and unsynced
    (B's clock 15 minutes off, and a Sync Now that failed because B did not answer). Also
    Test-ApplianceUpgradeReadiness -Quiet, the one-bool form for a runbook.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestLab.psm1') -Force
    Import-Module (Get-StagedModuleManifest) -Force
    Disconnect-TestApplianceSession
    $lab = Start-TestLab -Topology 'rs-failover-pair'

    # One child process runs the gate on the healthy pair, skews and unsyncs it, and runs the gate again.
    $child = @"
Import-Module '$(Join-Path (Get-Module Pester).ModuleBase 'Pester.psd1')'
Import-Module '$(Join-Path $PSScriptRoot 'TestLab.psm1')'
Import-Module (Get-StagedModuleManifest)
`$lab = ConvertFrom-TestLabEndpointFile -Path '$($lab.EndpointsPath)'
`$pa = Get-TestLabConnectParameter -Lab `$lab -Appliance 'a'
`$pb = Get-TestLabConnectParameter -Lab `$lab -Appliance 'b'
`$sessions = @((Connect-Appliance @pa -Name 'A'), (Connect-Appliance @pb -Name 'B'))
function Invoke-Gate([string] `$Tag) {
    `$gate = New-PesterContainer -Path '$(Join-Path $PSScriptRoot 'Gate.Example.Tests.ps1')' -Data @{ Session = `$sessions; TargetVersion = '24.3.1' }
    `$result = Invoke-Pester -Container `$gate -Output None -PassThru
    foreach (`$test in `$result.Tests) { `$Tag + '|' + `$test.ExpandedName + '|' + `$test.Result }
}
Invoke-Gate 'HEALTHY'
Add-TestLabFault -Lab `$lab -Appliance 'b' -Kind 'NetworkDown'
Sync-Failover -Session `$sessions[0] -Confirm:`$false -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
Add-TestLabFault -Lab `$lab -Appliance 'b' -Kind 'NetworkUp'
Add-TestLabFault -Lab `$lab -Appliance 'b' -Kind 'ClockSkew' -Seconds 900
Invoke-Gate 'SKEWED'
'QUIET|' + (Test-ApplianceUpgradeReadiness -Session `$sessions[0] -Quiet) + '|' + (Test-ApplianceUpgradeReadiness -Session `$sessions -Quiet)
"@
    # A ledger of its own: this machine's record of earlier tests' installs on a reused loopback port must not count here.
    $ledger = Join-Path ([System.IO.Path]::GetTempPath()) ('bt-gate-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $run = Invoke-TestPowerShell -Script $child -TimeoutSeconds 300 -Environment @{ BTUPGRADE_DATA_HOME = $ledger }
    $lines = @($run.Output -split "`r?`n" | Where-Object { $_ -match '^(HEALTHY|SKEWED|QUIET)\|' })
    $tests = foreach ($line in $lines | Where-Object { $_ -notlike 'QUIET|*' }) {
        $parts = $line.Split('|')
        [pscustomobject]@{ Run = $parts[0]; Name = $parts[1]; Result = $parts[2] }
    }
    $quiet = @(($lines | Where-Object { $_ -like 'QUIET|*' }) -split '\|')
}

AfterAll {
    Disconnect-TestApplianceSession
    Stop-TestLab -Lab $lab
    if ($ledger -and (Test-Path -LiteralPath $ledger)) { Remove-Item -LiteralPath $ledger -Recurse -Force }
}

Describe 'The readiness gate example' {
    It 'passes against a healthy lab pair, one test per check and appliance' {
        $healthy = @($tests | Where-Object Run -eq 'HEALTHY')

        $healthy.Count | Should -BeGreaterThan 20 -Because "the gate ran: $($run.Output) $($run.Error)"
        @($healthy | Where-Object Result -ne 'Passed') | Should -BeNullOrEmpty
        @($healthy.Name) | Should -Contain 'A: Clock'
        @($healthy.Name) | Should -Contain 'A, B: LastSync'
        @($healthy.Name) | Should -Contain 'A, B: InterApplianceKeys'
    }

    It 'fails with the named checks against a skewed, unsynced pair' {
        $failed = @($tests | Where-Object { $_.Run -eq 'SKEWED' -and $_.Result -eq 'Failed' })

        @($failed.Name | Sort-Object) | Should -Be @('A, B: LastSync', 'A, B: PeerClock', 'B: Clock')
    }

    It 'gives one bool with -Quiet: A alone is ready, the pair is not' {
        $quiet[1] | Should -Be 'True'
        $quiet[2] | Should -Be 'False'
    }
}
