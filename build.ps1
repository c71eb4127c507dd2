<#
.SYNOPSIS
    Builds the module and runs its main job or its tests.
.DESCRIPTION
    Demo : builds Release and runs examples/Reproduce-GaussianMixture.ps1 (writes out/GaussianMixture.xlsx).
    Test : builds Release, runs every xunit test and every Pester test, and prints 'N passed, N failed'.
    Build: builds Release only.
.EXAMPLE
    dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Demo', 'Test', 'Build')]
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

# Help is compiled from docs/help/*.md into en-US/ beside the manifest (where Get-Help looks for it).
Write-Host '== Compiling help'
$helpProblems = & (Join-Path $PSHOME pwsh) -NoProfile -File "$PSScriptRoot/tools/Build-Help.ps1"
if ($LASTEXITCODE -ne 0) { throw 'tools/Build-Help.ps1 failed.' }
foreach ($problem in $helpProblems) { Write-Warning "help: $problem" }

if ($Task -eq 'Build') { return }

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
