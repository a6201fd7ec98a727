#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    docs/procedures.md is a promise to administrators: every guide step names the test that proves it. This file keeps
    the promise checkable: every test the map names ("Module: `Class.Method`", "`…Method`" for another method of the
    same class, "`Class.*`" or "`Class`" for a whole class) must exist in that xUnit project, so renaming or moving a
    test without mending the map fails here.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestLab.psm1') -Force
    $root = Get-TestRepositoryRoot
    $map = Join-Path $root 'docs/procedures.md'

    function Get-ProcedureTestReference {
        # Every (Project, Class, Method) the map names; Method is '*' for a whole class.
        param([string] $Path)
        foreach ($line in Get-Content -LiteralPath $Path) {
            $project = $null
            $class = $null
            foreach ($match in [regex]::Matches($line, '(?<project>\b(?:Module|Client|Lab)):|`(?<name>[^`]+)`')) {
                if ($match.Groups['project'].Success) {
                    $project = $match.Groups['project'].Value
                    continue
                }

                $name = $match.Groups['name'].Value
                if (-not $project) {
                    continue
                }

                if ($name.StartsWith([string][char]0x2026)) {
                    [pscustomobject]@{ Project = $project; Class = $class; Method = $name.Substring(1); Text = $name }
                } elseif ($name -match '^(?<class>[A-Z][A-Za-z0-9]*)\.(?<method>[A-Za-z0-9_*]+)$' -or $name -match '^(?<class>[A-Z][A-Za-z0-9]*Tests)$') {
                    $class = $Matches['class']
                    $method = if ($Matches.ContainsKey('method')) { $Matches['method'] } else { '*' }
                    [pscustomobject]@{ Project = $project; Class = $class; Method = $method; Text = $name }
                }
            }
        }
    }

    $references = @(Get-ProcedureTestReference -Path $map)
}

Describe 'docs/procedures.md' {
    It 'names tests (the map is read at all)' {
        $references.Count | Should -BeGreaterThan 50
    }

    It 'names only tests that exist in their xUnit project' {
        $sources = @{}
        foreach ($project in @($references | ForEach-Object Project | Sort-Object -Unique)) {
            $folder = Join-Path $root "tests/BeyondTrust.Upgrade.$project.Tests"
            $sources[$project] = @(Get-ChildItem -LiteralPath $folder -Recurse -Filter '*.cs' -File |
                    Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } |
                    ForEach-Object { Get-Content -Raw -LiteralPath $_.FullName })
        }

        $missing = foreach ($reference in $references) {
            $classPattern = '\bclass\s+{0}\b' -f $reference.Class
            $files = @($sources[$reference.Project] | Where-Object { $_ -match $classPattern })
            $found = $files.Count -gt 0
            if ($found -and $reference.Method -ne '*') {
                $methodPattern = '\b{0}\s*\(' -f [regex]::Escape($reference.Method)
                $found = @($files | Where-Object { $_ -match $methodPattern }).Count -gt 0
            }

            if (-not $found) {
                '{0}: {1}.{2}' -f $reference.Project, $reference.Class, $reference.Method
            }
        }

        @($missing) | Should -BeNullOrEmpty -Because 'docs/procedures.md must name tests that exist'
    }
}
