#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Upgrade plans against a Remote Support failover pair in the lab (rs-failover-pair: A primary holding the enabled
    shared IP, B backup, site support.example.com over the shared IP): New-ApplianceUpgradePlan (two maintenance
    windows), the JSON round trip through Export-/Import-ApplianceUpgradePlan, and Invoke-ApplianceUpgradePlan:
    -WhatIf, an asynchronous plan stopped after window 1 and completed by a second run with the same state file
    (B primary, A backup), a state file of another plan refused, and the synchronous plan that keeps A primary; its
    state file (with a failed plan's state made from it) feeds Get-ApplianceUpgradeHistory and
    Export-ApplianceUpgradeReport, so the run reports cost no plan run of their own.
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
        # A backup password: the run reports below must not carry it.
        $backupPasswordText = 'plan-backup-password-7'
        $result = Invoke-ApplianceUpgradePlan -Plan $plan @run -BackupPassword (ConvertTo-TestSecureString -Text $backupPasswordText)
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

    Context 'Run reports of its state file: Get-ApplianceUpgradeHistory and Export-ApplianceUpgradeReport' {
        BeforeAll {
            # A folder of three files: this run's state (completed), a failed plan's state made from it, and JSON that
            # is not a plan. Names in the opposite order to their times: newest first is not name order.
            $history = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'history')).FullName
            $completedState = Join-Path $history 'b-completed.json'
            $failedState = Join-Path $history 'a-failed.json'
            $notAPlan = Join-Path $history 'c-settings.json'
            Copy-Item -LiteralPath $run.StatePath -Destination $completedState
            $completedRun = Get-ApplianceUpgradeHistory -Path $completedState

            $failed = Get-Content -Raw -LiteralPath $completedState | ConvertFrom-Json
            $failed.planId = 'failed-' + $failed.planId
            $failed.completed = $false
            $failed.updatedAt = $completedRun.UpdatedAt.AddHours(-1).ToString('o')
            $failedStep = $failed.steps[-1]
            $failedStep.status = 'Failed'
            $failedStep.errorId = 'InstallFailed'
            $failedStep.error = 'The install did not finish.'
            $failedStep.finishedAt = $null
            $failed | ConvertTo-Json -Depth 32 | Set-Content -LiteralPath $failedState -Encoding UTF8
            Set-Content -LiteralPath $notAPlan -Value '{ "theme": "dark", "steps": [] }' -Encoding UTF8

            function Get-TestFileHash {
                param([string] $Path)
                (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash
            }
        }

        It 'lists the two plans of a folder newest first and skips the JSON that is not a plan with a verbose line' {
            $errors = $null
            $output = @(Get-ApplianceUpgradeHistory -Path $history -Verbose -ErrorVariable errors 4>&1)
            $runs = @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
            $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message })

            @($errors) | Should -BeNullOrEmpty
            @($runs | ForEach-Object { $_.PlanId }) | Should -Be @($plan.Id, ('failed-' + $plan.Id))
            @($runs | ForEach-Object { [System.IO.Path]::GetFileName($_.StatePath) }) | Should -Be @('b-completed.json', 'a-failed.json')
            $runs[0].Completed | Should -BeTrue
            $runs[0].Outcome.ToString() | Should -Be 'Completed'
            $runs[1].Outcome.ToString() | Should -Be 'Failed'
            $runs[1].ErrorId | Should -Be 'InstallFailed'
            @($verbose | Where-Object { $_ -like '*c-settings.json*' }) | Should -HaveCount 1
        }

        It 'lists a state file named by overlapping paths once' {
            $runs = @(Get-ApplianceUpgradeHistory -Path $history, $completedState, (Join-Path $history '*.json'))
            @($runs | ForEach-Object { $_.PlanId }) | Should -Be @($plan.Id, ('failed-' + $plan.Id))
        }

        It '-Failed gives the failed plan, -Completed the completed one, -Since in the future none' {
            @(Get-ApplianceUpgradeHistory -Path $history -Failed | ForEach-Object { $_.PlanId }) | Should -Be @('failed-' + $plan.Id)
            @(Get-ApplianceUpgradeHistory -Path $history -Completed | ForEach-Object { $_.PlanId }) | Should -Be @($plan.Id)
            @(Get-ApplianceUpgradeHistory -Path $history -Since (Get-Date).AddDays(1)) | Should -BeNullOrEmpty
            @(Get-ApplianceUpgradeHistory -Path $history -Until $completedRun.UpdatedAt.AddMinutes(-30).UtcDateTime | ForEach-Object { $_.PlanId }) | Should -Be @('failed-' + $plan.Id)
        }

        It 'writes PlanStateUnreadable for a plan state cut short and still lists the others' {
            $broken = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'history-broken')).FullName
            Copy-Item -LiteralPath $completedState, $failedState, $notAPlan -Destination $broken
            $text = Get-Content -Raw -LiteralPath $completedState
            $cut = Join-Path $broken 'd-cut.json'
            Set-Content -LiteralPath $cut -Value $text.Substring(0, [int]($text.Length / 2)) -NoNewline -Encoding UTF8

            $errors = $null
            $runs = @(Get-ApplianceUpgradeHistory -Path $broken -ErrorVariable errors -ErrorAction SilentlyContinue)

            @($runs | ForEach-Object { $_.PlanId }) | Should -Be @($plan.Id, ('failed-' + $plan.Id))
            @($errors) | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'PlanStateUnreadable,BeyondTrust.Upgrade.Commands.GetApplianceUpgradeHistoryCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $errors[0].TargetObject | Should -Be $cut
        }

        It 'writes NotAPlanState for a file named directly that is not a plan' {
            $failure = Get-TestErrorRecord { Get-ApplianceUpgradeHistory -Path $notAPlan -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'NotAPlanState,BeyondTrust.Upgrade.Commands.GetApplianceUpgradeHistoryCommand'
            $failure.TargetObject | Should -Be $notAPlan
        }

        It 'exports the history from the pipeline: the HTML and the JSON beside it name both plans; -PassThru gives the files' {
            $html = Join-Path $TestDrive 'report.html'
            $files = @(Get-ApplianceUpgradeHistory -Path $history | Export-ApplianceUpgradeReport -OutFile $html -Title 'Lab upgrade' -PassThru)

            @($files | ForEach-Object { $_.GetType().FullName }) | Should -Be @('System.IO.FileInfo', 'System.IO.FileInfo')
            @($files | ForEach-Object { $_.Name }) | Should -Be @('report.html', 'report.json')
            $html | Should -Exist
            $htmlText = Get-Content -Raw -LiteralPath $html
            $htmlText | Should -Match '<title>Lab upgrade</title>'
            $htmlText | Should -Match ([regex]::Escape($plan.Id))
            $htmlText | Should -Match ([regex]::Escape('failed-' + $plan.Id))
            $report = Get-Content -Raw -LiteralPath (Join-Path $TestDrive 'report.json') | ConvertFrom-Json
            @($report.plans | ForEach-Object { $_.planId } | Sort-Object) | Should -Be @(@($plan.Id, ('failed-' + $plan.Id)) | Sort-Object)
        }

        It 'puts the backup password in neither file' {
            # The run took its backups with the password: the report says so, and shows it nowhere.
            $report = Get-Content -Raw -LiteralPath (Join-Path $TestDrive 'report.json') | ConvertFrom-Json
            $backups = @(($report.plans | Where-Object { $_.planId -eq $plan.Id }).backups)
            $backups.Count | Should -BeGreaterThan 0
            @($backups | Where-Object { -not $_.encrypted }) | Should -BeNullOrEmpty
            foreach ($file in 'report.html', 'report.json') {
                Get-Content -Raw -LiteralPath (Join-Path $TestDrive $file) | Should -Not -Match ([regex]::Escape($backupPasswordText))
            }

            Get-Content -Raw -LiteralPath $run.StatePath | Should -Not -Match ([regex]::Escape($backupPasswordText))
        }

        It 'refuses an existing -OutFile without -Force (FileExists) and leaves both files byte for byte' {
            $html = Join-Path $TestDrive 'report.html'
            $json = Join-Path $TestDrive 'report.json'
            $before = @((Get-TestFileHash -Path $html), (Get-TestFileHash -Path $json))

            $failure = Get-TestErrorRecord { Export-ApplianceUpgradeReport -Path $history -OutFile $html -Title 'Another title' -ErrorAction Stop }

            $failure.FullyQualifiedErrorId | Should -Be 'FileExists,BeyondTrust.Upgrade.Commands.ExportApplianceUpgradeReportCommand'
            @((Get-TestFileHash -Path $html), (Get-TestFileHash -Path $json)) | Should -Be $before
            $files = @(Export-ApplianceUpgradeReport -Path $history -OutFile $html -Title 'Another title' -Force -PassThru)
            $files | Should -HaveCount 2
            Get-Content -Raw -LiteralPath $html | Should -Match '<title>Another title</title>'
        }

        It 'refuses when only the JSON beside -OutFile exists (FileExists) and writes no HTML either' {
            $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'json-exists')).FullName
            $json = Join-Path $folder 'report.json'
            Set-Content -LiteralPath $json -Value '{ "mine": true }' -Encoding UTF8
            $before = Get-TestFileHash -Path $json

            $failure = Get-TestErrorRecord { Export-ApplianceUpgradeReport -Path $history -OutFile (Join-Path $folder 'report.html') -ErrorAction Stop }

            $failure.FullyQualifiedErrorId | Should -Be 'FileExists,BeyondTrust.Upgrade.Commands.ExportApplianceUpgradeReportCommand'
            $failure.TargetObject | Should -Be $json
            Get-TestFileHash -Path $json | Should -Be $before
            @(Get-ChildItem -LiteralPath $folder -Force | ForEach-Object { $_.Name }) | Should -Be @('report.json')
        }

        It '-WhatIf writes neither the HTML nor the JSON' {
            $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'whatif-report')).FullName
            $output = Export-ApplianceUpgradeReport -Path $history -OutFile (Join-Path $folder 'report.html') -PassThru -WhatIf
            $output | Should -BeNullOrEmpty
            @(Get-ChildItem -LiteralPath $folder -Force) | Should -BeNullOrEmpty
        }

        It '-Format Json writes only the JSON' {
            $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'json-report')).FullName
            $files = @(Export-ApplianceUpgradeReport -Path $completedState, $failedState -OutFile (Join-Path $folder 'report.html') -Format Json -PassThru)
            @($files | ForEach-Object { $_.Name }) | Should -Be @('report.json')
            @(Get-ChildItem -LiteralPath $folder -Force | ForEach-Object { $_.Name }) | Should -Be @('report.json')
            @((Get-Content -Raw -LiteralPath (Join-Path $folder 'report.json') | ConvertFrom-Json).plans) | Should -HaveCount 2
        }
    }
}
