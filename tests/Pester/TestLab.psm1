#Requires -Version 5.1
<#
    Shared helpers of the Pester tests: find the staged module, start and stop an appliance lab, connect to it, and
    call its /lab control API. Works in Windows PowerShell 5.1 and PowerShell 7.x.

    The lab runs as a separate process (the built BeyondTrust.Upgrade.Lab.dll under `dotnet`, the same program as
    `dotnet run --project src/BeyondTrust.Upgrade.Lab -- --topology <name>`). Its endpoints, certificate thumbprints
    and credentials are read from the JSON file it writes with --json-endpoints <file> once every listener is up
    (ConvertFrom-TestLabEndpointFile); the lines it prints at start-up (ConvertFrom-TestLabBanner) are only the
    fallback when no such file appeared.
#>

Set-StrictMode -Version Latest

$script:RepositoryRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).Path
$script:LabProject = Join-Path $script:RepositoryRoot 'src/BeyondTrust.Upgrade.Lab/BeyondTrust.Upgrade.Lab.csproj'
$script:ReadyLine = 'Press Ctrl+C to stop.'

# The appliance ledger of the tests (hands-off marks, site installs): never the user's profile. build.ps1 sets
# BTUPGRADE_DATA_HOME for its Pester workers; a single test file run by hand gets out/test-data. Child processes
# (Invoke-TestPowerShell) inherit it.
if ([string]::IsNullOrEmpty($env:BTUPGRADE_DATA_HOME)) {
    $env:BTUPGRADE_DATA_HOME = Join-Path $script:RepositoryRoot 'out/test-data'
}

function Get-TestLedgerPath {
    <#
        The ledger file of the appliance at -BaseUri: BTUPGRADE_DATA_HOME/appliances/<host>_<port>.json, the host with
        anything but a-z, 0-9, '.' and '-' as '_' (the naming of BeyondTrust.Upgrade.Client.Ledger.ApplianceLedger).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory = $true)] [uri] $BaseUri)
    $name = ($BaseUri.Host.ToLowerInvariant() -replace '[^a-z0-9.-]', '_') + '_' + $BaseUri.Port
    Join-Path $env:BTUPGRADE_DATA_HOME "appliances/$name.json"
}

function Get-TestRepositoryRoot {
    <# The repository root (two folders above tests/Pester). #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $script:RepositoryRoot
}

function Get-TestModuleVersion {
    <# The module version: the ModuleVersion property of Directory.Build.props. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $props = Join-Path $script:RepositoryRoot 'Directory.Build.props'
    [xml] $xml = Get-Content -Raw -LiteralPath $props
    $node = $xml.SelectSingleNode('/Project/PropertyGroup/ModuleVersion')
    if ($null -eq $node -or [string]::IsNullOrWhiteSpace($node.InnerText)) {
        throw "No ModuleVersion in $props."
    }

    $node.InnerText.Trim()
}

function Get-StagedModuleManifest {
    <# The staged manifest out/BeyondTrust.Upgrade/<version>/BeyondTrust.Upgrade.psd1; fails when it is not built. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $manifest = Join-Path $script:RepositoryRoot ('out/BeyondTrust.Upgrade/{0}/BeyondTrust.Upgrade.psd1' -f (Get-TestModuleVersion))
    if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) {
        throw "The staged module is missing: $manifest. Build first: ./build.ps1 -Task Build (or dotnet build)."
    }

    $manifest
}

function ConvertTo-TestSecureString {
    <# A SecureString from test text (lab secrets, test passwords). #>
    [CmdletBinding()]
    [OutputType([System.Security.SecureString])]
    param([Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $Text)
    (New-Object -TypeName System.Net.NetworkCredential -ArgumentList @('', $Text)).SecurePassword
}

function ConvertTo-TestCredential {
    <# A PSCredential from a user name and a secret printed by the lab. #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSCredential])]
    param(
        [Parameter(Mandatory = $true)] [string] $UserName,
        [Parameter(Mandatory = $true)] [string] $Secret
    )
    New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList @($UserName, (ConvertTo-TestSecureString -Text $Secret))
}

function ConvertFrom-TestLabEndpointFile {
    <#
        Reads the file the lab writes with --json-endpoints <file> (camelCase JSON, written to a temporary file and
        then renamed, so it is complete once it exists):
          { "topology", "timeScale", "appliances": [{ "name", "product", "hostname", "serial", "baseUri",
            "thumbprint", "thumbprintSha256" }], "site": { "uri", "hostname", "thumbprint" },
            "updateServer": { "uri", "thumbprint" }, "control": { "uri", "thumbprint" },
            "credentials": { "apiClientId", "apiClientSecret", "adminUser", "adminPassword" }, "labKey" }
        Returns the same object as ConvertFrom-TestLabBanner.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param([Parameter(Mandatory = $true)] [string] $Path)

    $json = Get-Content -Raw -LiteralPath $Path | ConvertFrom-Json
    $appliances = New-Object -TypeName System.Collections.Generic.List[object]
    foreach ($appliance in @($json.appliances)) {
        $appliances.Add([pscustomobject]@{
                Name             = [string]$appliance.name
                Product          = [string]$appliance.product
                BaseUri          = [string]$appliance.baseUri
                Hostname         = [string]$appliance.hostname
                Serial           = [string]$appliance.serial
                Thumbprint       = [string]$appliance.thumbprint
                ThumbprintSha256 = [string]$appliance.thumbprintSha256
            })
    }

    $lab = [ordered]@{
        Topology               = [string]$json.topology
        TimeScale              = [double]$json.timeScale
        Appliances             = $appliances
        SiteUri                = [string]$json.site.uri
        SiteHostname           = [string]$json.site.hostname
        SiteThumbprint         = [string]$json.site.thumbprint
        UpdateServerUri        = [string]$json.updateServer.uri
        UpdateServerThumbprint = [string]$json.updateServer.thumbprint
        ControlUri             = [string]$json.control.uri
        ControlThumbprint      = [string]$json.control.thumbprint
        ApiClientId            = [string]$json.credentials.apiClientId
        ApiClientSecret        = [string]$json.credentials.apiClientSecret
        AdminUser              = [string]$json.credentials.adminUser
        AdminPassword          = [string]$json.credentials.adminPassword
        LabKey                 = [string]$json.labKey
    }

    $missing = @($lab.Keys | Where-Object { $_ -ne 'Appliances' -and [string]::IsNullOrEmpty([string]$lab[$_]) })
    if ($appliances.Count -eq 0) {
        $missing += 'Appliances'
    }

    if ($missing.Count -gt 0) {
        throw "The lab's endpoint file $Path lacks: $($missing -join ', '). Its format may have changed; update ConvertFrom-TestLabEndpointFile."
    }

    [pscustomobject]$lab
}

function ConvertFrom-TestLabBanner {
    <#
        Parses the lines the lab prints at start-up (the fallback of Start-TestLab when no endpoint file appeared):
          BeyondTrust appliance lab 'rs-single' (time scale 0.0005 real s per vendor s)
            appliance a        rs      https://127.0.0.1:37599/  a.support.example.com  serial BT-LAB-0001
                     thumbprint SHA-1 1AA0...  SHA-256 FA5F...
            site          https://127.0.0.1:40549/  (support.example.com)  thumbprint 908D...
            update server https://127.0.0.1:43031/  thumbprint CFC4...
            control       https://127.0.0.1:38699/lab/  thumbprint 9062...
          Lab credentials (printed once):
            API account   client id lab-api  client secret ytXJ...
            /appliance    user admin  password 2LvR...
            X-Lab-Key     45hQ...
          Press Ctrl+C to stop.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param([Parameter(Mandatory = $true)] [AllowEmptyCollection()] [string[]] $Line)

    $appliances = New-Object -TypeName System.Collections.Generic.List[object]
    $lab = [ordered]@{
        Topology               = $null
        TimeScale              = $null
        Appliances             = $appliances
        SiteUri                = $null
        SiteHostname           = $null
        SiteThumbprint         = $null
        UpdateServerUri        = $null
        UpdateServerThumbprint = $null
        ControlUri             = $null
        ControlThumbprint      = $null
        ApiClientId            = $null
        ApiClientSecret        = $null
        AdminUser              = $null
        AdminPassword          = $null
        LabKey                 = $null
    }
    foreach ($text in $Line) {
        if ($text -match "^BeyondTrust appliance lab '(?<name>[^']+)' \(time scale (?<scale>\S+) ") {
            $lab.Topology = $Matches['name']
            $lab.TimeScale = [double]::Parse($Matches['scale'], [System.Globalization.CultureInfo]::InvariantCulture)
        } elseif ($text -match '^\s+appliance\s+(?<name>\S+)\s+(?<product>\S+)\s+(?<uri>https://\S+)\s+(?<hostname>\S+)\s+serial\s+(?<serial>\S+)\s*$') {
            $appliances.Add([pscustomobject]@{
                    Name             = $Matches['name']
                    Product          = $Matches['product']
                    BaseUri          = $Matches['uri']
                    Hostname         = $Matches['hostname']
                    Serial           = $Matches['serial']
                    Thumbprint       = $null
                    ThumbprintSha256 = $null
                })
        } elseif ($text -match '^\s+thumbprint SHA-1 (?<sha1>[0-9A-Fa-f]+)\s+SHA-256 (?<sha256>[0-9A-Fa-f]+)\s*$' -and $appliances.Count -gt 0) {
            $appliances[$appliances.Count - 1].Thumbprint = $Matches['sha1']
            $appliances[$appliances.Count - 1].ThumbprintSha256 = $Matches['sha256']
        } elseif ($text -match '^\s+site\s+(?<uri>https://\S+)\s+\((?<hostname>[^)]+)\)\s+thumbprint\s+(?<thumb>[0-9A-Fa-f]+)\s*$') {
            $lab.SiteUri = $Matches['uri']
            $lab.SiteHostname = $Matches['hostname']
            $lab.SiteThumbprint = $Matches['thumb']
        } elseif ($text -match '^\s+update server\s+(?<uri>https://\S+)\s+thumbprint\s+(?<thumb>[0-9A-Fa-f]+)\s*$') {
            $lab.UpdateServerUri = $Matches['uri']
            $lab.UpdateServerThumbprint = $Matches['thumb']
        } elseif ($text -match '^\s+control\s+(?<uri>https://\S+)\s+thumbprint\s+(?<thumb>[0-9A-Fa-f]+)\s*$') {
            $lab.ControlUri = $Matches['uri']
            $lab.ControlThumbprint = $Matches['thumb']
        } elseif ($text -match '^\s+API account\s+client id (?<id>\S+)\s+client secret (?<secret>\S+)\s*$') {
            $lab.ApiClientId = $Matches['id']
            $lab.ApiClientSecret = $Matches['secret']
        } elseif ($text -match '^\s+/appliance\s+user (?<user>\S+)\s+password (?<password>\S+)\s*$') {
            $lab.AdminUser = $Matches['user']
            $lab.AdminPassword = $Matches['password']
        } elseif ($text -match '^\s+X-Lab-Key\s+(?<key>\S+)\s*$') {
            $lab.LabKey = $Matches['key']
        }
    }

    $missing = @($lab.Keys | Where-Object { $_ -ne 'Appliances' -and $null -eq $lab[$_] })
    if ($appliances.Count -eq 0) {
        $missing += 'Appliances'
    }

    if ($missing.Count -gt 0) {
        throw "The lab's start-up lines lack: $($missing -join ', '). The lab's output format may have changed; update ConvertFrom-TestLabBanner.`n$($Line -join "`n")"
    }

    [pscustomobject]$lab
}

function Get-TestLabAssembly {
    # Builds the lab once per process and returns the path of BeyondTrust.Upgrade.Lab.dll. The mark is an
    # environment variable, not a module variable, because every test file imports this module again with -Force;
    # build.ps1 sets it for the Pester process it starts, having just built the whole solution.
    param([string] $Configuration)

    $mark = "BTUPGRADE_LAB_BUILT_$Configuration"
    if ([Environment]::GetEnvironmentVariable($mark) -ne '1') {
        $output = & dotnet build $script:LabProject --configuration $Configuration --nologo --verbosity quiet 2>&1
        if ($LASTEXITCODE -ne 0) {
            throw "dotnet build of the lab failed (exit code $LASTEXITCODE):`n$($output -join "`n")"
        }

        [Environment]::SetEnvironmentVariable($mark, '1')
    }

    $bin = Join-Path (Split-Path -Parent $script:LabProject) (Join-Path 'bin' $Configuration)
    $dll = Get-ChildItem -LiteralPath $bin -Recurse -Filter 'BeyondTrust.Upgrade.Lab.dll' -File |
        Sort-Object -Property LastWriteTimeUtc -Descending |
        Select-Object -First 1
    if ($null -eq $dll) {
        throw "BeyondTrust.Upgrade.Lab.dll is not under $bin after the build."
    }

    $dll.FullName
}

function Start-TestLab {
    <#
        Starts an appliance lab in the background and returns its endpoints, thumbprints and credentials (read from
        the file it writes with --json-endpoints) with the process. Stop it with Stop-TestLab.
        Equivalent to: dotnet run --project src/BeyondTrust.Upgrade.Lab -- --topology <Topology> --time-scale <TimeScale>
            --json-endpoints <file>
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([pscustomobject])]
    param(
        # A sample topology name (rs-single, pra-single, bomgar-single, bomgar-single-legacy, rs-failover-pair, ...)
        # or the path of a topology file.
        [string] $Topology = 'rs-single',

        # Real seconds per vendor second: 0.0005 makes a 20-minute Base install take 0.6 s.
        [double] $TimeScale = 0.0005,

        # The build configuration of the lab to run; build.ps1 passes its own through BTUPGRADE_TEST_CONFIGURATION.
        [ValidateSet('Debug', 'Release')]
        [string] $Configuration = $(if ($env:BTUPGRADE_TEST_CONFIGURATION) { $env:BTUPGRADE_TEST_CONFIGURATION } else { 'Debug' }),

        [int] $TimeoutSeconds = 120
    )

    if (-not $PSCmdlet.ShouldProcess("appliance lab '$Topology'", 'Start')) {
        return
    }

    $dll = Get-TestLabAssembly -Configuration $Configuration
    $stamp = [guid]::NewGuid().ToString('N').Substring(0, 8)
    $stdout = Join-Path ([System.IO.Path]::GetTempPath()) "bt-lab-$stamp.out.txt"
    $stderr = Join-Path ([System.IO.Path]::GetTempPath()) "bt-lab-$stamp.err.txt"
    $endpoints = Join-Path ([System.IO.Path]::GetTempPath()) "bt-lab-$stamp.endpoints.json"
    $arguments = @($dll, '--topology', $Topology, '--time-scale', $TimeScale.ToString('R', [System.Globalization.CultureInfo]::InvariantCulture),
        '--json-endpoints', $endpoints) |
        ForEach-Object { if ($_ -match '\s') { '"{0}"' -f $_ } else { $_ } }
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -RedirectStandardOutput $stdout -RedirectStandardError $stderr `
        -NoNewWindow -PassThru

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $lines = @()
    while ($true) {
        if (Test-Path -LiteralPath $stdout) {
            $lines = @(Get-Content -LiteralPath $stdout -ErrorAction SilentlyContinue)
        }

        # The lab writes the endpoint file (temporary file, then rename) before it prints the ready line.
        if ((Test-Path -LiteralPath $endpoints -PathType Leaf) -or $lines -contains $script:ReadyLine) {
            break
        }

        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            $errors = if (Test-Path -LiteralPath $stderr) { Get-Content -Raw -LiteralPath $stderr } else { '' }
            if (-not $process.HasExited) {
                Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
            }

            throw "The lab '$Topology' did not start within $TimeoutSeconds s.`n$($lines -join "`n")`n$errors"
        }

        Start-Sleep -Milliseconds 200
    }

    try {
        if (Test-Path -LiteralPath $endpoints -PathType Leaf) {
            $lab = ConvertFrom-TestLabEndpointFile -Path $endpoints
        } else {
            $lab = ConvertFrom-TestLabBanner -Line $lines
        }
    } catch {
        Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
        throw
    }

    # A new lab on ports an earlier lab used: no hands-off mark or site install of that lab applies here.
    foreach ($labAppliance in $lab.Appliances) {
        $record = Get-TestLedgerPath -BaseUri ([uri][string]$labAppliance.BaseUri)
        if (Test-Path -LiteralPath $record -PathType Leaf) {
            Remove-Item -LiteralPath $record -Force
        }
    }

    $lab | Add-Member -NotePropertyName Process -NotePropertyValue $process
    $lab | Add-Member -NotePropertyName OutputPath -NotePropertyValue $stdout
    $lab | Add-Member -NotePropertyName ErrorPath -NotePropertyValue $stderr
    $lab | Add-Member -NotePropertyName EndpointsPath -NotePropertyValue $endpoints
    $lab
}

function Stop-TestLab {
    <# Stops a lab started by Start-TestLab (by its process id) and removes its output files. #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)] [AllowNull()] [object] $Lab)

    process {
        if ($null -eq $Lab -or -not $PSCmdlet.ShouldProcess("appliance lab '$($Lab.Topology)'", 'Stop')) {
            return
        }

        if (-not $Lab.Process.HasExited) {
            Stop-Process -Id $Lab.Process.Id -Force -ErrorAction SilentlyContinue
            $null = $Lab.Process.WaitForExit(10000)
        }

        $files = @($Lab.OutputPath, $Lab.ErrorPath)
        if ($Lab.PSObject.Properties['EndpointsPath']) {
            $files += $Lab.EndpointsPath
        }

        foreach ($file in $files) {
            if ($file -and (Test-Path -LiteralPath $file)) {
                Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue
            }
        }
    }
}

function Get-TestLabConnectParameter {
    <# Connect-Appliance parameters for a lab appliance, to splat: Connect-Appliance @p. #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [Parameter(Mandatory = $true)] [object] $Lab,
        [string] $Appliance,
        [switch] $NoApiCredential,
        [switch] $NoApplianceCredential
    )

    $endpoint = if ($Appliance) { $Lab.Appliances | Where-Object { $_.Name -eq $Appliance } } else { $Lab.Appliances[0] }
    if ($null -eq $endpoint) {
        throw "The lab has no appliance '$Appliance'."
    }

    $parameters = @{
        ComputerName          = $endpoint.BaseUri
        CertificateThumbprint = $endpoint.Thumbprint
    }
    if (-not $NoApiCredential) {
        $parameters.ApiCredential = ConvertTo-TestCredential -UserName $Lab.ApiClientId -Secret $Lab.ApiClientSecret
    }

    if (-not $NoApplianceCredential) {
        $parameters.ApplianceCredential = ConvertTo-TestCredential -UserName $Lab.AdminUser -Secret $Lab.AdminPassword
    }

    $parameters
}

function Get-TestLabUpdateServerParameter {
    <# Save-AppliancePackage parameters that point it at the lab's update server, to splat. #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param([Parameter(Mandatory = $true)] [object] $Lab)

    @{
        UpdateServer          = [uri]$Lab.UpdateServerUri
        CertificateThumbprint = $Lab.UpdateServerThumbprint
    }
}

function Initialize-TestLabTls {
    # Windows PowerShell 5.1 has no -SkipCertificateCheck: accept exactly the lab's control certificate (pinned by
    # thumbprint) through ServicePointManager, and allow TLS 1.2.
    param([Parameter(Mandatory = $true)] [string] $Thumbprint)

    if (-not ('BeyondTrustUpgradeTests.LabCertificatePin' -as [type])) {
        Add-Type -TypeDefinition @'
namespace BeyondTrustUpgradeTests
{
    using System;
    using System.Collections.Generic;
    using System.Net;
    using System.Net.Security;
    using System.Security.Cryptography.X509Certificates;

    public static class LabCertificatePin
    {
        private static readonly HashSet<string> Pinned = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private static bool installed;

        public static void Pin(string thumbprint)
        {
            lock (Pinned)
            {
                Pinned.Add(thumbprint);
                if (!installed)
                {
                    ServicePointManager.ServerCertificateValidationCallback = Validate;
                    installed = true;
                }
            }
        }

        private static bool Validate(object sender, X509Certificate certificate, X509Chain chain, SslPolicyErrors errors)
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            var c2 = certificate == null ? null : new X509Certificate2(certificate);
            lock (Pinned)
            {
                return c2 != null && Pinned.Contains(c2.Thumbprint);
            }
        }
    }
}
'@
    }

    [System.Net.ServicePointManager]::SecurityProtocol = [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
    [BeyondTrustUpgradeTests.LabCertificatePin]::Pin($Thumbprint)
}

function Invoke-TestLabControl {
    <#
        Calls the lab control API (docs/appliance-api.md section 6): GET appliances/a, GET events, GET invariants,
        POST faults {kind, appliance, ...}, DELETE faults, PUT time-scale {scale}.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Lab,
        [ValidateSet('GET', 'POST', 'PUT', 'DELETE')] [string] $Method = 'GET',
        [Parameter(Mandatory = $true)] [string] $Path,
        [hashtable] $Body
    )

    $request = @{
        Method      = $Method
        Uri         = $Lab.ControlUri.TrimEnd('/') + '/' + $Path.TrimStart('/')
        Headers     = @{ 'X-Lab-Key' = $Lab.LabKey }
        ContentType = 'application/json'
    }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $request.Body = ConvertTo-Json -InputObject $Body -Compress -Depth 5
    } elseif ($Method -ne 'GET') {
        $request.Body = '{}'
    }

    if ($PSVersionTable.PSVersion.Major -ge 6) {
        # Loopback lab control port with a self-signed certificate.
        $request.SkipCertificateCheck = $true
    } else {
        Initialize-TestLabTls -Thumbprint $Lab.ControlThumbprint
        $request.UseBasicParsing = $true
    }

    Invoke-RestMethod @request
}

function Get-TestLabAppliance {
    <# The lab's own view of an appliance: versions, state, handsOff, backupsTaken, consumedPackages, ... #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Lab, [string] $Name = 'a')
    Invoke-TestLabControl -Lab $Lab -Path "appliances/$Name"
}

function Get-TestLabEvent {
    <# The lab's event log (at, appliance, kind, detail), optionally only some kinds (InstallStarted, BackupDownloaded, ...). #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Lab, [string[]] $Kind)
    # ForEach-Object unrolls the array that Windows PowerShell 5.1's Invoke-RestMethod writes as one object.
    $events = @(Invoke-TestLabControl -Lab $Lab -Path 'events' | ForEach-Object { $_ })
    if ($Kind) {
        $events = @($events | Where-Object { $Kind -contains $_.kind })
    }

    $events
}

function Get-TestLabViolation {
    <# Broken lab invariants (InstallWithoutBackup, ProductBeforeBase, InstallAfterFailedBase, ...). #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Lab)
    @((Invoke-TestLabControl -Lab $Lab -Path 'invariants').violations)
}

function Add-TestLabFault {
    <# Injects a lab fault: FailNextInstall (-Type base), ClockSkew (-Seconds), NetworkDown, ServiceUnavailable, ... #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Lab,
        [Parameter(Mandatory = $true)] [string] $Kind,
        [string] $Appliance = 'a',
        [string] $Type,
        [double] $Seconds,
        [int] $Count
    )

    $body = @{ kind = $Kind; appliance = $Appliance }
    if ($PSBoundParameters.ContainsKey('Type')) { $body.type = $Type }
    if ($PSBoundParameters.ContainsKey('Seconds')) { $body.seconds = $Seconds }
    if ($PSBoundParameters.ContainsKey('Count')) { $body.count = $Count }
    $null = Invoke-TestLabControl -Lab $Lab -Method POST -Path 'faults' -Body $body
}

function Clear-TestLabFault {
    <# Clears every fault of every lab appliance. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Lab)
    $null = Invoke-TestLabControl -Lab $Lab -Method DELETE -Path 'faults'
}

function Get-TestErrorRecord {
    <#
        Runs a script block and returns the first error it raised, or $null. Terminating errors are caught as they
        are; give the cmdlet call -ErrorAction Stop to catch a non-terminating one (its FullyQualifiedErrorId stays
        the cmdlet's, for example 'UpdateNotFound,BeyondTrust.Upgrade.Commands.InstallApplianceUpdateCommand').
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param([Parameter(Mandatory = $true, Position = 0)] [scriptblock] $ScriptBlock)
    try {
        $null = & $ScriptBlock
    } catch {
        return $_
    }

    $null
}

function Disconnect-TestApplianceSession {
    <# Closes every open appliance session of this runspace (tests share one runspace across files). #>
    [CmdletBinding()]
    param()
    for ($i = 0; $i -lt 100; $i++) {
        $closeErrors = $null
        Disconnect-Appliance -ErrorAction SilentlyContinue -ErrorVariable closeErrors
        if ($closeErrors) {
            return
        }
    }
}

function Invoke-TestPowerShell {
    <#
        Runs a script in a fresh process of the PowerShell running the tests (under `dotnet pwsh` that is dotnet with
        pwsh.dll) and returns its exit code and output. -Environment sets variables of the child only, for example a
        HOME of the test's own so that PSResourceGet's repository list and CurrentUser modules are not the user's.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory = $true)] [string] $Script,
        [hashtable] $Environment = @{},
        [string] $WorkingDirectory = (Get-Location).ProviderPath,
        [int] $TimeoutSeconds = 300
    )

    $path = (Get-Process -Id $PID).Path
    $prefix = @()
    if ([System.IO.Path]::GetFileNameWithoutExtension($path) -eq 'dotnet') {
        $prefix = @([Environment]::GetCommandLineArgs()[0])
    }

    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Script))
    $start = New-Object -TypeName System.Diagnostics.ProcessStartInfo -ArgumentList $path
    $start.Arguments = ((@($prefix | ForEach-Object { '"{0}"' -f $_ }) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)) -join ' ')
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.WorkingDirectory = $WorkingDirectory
    foreach ($name in $Environment.Keys) {
        $start.EnvironmentVariables[$name] = [string]$Environment[$name]
    }

    $process = [System.Diagnostics.Process]::Start($start)
    $errorText = $process.StandardError.ReadToEndAsync()
    $outputText = $process.StandardOutput.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        $process.Kill()
        throw "The child PowerShell did not end within $TimeoutSeconds s."
    }

    [pscustomobject]@{
        ExitCode = $process.ExitCode
        Output   = $outputText.GetAwaiter().GetResult()
        Error    = $errorText.GetAwaiter().GetResult()
    }
}

Export-ModuleMember -Function @(
    'Get-TestRepositoryRoot'
    'Get-TestModuleVersion'
    'Get-TestLedgerPath'
    'Get-StagedModuleManifest'
    'ConvertTo-TestSecureString'
    'ConvertTo-TestCredential'
    'ConvertFrom-TestLabEndpointFile'
    'ConvertFrom-TestLabBanner'
    'Start-TestLab'
    'Stop-TestLab'
    'Get-TestLabConnectParameter'
    'Get-TestLabUpdateServerParameter'
    'Invoke-TestLabControl'
    'Get-TestLabAppliance'
    'Get-TestLabEvent'
    'Get-TestLabViolation'
    'Add-TestLabFault'
    'Clear-TestLabFault'
    'Get-TestErrorRecord'
    'Disconnect-TestApplianceSession'
    'Invoke-TestPowerShell'
)
