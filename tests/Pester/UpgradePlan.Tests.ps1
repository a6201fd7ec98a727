#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Upgrade plans against a Remote Support failover pair in the lab (rs-failover-pair: A primary holding the enabled
    shared IP, B backup, site support.example.com over the shared IP): New-ApplianceUpgradePlan (two maintenance
    windows), the JSON round trip through Export-/Import-ApplianceUpgradePlan, and Invoke-ApplianceUpgradePlan:
    -WhatIf, an asynchronous plan stopped after window 1 and completed by a second run with the same state file
    (B primary, A backup), a state file of another plan refused, and the synchronous plan that keeps A primary.
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

    function Get-TestSiteParameter {
        # -SiteAddress and -SiteThumbprint of the lab site, to splat into New- and Invoke-ApplianceUpgradePlan.
        param([object] $Lab)
        @{ SiteAddress = [uri]$Lab.SiteUri; SiteThumbprint = $Lab.SiteThumbprint }
    }

    function Get-TestPlanRunParameter {
        # Invoke-ApplianceUpgradePlan parameters for a lab pair, to splat: the state file and backups in $Folder.
        param([object] $Lab, [object] $Pair, [string] $Folder)
        $site = Get-TestSiteParameter -Lab $Lab
        @{
            Session        = $Pair.A
            PeerSession    = $Pair.B
            StatePath      = Join-Path $Folder 'upgrade-state.json'
            BackupPath     = (New-Item -ItemType Directory -Path (Join-Path $Folder 'backups') -Force).FullName
            SiteAddress    = $site.SiteAddress
            SiteThumbprint = $site.SiteThumbprint
            Force          = $true
        }
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

    $pairChanges = 'BackupDownloaded', 'SyncStarted', 'FailoverBroken', 'InstallStarted', 'FailoverEstablished'
}

AfterAll {
    Disconnect-TestApplianceSession
}

Describe 'Planning the upgrade of a failover pair' {
    BeforeAll {
        $lab = Start-TestLab -Topology 'rs-failover-pair'
        $pair = Connect-TestPair -Lab $lab
        $site = Get-TestSiteParameter -Lab $lab
        # The sessions in the "wrong" order: the plan finds A as the appliance the site reaches.
        $plan = New-ApplianceUpgradePlan -Strategy Asynchronous -Session $pair.B -PeerSession $pair.A @site -SiteHostname $lab.SiteHostname
        $planFile = Join-Path $TestDrive 'upgrade-plan.json'
    }

    AfterAll {
        Disconnect-TestApplianceSession
        Stop-TestLab -Lab $lab
    }

    It 'shows the steps in two maintenance windows, A being the appliance the site reaches' {
        $plan.Windows | Should -Be 2
        $window1 = @($plan.StepsInWindow(1))
        $window2 = @($plan.StepsInWindow(2))
        $window1.Count | Should -BeGreaterThan 0
        $window2.Count | Should -BeGreaterThan 0
        ($window1.Count + $window2.Count) | Should -Be @($plan.Steps).Count
        @($plan.Steps | ForEach-Object { $_.Number }) | Should -Be (1..@($plan.Steps).Count)

        $a = $plan.GetAppliance('A')
        $a.Hostname | Should -Be ($lab.Appliances | Where-Object { $_.Name -eq 'a' }).Hostname
        $a.Role | Should -Be 'Primary'
        $a.HoldsSharedIp | Should -BeTrue
        $plan.GetAppliance('B').Role | Should -Be 'Backup'
        $plan.TradeOff | Should -Not -BeNullOrEmpty
    }

    It 'breaks the pair in window 1 and re-establishes it in window 2' {
        $actions = @($plan.StepsInWindow(1) | ForEach-Object { $_.Action.ToString() })
        $actions | Should -Contain 'RecordPair'
        $actions | Should -Contain 'SyncNow'
        $actions | Should -Contain 'BreakFailover'
        $actions | Should -Contain 'SwitchTraffic'
        [array]::IndexOf($actions, 'RecordPair') | Should -BeLessThan ([array]::IndexOf($actions, 'BreakFailover'))
        @($plan.StepsInWindow(2) | ForEach-Object { $_.Action.ToString() }) | Should -Contain 'EstablishFailover'
        @($plan.Steps | Where-Object { $_.Action.ToString() -eq 'Install' } | ForEach-Object { $_.Destructive }) | Should -Not -Contain $false
    }

    It 'changes nothing on the appliances' {
        (Get-TestLabAppliance -Lab $lab -Name 'a').failoverRole | Should -Be 'primary'
        (Get-TestLabAppliance -Lab $lab -Name 'b').failoverRole | Should -Be 'backup'
        @((Get-TestLabAppliance -Lab $lab -Name 'a').backupsTaken) | Should -BeNullOrEmpty
        @(Get-TestLabEvent -Lab $lab -Kind $pairChanges) | Should -BeNullOrEmpty
    }

    It 'round-trips through JSON with Export- and Import-ApplianceUpgradePlan, without a secret in the file' {
        $file = Export-ApplianceUpgradePlan -Plan $plan -Path $planFile
        $file | Should -BeOfType ([System.IO.FileInfo])
        $copy = $file | Import-ApplianceUpgradePlan

        $copy.Id | Should -Be $plan.Id
        $copy.Strategy | Should -Be $plan.Strategy
        $copy.TargetVersion | Should -Be $plan.TargetVersion
        $copy.Windows | Should -Be 2
        @($copy.Steps | ForEach-Object { $_.Id }) | Should -Be @($plan.Steps | ForEach-Object { $_.Id })
        @($copy.Steps | ForEach-Object { $_.Window }) | Should -Be @($plan.Steps | ForEach-Object { $_.Window })
        @($copy.Appliances | ForEach-Object { $_.Hostname }) | Should -Be @($plan.Appliances | ForEach-Object { $_.Hostname })

        $text = Get-Content -Raw -LiteralPath $planFile
        $text | Should -Not -Match ([regex]::Escape($lab.ApiClientSecret))
        $text | Should -Not -Match ([regex]::Escape($lab.AdminPassword))
    }

    It 'Export-ApplianceUpgradePlan does not replace a file without -Force (FileExists)' {
        $failure = Get-TestErrorRecord { Export-ApplianceUpgradePlan -Plan $plan -Path $planFile -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'FileExists,BeyondTrust.Upgrade.Commands.ExportApplianceUpgradePlanCommand'
        Export-ApplianceUpgradePlan -Plan $plan -Path $planFile -Force | Should -Not -BeNullOrEmpty
    }

    It 'Import-ApplianceUpgradePlan refuses a file that is not a plan (PlanInvalid)' {
        $notAPlan = Join-Path $TestDrive 'not-a-plan.json'
        Set-Content -LiteralPath $notAPlan -Value '{ "hello": "world" }'
        $failure = Get-TestErrorRecord { Import-ApplianceUpgradePlan -Path $notAPlan -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'PlanInvalid,BeyondTrust.Upgrade.Commands.ImportApplianceUpgradePlanCommand'
    }

    It 'New-ApplianceUpgradePlan refuses a failover strategy with one appliance (PlanNotAPair)' {
        $failure = Get-TestErrorRecord { New-ApplianceUpgradePlan -Strategy Synchronous -Session $pair.A -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'PlanNotAPair,BeyondTrust.Upgrade.Commands.NewApplianceUpgradePlanCommand'
    }

    It 'Invoke-ApplianceUpgradePlan -WhatIf writes no state and changes nothing' {
        $run = Get-TestPlanRunParameter -Lab $lab -Pair $pair -Folder (Join-Path $TestDrive 'whatif')
        $result = Invoke-ApplianceUpgradePlan -Plan $plan @run -WhatIf

        $result | Should -BeNullOrEmpty
        $run.StatePath | Should -Not -Exist
        @(Get-ChildItem -LiteralPath $run.BackupPath -Force) | Should -BeNullOrEmpty
        (Get-TestLabAppliance -Lab $lab -Name 'a').failoverRole | Should -Be 'primary'
        (Get-TestLabAppliance -Lab $lab -Name 'b').failoverRole | Should -Be 'backup'
        @(Get-TestEnabledSharedIp -Lab $lab) | Should -Be @('a')
        @(Get-TestLabEvent -Lab $lab -Kind $pairChanges) | Should -BeNullOrEmpty
    }
}

Describe 'An asynchronous plan in two runs: window 1, then window 2 from the same state file' {
    BeforeAll {
        $lab = Start-TestLab -Topology 'rs-failover-pair'
        $pair = Connect-TestPair -Lab $lab
        $site = Get-TestSiteParameter -Lab $lab
        $planFile = Join-Path $TestDrive 'upgrade-plan.json'
        $plan = New-ApplianceUpgradePlan -Strategy Asynchronous -Session $pair.A -PeerSession $pair.B @site -SiteHostname $lab.SiteHostname
        $null = Export-ApplianceUpgradePlan -Plan $plan -Path $planFile
        # Another plan of the same pair, made before anything changed: its id differs.
        $otherPlan = New-ApplianceUpgradePlan -Strategy Asynchronous -Session $pair.A -PeerSession $pair.B @site -SiteHostname $lab.SiteHostname
        $run = Get-TestPlanRunParameter -Lab $lab -Pair $pair -Folder $TestDrive
        $siteVersionBefore = (Get-TestLabAppliance -Lab $lab -Name 'a').siteVersion

        $first = Invoke-ApplianceUpgradePlan -Plan $plan @run -StopAfterWindow 1
    }

    AfterAll {
        Disconnect-TestApplianceSession
        Stop-TestLab -Lab $lab
    }

    It 'stops after window 1 with every step of window 1 done and none of window 2' {
        $first.StoppedAfterWindow | Should -Be 1
        $first.Completed | Should -BeFalse
        $first.StepsDone | Should -Be @($plan.StepsInWindow(1)).Count
        @($first.Steps | Where-Object { $_.Window -eq 2 -and $_.Status.ToString() -ne 'Pending' }) | Should -BeNullOrEmpty
        $run.StatePath | Should -Exist
    }

    It 'leaves B updated and serving the site, A on the old version, the pair broken' {
        $a = Get-TestLabAppliance -Lab $lab -Name 'a'
        $b = Get-TestLabAppliance -Lab $lab -Name 'b'
        $a.failoverRole | Should -Be 'none'
        $b.failoverRole | Should -Be 'none'
        @(Get-TestEnabledSharedIp -Lab $lab) | Should -Be @('b')
        $a.siteVersion | Should -Be $siteVersionBefore
        $b.siteVersion | Should -Not -Be $siteVersionBefore
        @(Get-TestLabViolation -Lab $lab) | Should -BeNullOrEmpty
    }

    It 'refuses the state file with another plan (PlanStateMismatch) and changes nothing' {
        $before = @(Get-TestLabEvent -Lab $lab -Kind $pairChanges).Count
        $failure = Get-TestErrorRecord { Invoke-ApplianceUpgradePlan -Plan $otherPlan @run }

        $failure.FullyQualifiedErrorId | Should -Be 'PlanStateMismatch,BeyondTrust.Upgrade.Commands.InvokeApplianceUpgradePlanCommand'
        @(Get-TestLabEvent -Lab $lab -Kind $pairChanges).Count | Should -Be $before
        (Get-TestLabAppliance -Lab $lab -Name 'a').siteVersion | Should -Be $siteVersionBefore
        @(Get-TestEnabledSharedIp -Lab $lab) | Should -Be @('b')
    }

    It 'a second run of the imported plan with the same state file completes: B primary, A backup' {
        $imported = Import-ApplianceUpgradePlan -Path $planFile
        $second = Invoke-ApplianceUpgradePlan -Plan $imported @run

        $second.Completed | Should -BeTrue
        $second.StepsDone | Should -Be $second.StepsTotal
        @($second.StepsDoneThisRun) | Should -Be @($plan.StepsInWindow(2) | ForEach-Object { $_.Id })
        $second.TimeWithoutFailover | Should -Not -BeNullOrEmpty

        $a = Get-TestLabAppliance -Lab $lab -Name 'a'
        $b = Get-TestLabAppliance -Lab $lab -Name 'b'
        $b.failoverRole | Should -Be 'primary'
        $a.failoverRole | Should -Be 'backup'
        $a.siteVersion | Should -Be $b.siteVersion
        $a.siteVersion | Should -Not -Be $siteVersionBefore
        @(Get-TestEnabledSharedIp -Lab $lab) | Should -Be @('b')
    }

    It 'never repeated a destructive action across the two runs' {
        @(Get-TestLabEvent -Lab $lab -Kind 'FailoverBroken').Count | Should -Be 1
        @(Get-TestLabEvent -Lab $lab -Kind 'FailoverEstablished').Count | Should -Be 1
        $installSteps = @($plan.Steps | Where-Object { $_.Action.ToString() -eq 'Install' }).Count
        @(Get-TestLabEvent -Lab $lab -Kind 'InstallStarted').Count | Should -Be $installSteps
        @(Get-TestLabViolation -Lab $lab) | Should -BeNullOrEmpty
    }
}

Describe 'A synchronous plan' {
    BeforeAll {
        $lab = Start-TestLab -Topology 'rs-failover-pair'
        $pair = Connect-TestPair -Lab $lab
        $site = Get-TestSiteParameter -Lab $lab
        $plan = New-ApplianceUpgradePlan -Strategy Synchronous -Session $pair.A -PeerSession $pair.B @site -SiteHostname $lab.SiteHostname
        $run = Get-TestPlanRunParameter -Lab $lab -Pair $pair -Folder $TestDrive
        $result = Invoke-ApplianceUpgradePlan -Plan $plan @run
    }

    AfterAll {
        Disconnect-TestApplianceSession
        Stop-TestLab -Lab $lab
    }

    It 'completes in one run without -StopAfterWindow' {
        $result.Completed | Should -BeTrue
        $result.StepsDone | Should -Be @($plan.Steps).Count
    }

    It 'keeps A primary and serving the site, with B its backup on the same version' {
        $a = Get-TestLabAppliance -Lab $lab -Name 'a'
        $b = Get-TestLabAppliance -Lab $lab -Name 'b'
        $a.failoverRole | Should -Be 'primary'
        $b.failoverRole | Should -Be 'backup'
        $a.siteVersion | Should -Be $b.siteVersion
        @(Get-TestEnabledSharedIp -Lab $lab) | Should -Be @('a')
        @(Get-TestLabViolation -Lab $lab) | Should -BeNullOrEmpty
    }

    It 'took a verified backup of each appliance before its first install' {
        @((Get-TestLabAppliance -Lab $lab -Name 'a').backupsTaken).Count | Should -BeGreaterThan 0
        @((Get-TestLabAppliance -Lab $lab -Name 'b').backupsTaken).Count | Should -BeGreaterThan 0
        @(Get-ChildItem -LiteralPath $run.BackupPath -File).Count | Should -BeGreaterThan 1
    }
}
