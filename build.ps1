<#
.SYNOPSIS
    Builds the module, stages and packages it, and runs its main job or its tests.
.DESCRIPTION
    Build  : builds Release and stages the module folder out/FeatureLearning/<version>/ (manifest with a relative
             RootModule, DLLs, native libraries per platform, format views, compiled help, licence; see
             tools/Build-ModuleFolder.ps1 and docs/packaging.md). Nothing is written into the source tree.
    Package: Build, then out/packages/FeatureLearning.<version>.nupkg made by PSResourceGet's Compress-PSResource;
             out/packages is a folder a user can register as a PSResource repository.
    Demo   : Build, then runs examples/Reproduce-GaussianMixture.ps1 (writes out/GaussianMixture.xlsx).
    Test   : Package, then every xunit test and every Pester test; prints 'N passed, N failed'.
.EXAMPLE
    dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Test
.EXAMPLE
    dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Demo', 'Test', 'Build', 'Package')]
    [string]$Task = 'Test',

    # Extra arguments for the example script (Demo), e.g. @{ Quick = $true }.
    [hashtable]$ExampleArguments = @{}
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

function Invoke-Checked([string]$Command, [string[]]$Arguments) {
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

Write-Host '== Building (Release)'
Invoke-Checked dotnet @('build', 'FeatureLearning.sln', '-c', 'Release', '-nologo', '-v', 'q', '-clp:ErrorsOnly')

# The module folder as it ships, help compiled into it (docs/help/*.md -> en-US/, where Get-Help looks).
Write-Host '== Staging the module and compiling its help'
$moduleFolder = & (Join-Path $PSScriptRoot 'tools' 'Build-ModuleFolder.ps1')
Write-Host "   $moduleFolder"

if ($Task -eq 'Build') { return }

if ($Task -in 'Package', 'Test') {
    Write-Host '== Packaging (Compress-PSResource)'
    $packages = Join-Path $PSScriptRoot 'out' 'packages'
    New-Item -ItemType Directory -Force $packages | Out-Null
    $manifest = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'FeatureLearning.psd1')
    Remove-Item (Join-Path $packages "FeatureLearning.$($manifest.ModuleVersion).nupkg") -ErrorAction Ignore
    $package = Compress-PSResource -Path $moduleFolder -DestinationPath $packages -PassThru
    Write-Host "   $($package.FullName) ($([Math]::Round($package.Length / 1MB, 1)) MiB)"
    if ($Task -eq 'Package') { return }
}

if ($Task -eq 'Demo') {
    & "$PSScriptRoot/examples/Reproduce-GaussianMixture.ps1" @ExampleArguments
    return
}

# ---- Tests -------------------------------------------------------------------------------------------------
$results = Join-Path $PSScriptRoot 'TestResults'
Remove-Item $results -Recurse -Force -ErrorAction SilentlyContinue
$xunitPassed = 0; $xunitFailed = 0
foreach ($project in Get-ChildItem "$PSScriptRoot/tests" -Recurse -Filter '*.Tests.csproj') {
    Write-Host "== xunit: $($project.BaseName)"
    $trx = "$($project.BaseName).trx"
    & dotnet test $project.FullName -c Release --no-build --nologo --logger "trx;LogFileName=$trx" --results-directory $results
    $file = Join-Path $results $trx
    if (-not (Test-Path $file)) { throw "xunit produced no results for $($project.Name) (exit code $LASTEXITCODE)." }
    $counters = ([xml](Get-Content $file -Raw)).TestRun.ResultSummary.Counters
    $xunitPassed += [int]$counters.passed
    $xunitFailed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout
}

$nugetRoot = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
$pester = Join-Path $nugetRoot 'pester/5.7.1/tools/Pester.psd1'
if (-not (Test-Path $pester)) { throw "Pester 5.7.1 was not restored to $pester; the build restores it through tests/Pester/Pester.Restore.csproj." }
Import-Module $pester -Force
Write-Host '== Pester'
$configuration = New-PesterConfiguration
$configuration.Run.Path = "$PSScriptRoot/tests/Pester"
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = Join-Path $results 'pester.xml'
$run = Invoke-Pester -Configuration $configuration

Write-Host ''
Write-Host "xunit: $xunitPassed passed, $xunitFailed failed"
Write-Host "pester: $($run.PassedCount) passed, $($run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount) failed, $($run.SkippedCount) skipped"
$failed = $xunitFailed + $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
Write-Host "$($xunitPassed + $run.PassedCount) passed, $failed failed"
if ($failed -gt 0 -or ($xunitPassed + $run.PassedCount) -eq 0) { exit 1 }
