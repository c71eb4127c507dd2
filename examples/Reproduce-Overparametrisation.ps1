<#
.SYNOPSIS
    Over-parametrisation in the online-SGD ODE theory (Refinetti et al. 2021): K = 4 -> 8 -> 16 escapes the plateau
    sooner but ends at the same error; and the ODE's long-time error of K = 4 against the Bayes error.
.DESCRIPTION
    For each K: the ODE from the initial overlaps of seeds -Seeds (same initial weights as Invoke-TwoLayerNet -Seed), and
    online-SGD simulations at dimension -Dimension with the same seeds. Reports, per K, the final error at -Time and the
    first recorded time the curve is within -Tolerance of its own final value (theory: each seed's curve, then the
    median; simulation: the seed-averaged curve). Then integrates the ODE of K = 4 to -LongTime for each of
    -LongLearningRates and compares its error with the Bayes error. Writes CSV, Overparametrisation.xlsx and
    Overparametrisation.png.
    With -Ensemble E it also integrates, per K, an ensemble of E ODE runs from initial states drawn at -Dimension with the
    O(1/√d) SGD noise (Get-TwoLayerNetTheory -Ensemble -SgdNoise; -NoNoise for deterministic members) and reports the
    settle time and final error of its mean curve beside those of the seed-averaged simulation.
.EXAMPLE
    ./examples/Reproduce-Overparametrisation.ps1 -Quick
.EXAMPLE
    ./examples/Reproduce-Overparametrisation.ps1 -Snr 9 -Time 150 -Points 31 -Seeds 0, 1, 2, 3, 4 -Ensemble 16
#>
[CmdletBinding()]
param(
    [double]$Snr = 4,
    [int[]]$Hidden = @(4, 8, 16),
    [int]$Dimension = 1000,
    [int[]]$Seeds = @(0, 1, 2),
    [double]$LearningRate = 0.5,
    [double]$Time = 300,
    [int]$Points = 61,
    [int]$MonteCarloSamples = 2000,
    [double]$Step = 0.1,
    [double]$Tolerance = 0.01,
    [double]$LongTime = 1000,
    [double[]]$LongLearningRates = @(0.5, 0.1),
    [int]$LongMonteCarloSamples = 10000,
    [int]$MonitorSamples = 5000,
    [int]$Ensemble = 0,
    [switch]$NoNoise,
    [int]$EnsembleSeed = 1000,
    [Alias('OutDirectory', 'OutDir')]
    [string]$OutputDirectory = (Join-Path $PSScriptRoot '../out'),
    [switch]$Quick
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
if ($Quick) { $Hidden = @(4, 8); $Dimension = 200; $Seeds = @(0); $Time = 40; $Points = 5; $LongTime = 40; $LongLearningRates = @(0.5); $LongMonteCarloSamples = 2000; if ($Ensemble) { $Ensemble = 4 } }
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null

function Get-SettleTime($curve, [double]$tolerance) {
    # First recorded time from which the curve stays within tolerance of its final value; NaN for a curve that never
    # left chance level (final error above 0.45), which would otherwise look "settled" at t = 0.
    $final = $curve[-1].TestError
    if ($final -gt 0.45) { return [double]::NaN }
    $settle = $curve[-1].T
    for ($i = $curve.Count - 1; $i -ge 0; $i--) {
        if ([math]::Abs($curve[$i].TestError - $final) -le $tolerance) { $settle = $curve[$i].T } else { break }
    }
    $settle
}

$data = New-GaussianMixture -Dimension $Dimension -Samples 10 -Snr $Snr -Seed 1
$bayes = $data | Get-BayesOptimalError
$rows = [System.Collections.Generic.List[object]]::new()
$table = foreach ($k in $Hidden) {
    $theorySettle = @(); $theoryFinal = @(); $simCurves = @(); $simSettle = @(); $simFinal = @()
    foreach ($seed in $Seeds) {
        Write-Host "K=$k seed=$seed"
        $theory = @(Get-TwoLayerNetTheory -Data $data -Hidden $k -LearningRate $LearningRate -Time $Time -Points $Points -MonteCarloSamples $MonteCarloSamples -Step $Step -Seed $seed)
        $theorySettle += Get-SettleTime $theory $Tolerance
        $theoryFinal += $theory[-1].TestError
        $sim = @($data | Train-TwoLayerNet -Algorithm Online -Hidden $k -LearningRate $LearningRate -Time $Time -HistoryPoints $Points `
            -MonitorSamples $MonitorSamples -TestSamples 0 -Seed $seed | Get-TrainingHistory)
        foreach ($r in $theory) { $rows.Add(($r | Add-Member -NotePropertyMembers @{ Series = "Theory K=$k"; Hidden = $k } -PassThru)) }
        foreach ($r in $sim) { $rows.Add(($r | Add-Member -NotePropertyMembers @{ Series = "Simulation K=$k"; Hidden = $k } -PassThru)) }
        $simCurves += , $sim
        $simSettle += Get-SettleTime $sim $Tolerance
        $simFinal += $sim[-1].TestError
    }
    $meanSim = for ($i = 0; $i -lt $simCurves[0].Count; $i++) {
        [pscustomobject]@{ T = $simCurves[0][$i].T; TestError = ($simCurves | ForEach-Object { $_[$i].TestError } | Measure-Object -Average).Average }
    }
    $ensembleCurve = @()
    if ($Ensemble -gt 0) {
        Write-Host "K=$k ensemble of $Ensemble"
        $ensembleCurve = @(Get-TwoLayerNetTheory -Data $data -Hidden $k -LearningRate $LearningRate -Time $Time -Points $Points `
            -MonteCarloSamples $MonteCarloSamples -Step $Step -Ensemble $Ensemble -SgdNoise:(-not $NoNoise) -Seed $EnsembleSeed)
        foreach ($r in $ensembleCurve) { $rows.Add(($r | Add-Member -NotePropertyMembers @{ Series = "Ensemble K=$k"; Hidden = $k } -PassThru)) }
    }
    $sortedSettle = @($theorySettle | Where-Object { -not [double]::IsNaN($_) } | Sort-Object)
    $learnedFinal = @($theoryFinal | Where-Object { $_ -le 0.45 })
    [pscustomobject]@{
        K = $k; Seeds = $Seeds.Count; TheoryLearned = $sortedSettle.Count
        TheorySettleMedian = if ($sortedSettle.Count) { $sortedSettle[[int][math]::Floor(($sortedSettle.Count - 1) / 2)] } else { [double]::NaN }
        TheorySettle = ($theorySettle -join '/')
        TheoryFinalLearned = if ($learnedFinal.Count) { [math]::Round(($learnedFinal | Measure-Object -Average).Average, 4) } else { [double]::NaN }
        TheoryFinalBySeed = (($theoryFinal | ForEach-Object { '{0:F3}' -f $_ }) -join '/')
        SimSettleMedian = $(
            $sorted = @($simSettle | Where-Object { -not [double]::IsNaN($_) } | Sort-Object)
            if ($sorted.Count) { $sorted[[int][math]::Floor(($sorted.Count - 1) / 2)] } else { [double]::NaN })
        SimSettle = ($simSettle -join '/')
        SimFinalBySeed = (($simFinal | ForEach-Object { '{0:F3}' -f $_ }) -join '/')
        SimSettleOfMean = Get-SettleTime $meanSim $Tolerance
        SimFinal = [math]::Round($meanSim[-1].TestError, 4)
        EnsembleSettleOfMean = if ($ensembleCurve.Count) { Get-SettleTime $ensembleCurve $Tolerance } else { $null }
        EnsembleFinal = if ($ensembleCurve.Count) { [math]::Round($ensembleCurve[-1].TestError, 4) } else { $null }
        EnsembleFinalStd = if ($ensembleCurve.Count) { [math]::Round($ensembleCurve[-1].TestErrorStd, 4) } else { $null }
        Bayes = [math]::Round($bayes, 4)
    }
}
$rows | Export-Csv -Path (Join-Path $OutputDirectory 'Overparametrisation.csv') -NoTypeInformation
$table | Export-Csv -Path (Join-Path $OutputDirectory 'Overparametrisation-summary.csv') -NoTypeInformation
$table | Format-List | Out-String -Width 200 | Write-Host

# Long-time error of K = 4 in the theory vs the Bayes error (the SGD noise term leaves an O(η) floor).
$long = foreach ($lr in $LongLearningRates) {
    $curve = @(Get-TwoLayerNetTheory -Data $data -Hidden 4 -LearningRate $lr -Time ($LongTime * 0.5 / $lr) -Points 11 -MonteCarloSamples $LongMonteCarloSamples -Seed $Seeds[0])
    [pscustomobject]@{
        K = 4; LearningRate = $lr; T = $curve[-1].T; TestError = [math]::Round($curve[-1].TestError, 4); TestLoss = [math]::Round($curve[-1].TestLoss, 4)
        ErrorAtHalfTime = [math]::Round($curve[5].TestError, 4); Bayes = [math]::Round($bayes, 4); Gap = [math]::Round($curve[-1].TestError - $bayes, 4)
    }
}
$long | Export-Csv -Path (Join-Path $OutputDirectory 'Overparametrisation-long.csv') -NoTypeInformation
$long | Format-List | Out-String -Width 200 | Write-Host

$theorySeries = @($rows.Series | Where-Object { $_ -like 'Theory*' -or $_ -like 'Ensemble*' } | Select-Object -Unique)
$simSeries = @($rows.Series | Where-Object { $_ -like 'Simulation*' } | Select-Object -Unique)
$title = "XOR snr=$Snr d=$Dimension lr=${LearningRate}: K = 4, 8, 16 (ODE lines, SGD markers), Bayes $('{0:F3}' -f $bayes)"
$rows | Export-LearningCurveReport -Path (Join-Path $OutputDirectory 'Overparametrisation.xlsx') -WorksheetName 'K4-8-16' -X T -Y TestError -Series Series `
    -LineSeries $theorySeries -MarkerSeries $simSeries -Title $title
$rows | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory 'Overparametrisation.png') -X T -Y TestError -Series Series `
    -LineSeries $theorySeries -MarkerSeries $simSeries -Title $title
