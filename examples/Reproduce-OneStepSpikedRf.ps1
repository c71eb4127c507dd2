<#
.SYNOPSIS
    One giant gradient step vs random features (Cui et al., ICML 2024): the asymptotic sRF learning curve against
    simulations of the real one-step network and of the spiked random-features model built directly.
.DESCRIPTION
    Setting of gmm-srf-detail.md II.6a: sigma = sigma_* = tanh, p = d (beta = 1), alpha0 = 0.5, lambda = 0.01.
    Step sizes eta~ = 0 (random features at initialisation) and eta~ = 1 (the giant step); alpha = n/d in
    {0.5, 1, 1.5, 2, 3, 4}; seeds 1..5; 4000 fresh test samples per fit. For each (eta~, alpha) it prints the
    theory, the mean +- std of the one-step net and of the direct sRF over seeds, and the linear floor
    (best linear predictor of tanh, 0.0274). Writes <OutputDirectory>/OneStepSpikedRf.csv (every row) and
    OneStepSpikedRf.xlsx and OneStepSpikedRf.png (theory as lines, simulations as markers).
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
    [int]$TestSamples = 4000,
    # A small, fast version (d = 200, three alphas, two seeds) for smoke tests.
    [switch]$Quick
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
if ($Quick) { $Dimension = 200; $Alpha = @(0.5, 2, 3); $Seed = @(1, 2) }
New-Item -ItemType Directory -Force $OutputDirectory | Out-Null
$clock = [System.Diagnostics.Stopwatch]::StartNew()

$rows = [System.Collections.Generic.List[object]]::new()
foreach ($eta in $StepSize) {
    $label = if ($eta -eq 0) { 'RF (eta=0)' } else { "one-step (eta=$eta)" }
    foreach ($row in Get-SpikedRandomFeaturesTheory -Alpha $Alpha -StepSize $eta -Alpha0 $Alpha0 -Ridge $Ridge -Activation Tanh -Target Tanh) {
        $rows.Add([pscustomobject]@{ Series = "theory $label"; StepSize = $eta; Alpha = $row.Alpha; Seed = -1; TestError = $row.TestError
            SpikeOverlap = $row.gamma; LinearFloor = $row.LinearFloor })
    }
    foreach ($a in $Alpha) {
        foreach ($s in $Seed) {
            $data = New-SingleIndexTask -Dimension $Dimension -Alpha $a -Link Tanh -Seed $s
            $net = $data | Invoke-OneStepNetwork -StepSize $eta -Alpha0 $Alpha0 -Ridge $Ridge -TestSamples $TestSamples -Seed $s
            $rows.Add([pscustomobject]@{ Series = "network $label"; StepSize = $eta; Alpha = $a; Seed = $s; TestError = $net.TestError
                SpikeOverlap = $net.SpikeOverlap; LinearFloor = 0.0274 })
            if ($eta -ne 0) {   # at eta = 0 the sRF is the same random-features model
                $srf = $data | Invoke-SpikedRandomFeatures -StepSize $eta -Alpha0 $Alpha0 -Ridge $Ridge -TestSamples $TestSamples -Seed $s
                $rows.Add([pscustomobject]@{ Series = "sRF $label"; StepSize = $eta; Alpha = $a; Seed = $s; TestError = $srf.TestError
                    SpikeOverlap = $srf.SpikeOverlap; LinearFloor = 0.0274 })
            }
        }
        Write-Progress -Activity 'One-step sRF reproduction' -Status "eta $eta, alpha $a"
    }
}
$rows | Export-Csv -NoTypeInformation -Path (Join-Path $OutputDirectory 'OneStepSpikedRf.csv')

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
            LinearFloor = 0.0274
        }
    }
}
$summary | Format-Table -AutoSize | Out-String | Write-Host
$summary | Export-Csv -NoTypeInformation -Path (Join-Path $OutputDirectory 'OneStepSpikedRf-summary.csv')

$theorySeries = @($rows.Series | Where-Object { $_ -like 'theory*' } | Select-Object -Unique)
$simSeries = @($rows.Series | Where-Object { $_ -notlike 'theory*' } | Select-Object -Unique)
$title = "One giant step vs random features (tanh/tanh, d = $Dimension, alpha0 = $Alpha0)"
$rows | Export-LearningCurveReport -Path (Join-Path $OutputDirectory 'OneStepSpikedRf.xlsx') -WorksheetName 'OneStep' `
    -X Alpha -Y TestError -Series Series -Title $title -LineSeries $theorySeries -MarkerSeries $simSeries
$rows | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory 'OneStepSpikedRf.png') `
    -X Alpha -Y TestError -Series Series -Title $title -LineSeries $theorySeries -MarkerSeries $simSeries
Write-Host ("Done in {0:F0} s." -f $clock.Elapsed.TotalSeconds)
