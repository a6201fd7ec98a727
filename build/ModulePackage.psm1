#Requires -Version 5.1
<#
    Packaging of the staged module, used by build.ps1 -Task Package and by tests/Pester/Package.Tests.ps1.
    Works in Windows PowerShell 5.1 and PowerShell 7.x.
#>

Set-StrictMode -Version Latest

function New-ModulePackage {
    <#
    .SYNOPSIS
        Zips a staged module version folder so that the archive expands to <ModuleName>/<version>/...
    .DESCRIPTION
        The archive can be expanded as is into a folder of $env:PSModulePath. Entry names use '/' on every platform
        (Compress-Archive of Windows PowerShell 5.1 writes '\', which other platforms read as part of a file name).
        An existing archive at DestinationPath is replaced only once the new one is complete.
    .EXAMPLE
        New-ModulePackage -Path out/BeyondTrust.Upgrade/0.1.0 -DestinationPath out/BeyondTrust.Upgrade.0.1.0.zip
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([System.IO.FileInfo])]
    param(
        # The staged version folder: <anything>/<ModuleName>/<version>/<ModuleName>.psd1
        [Parameter(Mandatory = $true)]
        [string] $Path,

        [Parameter(Mandatory = $true)]
        [string] $DestinationPath
    )

    $versionFolder = (Resolve-Path -LiteralPath $Path -ErrorAction Stop).ProviderPath
    $version = Split-Path -Leaf $versionFolder
    $moduleName = Split-Path -Leaf (Split-Path -Parent $versionFolder)
    $manifest = Join-Path $versionFolder "$moduleName.psd1"
    if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) {
        throw "No module manifest $moduleName.psd1 in ${versionFolder}: pass the staged <ModuleName>/<version> folder."
    }

    $declared = (Import-PowerShellDataFile -LiteralPath $manifest).ModuleVersion
    if ($declared -ne $version) {
        throw "The folder $versionFolder is named $version but its manifest declares version $declared."
    }

    $destination = [System.IO.Path]::GetFullPath($DestinationPath)
    if (-not $PSCmdlet.ShouldProcess($destination, "Zip $moduleName $version")) {
        return
    }

    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    $partial = "$destination.partial"
    if (Test-Path -LiteralPath $partial) {
        Remove-Item -LiteralPath $partial -Force
    }

    $archive = [System.IO.Compression.ZipFile]::Open($partial, [System.IO.Compression.ZipArchiveMode]::Create)
    try {
        $prefix = $versionFolder.TrimEnd([System.IO.Path]::DirectorySeparatorChar, [System.IO.Path]::AltDirectorySeparatorChar).Length + 1
        Get-ChildItem -LiteralPath $versionFolder -Recurse -File | Sort-Object -Property FullName | ForEach-Object {
            $relative = $_.FullName.Substring($prefix).Replace('\', '/')
            $entryName = '{0}/{1}/{2}' -f $moduleName, $version, $relative
            $null = [System.IO.Compression.ZipFileExtensions]::CreateEntryFromFile($archive, $_.FullName, $entryName,
                [System.IO.Compression.CompressionLevel]::Optimal)
        }
    } finally {
        $archive.Dispose()
    }

    Move-Item -LiteralPath $partial -Destination $destination -Force
    Get-Item -LiteralPath $destination
}

Export-ModuleMember -Function New-ModulePackage
