#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Every exported cmdlet has real help (en-US/BeyondTrust.Upgrade.dll-Help.xml): a synopsis and a description that
    are not the auto-generated ones, examples with code and remarks that use only the module's own cmdlets, and every
    parameter documented with a description, the right type and the right Required flag. Plus the about topic.
    After PSScriptAnalyzer's Tests/Engine/ModuleHelp.Tests.ps1.
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestLab.psm1') -Force
    Import-Module (Get-StagedModuleManifest) -Force
    $ignored = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $commands = @(Get-Command -Module BeyondTrust.Upgrade -CommandType Cmdlet | Sort-Object -Property Name | ForEach-Object {
            @{
                Name       = $_.Name
                Parameters = @($_.Parameters.Keys | Where-Object { $ignored -notcontains $_ } | Sort-Object)
            }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestLab.psm1') -Force
    $manifestPath = Get-StagedModuleManifest
    Import-Module $manifestPath -Force
    $moduleCmdlets = @((Get-Module -Name BeyondTrust.Upgrade).ExportedCmdlets.Keys)
    $aboutTopic = Join-Path (Split-Path -Parent $manifestPath) 'en-US/about_BeyondTrust.Upgrade.help.txt'
}

Describe 'Help of <Name>' -ForEach $commands {
    BeforeAll {
        $command = Get-Command -Name $Name -Module BeyondTrust.Upgrade
        $help = Get-Help -Name $Name -Full
        $helpParameters = @($help.parameters.parameter | Where-Object { $null -ne $_ })
    }

    It 'is not the auto-generated help' {
        # Without MAML, Get-Help makes the synopsis from the syntax ("Name [-Parameter] <type> ...").
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$Name *"
        $help.Synopsis | Should -Not -Match '\[<CommonParameters>\]'
    }

    It 'has a description of several sentences' {
        $text = @($help.description | ForEach-Object { $_.Text }) -join ' '
        $text | Should -Not -BeNullOrEmpty
        ($text -split '\.\s').Count | Should -BeGreaterThan 2
    }

    It 'has at least one example with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterThan 0
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            (@($example.remarks | ForEach-Object { $_.Text }) -join '') | Should -Not -BeNullOrEmpty
        }
    }

    It 'uses itself in its first example' {
        @($help.examples.example)[0].code | Should -Match ([regex]::Escape($Name))
    }

    It 'uses only cmdlets of the module that exist in its examples' {
        foreach ($example in @($help.examples.example)) {
            $tokens = $null
            $parseErrors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput([string]$example.code, [ref]$tokens, [ref]$parseErrors)
            $parseErrors | Should -BeNullOrEmpty -Because "example code must parse: $($example.code)"
            $used = @($ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true) |
                    ForEach-Object { $_.GetCommandName() } |
                    Where-Object { $_ -match '-Appliance' })
            foreach ($cmdlet in $used) {
                $moduleCmdlets | Should -Contain $cmdlet -Because "the example uses $cmdlet"
            }
        }
    }

    It 'documents no parameter the cmdlet lacks' {
        foreach ($parameterHelp in $helpParameters) {
            $command.Parameters.Keys | Should -Contain $parameterHelp.name
        }
    }

    It 'has one syntax item per parameter set' {
        @($help.syntax.syntaxItem).Count | Should -Be @($command.ParameterSets).Count
    }

    It 'links to the about topic' {
        @($help.relatedLinks.navigationLink | ForEach-Object { $_.linkText }) | Should -Contain 'about_BeyondTrust.Upgrade'
    }

    Context 'Parameter -<_>' -ForEach $Parameters {
        BeforeAll {
            $parameter = $command.Parameters[$_]
            $parameterHelp = $helpParameters | Where-Object { $_.name -eq $parameter.Name }
        }

        It 'is documented with a description' {
            $parameterHelp | Should -Not -BeNullOrEmpty
            (@($parameterHelp.description | ForEach-Object { $_.Text }) -join '') | Should -Not -BeNullOrEmpty
        }

        It 'has the right Required flag' {
            $mandatory = [bool]@($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory }).Count
            [string]$parameterHelp.required | Should -Be $mandatory.ToString().ToLowerInvariant()
        }

        It 'has the right type' {
            # An optional value (int?, DateTime?) is documented as its value type: Int32, not Nullable`1.
            $type = $parameter.ParameterType
            $valueType = [System.Nullable]::GetUnderlyingType($type)
            if ($null -ne $valueType) {
                $type = $valueType
            }

            $helpType = if ($parameterHelp.parameterValue) { ([string]$parameterHelp.parameterValue).Trim() }
            $helpType | Should -Be $type.Name
        }
    }
}

Describe 'The about topic' {
    It 'is staged' {
        $aboutTopic | Should -Exist
    }

    It 'is an about topic of this module' {
        $text = Get-Content -Raw -LiteralPath $aboutTopic
        $text | Should -Match '(?m)^TOPIC\s*$'
        $text | Should -Match '(?m)^\s+about_BeyondTrust\.Upgrade\s*$'
        $text | Should -Match '(?m)^SHORT DESCRIPTION\s*$'
        $text | Should -Match '(?m)^LONG DESCRIPTION\s*$'
    }

    It 'names every exported cmdlet' {
        $text = Get-Content -Raw -LiteralPath $aboutTopic
        foreach ($cmdlet in $moduleCmdlets) {
            $text | Should -Match ([regex]::Escape($cmdlet))
        }
    }

    It 'fits an 80-column console' {
        @(Get-Content -LiteralPath $aboutTopic | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
    }
}
