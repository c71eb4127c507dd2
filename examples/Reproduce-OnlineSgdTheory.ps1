<#
.SYNOPSIS
    Theory vs simulation for online SGD of a two-layer net on the XOR Gaussian mixture (Refinetti et al. 2021).
.DESCRIPTION
    For every (snr, K, d, seed): trains the net by online SGD (a fresh sample per step, t = steps/d) and integrates the
    ODEs of the order parameters from the same initial weights (cold start). It also restarts the ODE from the
    simulation's own order parameters at the first recorded time its test error falls below -WarmStartError (warm start:
    the theory once learning has started; the escape from the initial plateau is driven by O(1/√d) fluctuations that the
    deterministic ODE does not follow). Writes every row to CSV, and OnlineSgdTheory.xlsx with one overlay chart per
    (snr, K) (theory as lines, simulation as markers) and the same chart as OnlineSgdTheory-snr<snr>-K<K>.png. Prints the gap table of docs/online-sgd-theory.md.
    With -Ensemble E it also integrates, per (snr, K, d), two ensembles of E ODE runs whose initial states are drawn as the
    simulation draws them at that d (Get-TwoLayerNetTheory -Ensemble): deterministic members, and members with the O(1/√d)
    SGD noise (-SgdNoise). Their means are compared with the seed-averaged simulation at every recorded time
    (OnlineSgdTheory-gaps.csv: simulation mean and standard error, per-seed cold ODE mean, ensemble means and spreads,
    and the effect of the SGD noise at fixed initial states, simulated (simulation − cold ODE of the same seeds) and
    modelled (noisy − deterministic ensemble, whose members share their initial draws)).
    -WarmStartError 0 skips the warm starts.
.EXAMPLE
    ./examples/Reproduce-OnlineSgdTheory.ps1 -Quick
.EXAMPLE
    ./examples/Reproduce-OnlineSgdTheory.ps1 -Snr 4, 9 -Hidden 2, 4, 8 -Dimension 250, 500, 1000 -Seeds 0..4
.EXAMPLE
    ./examples/Reproduce-OnlineSgdTheory.ps1 -Snr 4 -Hidden 4, 8 -Seeds 0..7 -Ensemble 16 -WarmStartError 0 -MonteCarloSamples 2000
#>
[CmdletBinding()]
param(
    [double[]]$Snr = @(4, 9),
    [int[]]$Hidden = @(2, 4, 8),
    [int[]]$Dimension = @(250, 500, 1000),
    [int[]]$Seeds = @(0, 1, 2, 3, 4),
    [double]$LearningRate = 0.5,
    [double]$Time = 200,
    [int]$Points = 21,
    [int]$MonteCarloSamples = 4000,
    [double]$Step = 0.1,
    [double]$WarmStartError = 0.45,
    [int]$MonitorSamples = 5000,
    [int]$Ensemble = 0,
    [int]$EnsembleSeed = 1000,
    [Alias('OutDirectory', 'OutDir')]
    [string]$OutputDirectory = (Join-Path $PSScriptRoot '../out'),
    [switch]$Quick
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
if ($Quick) { $Snr = @(9); $Hidden = @(4); $Dimension = @(200); $Seeds = @(0, 1); $Time = 40; $Points = 5; $MonteCarloSamples = 2000; if ($Ensemble) { $Ensemble = 4 } }
$clock = [System.Diagnostics.Stopwatch]::StartNew()
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null
$csv = Join-Path $OutputDirectory 'OnlineSgdTheory.csv'
$xlsx = Join-Path $OutputDirectory 'OnlineSgdTheory.xlsx'

function Add-Tags($rows, [string]$series, [string]$start, [double]$snr, [int]$k) {
    foreach ($row in $rows) {
        $row | Add-Member -NotePropertyMembers ([ordered]@{ Series = $series; Start = $start; Snr = $snr; Hidden = $k; LearningRate = $LearningRate }) -PassThru
    }
}

$all = [System.Collections.Generic.List[object]]::new()
foreach ($s in $Snr) {
    foreach ($k in $Hidden) {
        foreach ($d in $Dimension) {
            $data = New-GaussianMixture -Dimension $d -Samples 10 -Snr $s -Seed 1
            foreach ($seed in $Seeds) {
                Write-Host ("snr={0} K={1} d={2} seed={3}" -f $s, $k, $d, $seed)
                $model = $data | Train-TwoLayerNet -Algorithm Online -Hidden $k -LearningRate $LearningRate -Time $Time `
                    -HistoryPoints $Points -MonitorSamples $MonitorSamples -TestSamples 0 -Seed $seed
                $sim = @($model | Get-TrainingHistory)
                $all.AddRange(@(Add-Tags $sim "Simulation d=$d" 'sim' $s $k))
                $cold = Get-TwoLayerNetTheory -Data $data -Hidden $k -LearningRate $LearningRate -Time $Time -Points $Points `
                    -MonteCarloSamples $MonteCarloSamples -Step $Step -Seed $seed
                $all.AddRange(@(Add-Tags $cold "Theory d=$d" 'cold' $s $k))
                $first = $sim | Where-Object { $_.T -gt 0 -and $_.TestError -lt $WarmStartError } | Select-Object -First 1
                if ($first -and $first.T -lt $Time) {
                    $remaining = @($sim | Where-Object { $_.T -ge $first.T }).Count
                    $warm = Get-TwoLayerNetTheory -Data $data -InitialState $first -LearningRate $LearningRate -Time $Time `
                        -Points $remaining -MonteCarloSamples $MonteCarloSamples -Step $Step -Seed $seed
                    $all.AddRange(@(Add-Tags $warm "Theory (warm) d=$d" 'warm' $s $k))
                }
            }
            if ($Ensemble -gt 0) {
                foreach ($noise in $false, $true) {
                    Write-Host ("snr={0} K={1} d={2} ensemble of {3}{4}" -f $s, $k, $d, $Ensemble, $(if ($noise) { ' with SGD noise' } else { '' }))
                    $ens = Get-TwoLayerNetTheory -Data $data -Hidden $k -LearningRate $LearningRate -Time $Time -Points $Points `
                        -MonteCarloSamples $MonteCarloSamples -Step $Step -Ensemble $Ensemble -SgdNoise:$noise -Seed $EnsembleSeed
                    $series = if ($noise) { "Ensemble+noise d=$d" } else { "Ensemble d=$d" }
                    $all.AddRange(@(Add-Tags $ens $series $(if ($noise) { 'noise' } else { 'ensemble' }) $s $k))
                }
            }
        }
    }
}
# Export-Csv takes its columns from the first row (a simulation's); the ensembles' rows carry more (their spread).
$columns = @($all | ForEach-Object { $_.PSObject.Properties.Name } | Select-Object -Unique)
$all | Select-Object -Property $columns | Export-Csv -Path $csv -NoTypeInformation
Write-Host "Rows written to $csv"

$append = $false
foreach ($group in $all | Group-Object Snr, Hidden) {
    $first = $group.Group[0]
    $lines = @($group.Group | Where-Object Start -ne 'sim' | Select-Object -ExpandProperty Series -Unique)
    $markers = @($group.Group | Where-Object Start -eq 'sim' | Select-Object -ExpandProperty Series -Unique)
    $title = "XOR snr={0} K={1} lr={2}: ODE (lines) vs online SGD (markers), Bayes {3:F3}" -f $first.Snr, $first.Hidden, $LearningRate, $first.BayesError
    $group.Group | Export-LearningCurveReport -Path $xlsx -WorksheetName ("snr{0}_K{1}" -f $first.Snr, $first.Hidden) -X T -Y TestError `
        -Series Series -LineSeries $lines -MarkerSeries $markers -Append:$append -Title $title
    $group.Group | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory ("OnlineSgdTheory-snr{0}-K{1}.png" -f $first.Snr, $first.Hidden)) -X T -Y TestError `
        -Series Series -LineSeries $lines -MarkerSeries $markers -Title $title
    $append = $true
}
Write-Host "Workbook written to $xlsx (and one PNG per snr and K beside it)"

# Gap table: seed-averaged simulation minus seed-averaged theory at every recorded time.
$gaps = [System.Collections.Generic.List[object]]::new()
$summary = foreach ($group in $all | Group-Object Snr, Hidden, D) {
    $rows = $group.Group
    $times = $rows | Where-Object Start -eq 'sim' | Select-Object -ExpandProperty T -Unique
    $coldError = 0.0; $coldLoss = 0.0; $learnedError = 0.0; $warmError = 0.0; $ensembleError = [double]::NaN; $noiseError = [double]::NaN; $simStandardError = 0.0
    foreach ($t in $times) {
        $sim = @($rows | Where-Object { $_.Start -eq 'sim' -and [math]::Abs($_.T - $t) -lt 1e-6 })
        $cold = @($rows | Where-Object { $_.Start -eq 'cold' -and [math]::Abs($_.T - $t) -lt 1e-6 })
        $simStats = $sim | Measure-Object TestError -Average -StandardDeviation
        $simError = $simStats.Average
        $standardError = if ($sim.Count -gt 1) { $simStats.StandardDeviation / [math]::Sqrt($sim.Count) } else { [double]::NaN }
        $simStandardError = [math]::Max($simStandardError, $standardError)
        $ens = $rows | Where-Object { $_.Start -eq 'ensemble' -and [math]::Abs($_.T - $t) -lt 1e-6 } | Select-Object -First 1
        $noisy = $rows | Where-Object { $_.Start -eq 'noise' -and [math]::Abs($_.T - $t) -lt 1e-6 } | Select-Object -First 1
        if ($ens) { $ensembleError = [math]::Max($(if ([double]::IsNaN($ensembleError)) { 0.0 } else { $ensembleError }), [math]::Abs($simError - $ens.TestError)) }
        if ($noisy) { $noiseError = [math]::Max($(if ([double]::IsNaN($noiseError)) { 0.0 } else { $noiseError }), [math]::Abs($simError - $noisy.TestError)) }
        $gaps.Add([pscustomobject]@{
            Snr = $rows[0].Snr; K = $rows[0].Hidden; D = $rows[0].D; T = $t; Seeds = $sim.Count
            SimMean = [math]::Round($simError, 4); SimStandardError = [math]::Round($standardError, 4)
            ColdMean = [math]::Round(($cold | Measure-Object TestError -Average).Average, 4)
            EnsembleMean = if ($ens) { [math]::Round($ens.TestError, 4) } else { $null }
            EnsembleStd = if ($ens) { [math]::Round($ens.TestErrorStd, 4) } else { $null }
            NoiseMean = if ($noisy) { [math]::Round($noisy.TestError, 4) } else { $null }
            NoiseStd = if ($noisy) { [math]::Round($noisy.TestErrorStd, 4) } else { $null }
            SimStd = [math]::Round($simStats.StandardDeviation, 4)
            # The effect of the SGD noise at fixed initial states: the simulation against the ODE from the same weights
            # (paired by seed), and the noisy ensemble against the deterministic one (paired by member: same draws).
            NoiseEffectSimulated = [math]::Round($simError - ($cold | Measure-Object TestError -Average).Average, 4)
            NoiseEffectModelled = if ($ens -and $noisy) { [math]::Round($noisy.TestError - $ens.TestError, 4) } else { $null }
        })
        $gapError = [math]::Abs($simError - ($cold | Measure-Object TestError -Average).Average)
        $coldError = [math]::Max($coldError, $gapError)
        $coldLoss = [math]::Max($coldLoss, [math]::Abs(($sim | Measure-Object TestLoss -Average).Average - ($cold | Measure-Object TestLoss -Average).Average))
        if ($simError -lt $WarmStartError) { $learnedError = [math]::Max($learnedError, $gapError) }
        $warm = @($rows | Where-Object { $_.Start -eq 'warm' -and [math]::Abs($_.T - $t) -lt 1e-6 })
        if ($warm.Count -gt 0) {
            $seedsHere = $warm.Seed
            $simWarm = @($sim | Where-Object { $seedsHere -contains $_.Seed })
            $warmError = [math]::Max($warmError, [math]::Abs(($simWarm | Measure-Object TestError -Average).Average - ($warm | Measure-Object TestError -Average).Average))
        }
    }
    $warmSeeds = @($rows | Where-Object Start -eq 'warm' | Select-Object -ExpandProperty Seed -Unique).Count
    $last = $times | Measure-Object -Maximum | Select-Object -ExpandProperty Maximum
    [pscustomobject]@{
        Snr = $rows[0].Snr; K = $rows[0].Hidden; D = $rows[0].D; Seeds = @($rows | Where-Object Start -eq 'sim' | Select-Object -ExpandProperty Seed -Unique).Count
        ColdMaxGapLoss = [math]::Round($coldLoss, 4); ColdMaxGapError = [math]::Round($coldError, 4)
        ColdMaxGapErrorLearned = [math]::Round($learnedError, 4)
        WarmSeeds = $warmSeeds; WarmMaxGapError = [math]::Round($warmError, 4)
        EnsembleMaxGapError = [math]::Round($ensembleError, 4); NoiseMaxGapError = [math]::Round($noiseError, 4)
        SimStandardErrorAtWorst = [math]::Round($simStandardError, 4)
        SimFinal = [math]::Round((($rows | Where-Object { $_.Start -eq 'sim' -and $_.T -eq $last }) | Measure-Object TestError -Average).Average, 4)
        ColdFinal = [math]::Round((($rows | Where-Object { $_.Start -eq 'cold' -and [math]::Abs($_.T - $last) -lt 1e-6 }) | Measure-Object TestError -Average).Average, 4)
        Bayes = [math]::Round($rows[0].BayesError, 4)
    }
}
$summary | Export-Csv -Path (Join-Path $OutputDirectory 'OnlineSgdTheory-summary.csv') -NoTypeInformation
$gaps | Export-Csv -Path (Join-Path $OutputDirectory 'OnlineSgdTheory-gaps.csv') -NoTypeInformation
$summary | Format-Table -AutoSize | Out-String -Width 250 | Write-Host
if ($Ensemble -gt 0) { $gaps | Format-Table -AutoSize | Out-String -Width 250 | Write-Host }
Write-Host ("Run time {0:F1} min" -f $clock.Elapsed.TotalMinutes)
