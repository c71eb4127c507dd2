<#
.SYNOPSIS
    One giant gradient step vs random features (Cui et al., ICML 2024): the asymptotic sRF learning curve against
    simulations of the real one-step network and of the spiked random-features model built directly.
.DESCRIPTION
    Setting of gmm-srf-detail.md II.6a: sigma = sigma_* = tanh, p = d (beta = 1), alpha0 = 0.5, lambda = 0.01.
    Step sizes eta~ = 0 (random features at initialisation) and eta~ = 1 (the giant step); alpha = n/d in
    {0.5, 1, 1.5, 2, 3, 4}; seeds 1..5; 4000 fresh test samples per fit. For each (eta~, alpha) it prints the
    theory, the mean +- std of the one-step net and of the direct sRF over seeds, and the linear floor
    (best linear predictor of tanh, 0.0274). The simulations are one sweep plan (learner x alpha x seed), run with
    -Backend Local (all cores), Serial or Slurm (-SlurmDirectory). Writes <OutputDirectory>/OneStepSpikedRf.csv (one
    result row per simulation, with the learners' diagnostics: SpikeOverlap, TheoryGamma, ...), OneStepSpikedRf-theory.csv,
    OneStepSpikedRf-summary.csv, and OneStepSpikedRf.xlsx and OneStepSpikedRf.png (theory as lines, simulations as
    markers).
.EXAMPLE
    ./examples/Reproduce-OneStepSpikedRf.ps1
.EXAMPLE
    ./examples/Reproduce-OneStepSpikedRf.ps1 -Dimension 1000 -Seed 1,2,3,4,5 -OutputDirectory /tmp/fl
#>
[CmdletBinding()]
param(
    [string]$OutputDirectory = (Join-Path $PSScriptRoot '../out'),
    [int]$Dimension = 500,
    [double[]]$Alpha = @(0.5, 1, 1.5, 2, 3, 4),
    [double[]]$StepSize = @(0, 1),
    [double]$Alpha0 = 0.5,
    [double]$Ridge = 0.01,
    [int[]]$Seed = @(1, 2, 3, 4, 5),
    # The task's seed (the teacher direction); each trial seed draws its own training and test sets from it.
    [int]$TaskSeed = 1,
    [int]$TestSamples = 4000,
    # Where the trials run: Local (all cores), Serial (one at a time) or Slurm (-SlurmDirectory on a shared file system).
    [ValidateSet('Local', 'Serial', 'Slurm')]
    [string]$Backend = 'Local',
    [string]$SlurmDirectory,
    # A small, fast version (d = 200, three alphas, two seeds) for smoke tests.
    [switch]$Quick
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
. (Join-Path $PSScriptRoot 'Shared/Invoke-ExperimentPlan.ps1')
if ($Quick) { $Dimension = 200; $Alpha = @(0.5, 2, 3); $Seed = @(1, 2) }
New-Item -ItemType Directory -Force $OutputDirectory | Out-Null
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$linearFloor = (Get-SpikedRandomFeaturesTheory -Alpha 1 -StepSize 0 -Alpha0 $Alpha0 -Ridge $Ridge -Activation Tanh -Target Tanh).LinearFloor

# The learners: the real one-step network at every step size, and the spiked RF model built directly for eta != 0 (at
# eta = 0 the sRF is the same random-features model). One plan: every (learner, alpha, seed) is a trial.
$series = @{}
$learners = foreach ($eta in $StepSize) {
    $label = if ($eta -eq 0) { 'RF (eta=0)' } else { "one-step (eta=$eta)" }
    $net = Invoke-OneStepNetwork -StepSize $eta -Alpha0 $Alpha0 -Ridge $Ridge -AsSpec
    $series["$net"] = @{ Series = "network $label"; StepSize = $eta }
    $net
    if ($eta -ne 0) {
        $srf = Invoke-SpikedRandomFeatures -StepSize $eta -Alpha0 $Alpha0 -Ridge $Ridge -AsSpec
        $series["$srf"] = @{ Series = "sRF $label"; StepSize = $eta }
        $srf
    }
}
$task = New-SingleIndexTask -Dimension $Dimension -Samples 1 -Link Tanh -Seed $TaskSeed
$simulations = @(New-SweepPlan -Data $task -Alpha $Alpha -Seed $Seed -Learner $learners -TestSamples $TestSamples |
    Invoke-ExperimentPlan -Backend $Backend -SlurmDirectory $SlurmDirectory |
    ForEach-Object { $_ | Add-Member -NotePropertyMembers $series["$($_.Learner) $($_.Settings)"] -PassThru })
$simulations | Export-Csv -NoTypeInformation -Path (Join-Path $OutputDirectory 'OneStepSpikedRf.csv')

$theory = @(foreach ($eta in $StepSize) {
    $label = if ($eta -eq 0) { 'RF (eta=0)' } else { "one-step (eta=$eta)" }
    foreach ($row in Get-SpikedRandomFeaturesTheory -Alpha $Alpha -StepSize $eta -Alpha0 $Alpha0 -Ridge $Ridge -Activation Tanh -Target Tanh) {
        [pscustomobject]@{ Series = "theory $label"; StepSize = $eta; Alpha = $row.Alpha; TestError = $row.TestError
            SpikeOverlap = $row.gamma; LinearFloor = $row.LinearFloor }
    }
})
$theory | Export-Csv -NoTypeInformation -Path (Join-Path $OutputDirectory 'OneStepSpikedRf-theory.csv')
# One stream for the chart: theory (Seed -1) and simulations.
$rows = @($theory | Select-Object Series, StepSize, Alpha, @{ n = 'Seed'; e = { -1 } }, TestError) +
    @($simulations | Select-Object Series, StepSize, Alpha, Seed, TestError)

$summary = foreach ($eta in $StepSize) {
    foreach ($a in $Alpha) {
        $here = $rows | Where-Object { $_.StepSize -eq $eta -and $_.Alpha -eq $a }
        $theory = ($here | Where-Object Seed -eq -1).TestError
        $stat = {
            param($series)
            $e = @($here | Where-Object { $_.Seed -ge 0 -and $_.Series -like "$series*" } | ForEach-Object TestError)
            if ($e.Count -eq 0) { return @([double]::NaN, [double]::NaN) }
            $m = ($e | Measure-Object -Average).Average
            $sd = [math]::Sqrt((($e | ForEach-Object { ($_ - $m) * ($_ - $m) }) | Measure-Object -Sum).Sum / [math]::Max(1, $e.Count - 1))
            @($m, $sd)
        }
        $net = & $stat 'network'
        $srf = & $stat 'sRF'
        [pscustomobject]@{
            StepSize = $eta; Alpha = $a; Theory = [math]::Round($theory, 4)
            Network = [math]::Round($net[0], 4); NetStd = [math]::Round($net[1], 4); NetRelDiff = [math]::Round(($net[0] - $theory) / $theory, 3)
            SRF = [math]::Round($srf[0], 4); SrfStd = [math]::Round($srf[1], 4); SrfRelDiff = [math]::Round(($srf[0] - $theory) / $theory, 3)
            LinearFloor = [math]::Round($linearFloor, 4)
        }
    }
}
$summary | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
$summary | Export-Csv -NoTypeInformation -Path (Join-Path $OutputDirectory 'OneStepSpikedRf-summary.csv')

$theorySeries = @($rows.Series | Where-Object { $_ -like 'theory*' } | Select-Object -Unique)
$simSeries = @($rows.Series | Where-Object { $_ -notlike 'theory*' } | Select-Object -Unique)
$title = "One giant step vs random features (tanh/tanh, d = $Dimension, alpha0 = $Alpha0)"
$rows | Export-LearningCurveReport -Path (Join-Path $OutputDirectory 'OneStepSpikedRf.xlsx') -WorksheetName 'OneStep' `
    -X Alpha -Y TestError -Series Series -Title $title -LineSeries $theorySeries -MarkerSeries $simSeries
$rows | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory 'OneStepSpikedRf.png') `
    -X Alpha -Y TestError -Series Series -Title $title -LineSeries $theorySeries -MarkerSeries $simSeries
Write-Host ("Done in {0:F0} s." -f $clock.Elapsed.TotalSeconds)
