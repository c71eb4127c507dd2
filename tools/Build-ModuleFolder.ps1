<#
.SYNOPSIS
    Stages the self-contained module folder out/FeatureLearning/<version>/ from a Release build.
.DESCRIPTION
    One source of truth: the repository-root manifest. Its copy in the folder differs only in the file paths it
    names (RootModule, FormatsToProcess, TypesToProcess), which become names of files beside it. The files come from
    the build's own dependency graph (the root module's .deps.json), not from a glob of bin/:
      - every managed runtime assembly of the module and its NuGet packages, beside the manifest;
      - the native libraries those packages provide for win-x64, linux-x64, osx-x64 and osx-arm64, each in a folder
        named <os>-<architecture> beside the DLLs. PowerShell does not read a binary module's runtimes/<rid>/native,
        but when a P/Invoke library is not found by the normal probing, its last-resort resolver
        (PowerShellAssemblyLoadContext.NativeDllHandler, PowerShell 7.1+) loads
        <folder of the calling DLL>/<os>-<process architecture>/<name>.dll|.so|.dylib, with the folder named
        win-x64, linux-x64, osx-x64 or osx-arm64 in 7.6. macOS packages ship one universal (x64 + arm64) library,
        so it goes into both osx folders;
      - the format views, the licence, the third-party notices (from each package's nuspec and notice files);
      - the help, compiled into <folder>/en-US by tools/Build-Help.ps1 from the staged module itself.
    Returns the folder's path.
.EXAMPLE
    ./tools/Build-ModuleFolder.ps1
#>
[CmdletBinding()]
param(
    [string]$Manifest = (Join-Path $PSScriptRoot '..' 'FeatureLearning.psd1'),
    [string]$OutputRoot = (Join-Path $PSScriptRoot '..' 'out'),
    # The platforms whose native libraries ship, as PowerShell names the folder it probes.
    [string[]]$Platform = @('win-x64', 'linux-x64', 'osx-x64', 'osx-arm64')
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'ModulePackaging.ps1')

$Manifest = (Resolve-Path -LiteralPath $Manifest).Path
$repoRoot = Split-Path $Manifest
$data = Import-PowerShellDataFile -LiteralPath $Manifest
$name = [IO.Path]::GetFileNameWithoutExtension($Manifest)
$folder = Join-Path $OutputRoot $name $data.ModuleVersion
$rootModule = Join-Path $repoRoot $data.RootModule
if (-not (Test-Path -LiteralPath $rootModule)) { throw "The root module $rootModule is not built; run build.ps1 -Task Build." }
$binary = Split-Path $rootModule

if (Test-Path -LiteralPath $folder) { Remove-Item -LiteralPath $folder -Recurse -Force }
New-Item -ItemType Directory -Force $folder | Out-Null

# The manifest, with its paths made relative to the folder; the files it names come along.
$packaged = ConvertTo-PackagedManifest -Path $Manifest
foreach ($file in $packaged.Files) {
    if ($file -eq $data.RootModule) { continue } # comes with the assemblies below
    Copy-Item -LiteralPath (Join-Path $repoRoot $file) -Destination $folder
}
[IO.File]::WriteAllText((Join-Path $folder "$name.psd1"), $packaged.Text, [Text.UTF8Encoding]::new($false))

# Managed assemblies and native libraries, as the build resolved them.
$assets = Get-BuildAssets -DepsFile ([IO.Path]::ChangeExtension($rootModule, '.deps.json')) -Platform $Platform
foreach ($assembly in $assets.Assemblies) { Copy-Item -LiteralPath (Join-Path $binary $assembly) -Destination $folder }
foreach ($native in $assets.Natives) {
    $target = Join-Path $folder $native.Platform
    New-Item -ItemType Directory -Force $target | Out-Null
    Copy-Item -LiteralPath (Join-Path $binary $native.Source) -Destination $target
}

# Licence and notices.
Copy-Item -LiteralPath (Join-Path $repoRoot 'LICENSE') -Destination (Join-Path $folder 'LICENSE.txt')
$notices = New-ThirdPartyNotices -Packages $assets.Packages
[IO.File]::WriteAllText((Join-Path $folder 'THIRD-PARTY-NOTICES.txt'), $notices, [Text.UTF8Encoding]::new($false))

# Help, compiled from docs/help against the staged module (a child process: the module's DLLs stay out of ours).
$problems = & (Join-Path $PSHOME 'pwsh') -NoProfile -File (Join-Path $PSScriptRoot 'Build-Help.ps1') `
    -Manifest (Join-Path $folder "$name.psd1") -OutputDirectory (Join-Path $folder 'en-US')
if ($LASTEXITCODE -ne 0) { throw 'tools/Build-Help.ps1 failed.' }
foreach ($problem in $problems) { Write-Warning "help: $problem" }

[IO.Path]::GetFullPath($folder)
