#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    A change-management gate: may the upgrade start? Copy this file beside your runbook and run it before the window,
    as a step of the change or of the pipeline that runs the upgrade:

        $api   = Get-Credential -Message 'API account (client id and secret)'
        $admin = Get-Credential -UserName admin -Message '/appliance administrator'
        $gate  = New-PesterContainer -Path ./Gate.Example.Tests.ps1 -Data @{
            ComputerName        = 'a.support.example.com', 'b.support.example.com'
            ApiCredential       = $api
            ApplianceCredential = $admin
            TargetVersion       = '24.3.1'
        }
        Invoke-Pester -Container $gate -Output Detailed -CI      # -CI: a failed gate sets the exit code

    Or give it sessions you opened already: -Data @{ Session = $a, $b }.

    There is one test per readiness check and appliance (Test-ApplianceUpgradeReadiness), named "<appliance>: <check>",
    so a failed gate says which check failed and why (the check's detail and recommended action). A check of severity
    Error fails its test; a Warning fails it only with FailOnWarning = $true; Information (what only a person can
    check, the product's reminders) always passes and prints what to do.
    BeyondTrust.Upgrade's own test run does not run this file directly (it needs appliances): ReadinessGate.Tests.ps1
    runs it against lab pairs.
#>
param(
    # Appliances to connect to (a single appliance, a failover pair, or a cluster's appliances).
    [string[]] $ComputerName,

    # The API account (OAuth client id and secret).
    [pscredential] $ApiCredential,

    # The /appliance administrator (optional: without it, a real appliance's pages are guided).
    [pscredential] $ApplianceCredential,

    # Sessions already open (instead of ComputerName and the credentials).
    [object[]] $Session,

    # The site version the change installs; default the latest listed.
    [string] $TargetVersion,

    # Fail on Warning checks too (a stale backup, a certificate warning, Jump Clients still upgrading).
    [bool] $FailOnWarning = $false
)

BeforeDiscovery {
    if (-not (Get-Module -Name BeyondTrust.Upgrade)) {
        Import-Module BeyondTrust.Upgrade -ErrorAction Stop
    }

    if (-not $Session) {
        $Session = foreach ($name in $ComputerName) {
            $connect = @{ ComputerName = $name; ApiCredential = $ApiCredential }
            if ($ApplianceCredential) { $connect.ApplianceCredential = $ApplianceCredential }
            Connect-Appliance @connect -ErrorAction Stop
        }
    }

    $readiness = @{ Session = $Session }
    if ($TargetVersion) { $readiness.TargetVersion = $TargetVersion }
    $checks = @(Test-ApplianceUpgradeReadiness @readiness -ErrorAction Stop | ForEach-Object {
            @{ Appliance = $_.Appliance; Name = $_.Name; Passed = $_.Passed; Severity = [string]$_.Severity; Detail = $_.Detail; Action = $_.RecommendedAction }
        })
}

Describe 'Upgrade readiness' {
    It '<Appliance>: <Name>' -ForEach $checks {
        $blocking = $Severity -eq 'Error' -or ($FailOnWarning -and $Severity -eq 'Warning')
        if (-not $Passed -and -not $blocking) {
            Write-Host "  ${Severity}: $Detail $Action"
        }

        ($Passed -or -not $blocking) | Should -BeTrue -Because "$Detail $Action"
    }
}
