<#
.SYNOPSIS
    Pools batches of Reproduce-OnlineSgdTheory.ps1 -Ensemble runs into the gap tables and charts of
    docs/online-sgd-theory.md (section "Measured: gap to the seed-averaged simulation over the whole curve").
.DESCRIPTION
    Reads OnlineSgdTheory.csv and OnlineSgdTheory-gaps.csv from every -InputDirectory (each one run of the example
    script with -Ensemble -Members, e.g. seeds 0..7 with the default -EnsembleSeed and seeds 8..15 with -EnsembleSeed
    2000) and pools them per (snr, K, d, t). The per-seed simulation and cold-ODE rows and the ensemble means come from
    OnlineSgdTheory.csv; the ensembles' standard deviations from OnlineSgdTheory-gaps.csv (OnlineSgdTheory.csv has the
    columns of its first row, a simulation row, so it lacks TestErrorStd):
    - simulation: mean, standard deviation and standard error over all seeds of all batches;
    - cold ODE: mean over the same seeds (the per-seed ODE from each seed's own initial weights);
    - each ensemble (deterministic, and with -SgdNoise): pooled mean = member-weighted mean of the batch means, pooled
      standard deviation from the batch means and standard deviations (exact pooling of the members' sample variance);
    - gap = simulation mean − theory mean (negative: the theory is behind, i.e. escapes later);
    - the effect of the SGD noise at fixed initial states: simulated = mean ± s.e. over seeds of (simulation − cold ODE
      of the same seed); modelled = noisy − deterministic ensemble (the members share their initial draws).
    Writes OnlineSgdEnsemble-gaps.csv (every recorded time), OnlineSgdEnsemble-summary.csv (per (snr, K, d): largest and
    mean absolute gap of each theory, each ensemble's largest gap in standard errors of that gap (√(s.e.(simulation
    mean)² + std²/members)), the largest standard error of the gap sim − noisy ensemble, the largest standard
    deviations), OnlineSgdEnsemble-tables.md (the Markdown tables of the doc) and one chart per (snr, K),
    ensemble-ode-gap-K<K>.png (gap vs t for the -ChartDimension values, Export-LearningCurvePlot -X T -Y Gap -Series Series).
.EXAMPLE
    ./examples/Merge-OnlineSgdEnsembleGaps.ps1 -InputDirectory out/K4-b1, out/K4-b2, out/K8-b1, out/K8-b2 -Members 12 -OutputDirectory out/pooled
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string[]]$InputDirectory,
    # The -Ensemble of every run (members per batch); the CSVs do not record it.
    [Parameter(Mandatory)]
    [int]$Members,
    [string]$OutputDirectory = (Join-Path $PSScriptRoot '../out/ensemble-pooled'),
    [int[]]$ChartDimension = @(250, 1000),
    [double[]]$TableTimes = @(0, 20, 40, 60, 80, 100, 140, 200),
    [double[]]$NoiseEffectTimes = @(40, 60, 80, 100)
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null
$inv = [System.Globalization.CultureInfo]::InvariantCulture

function Get-Stats([double[]]$values) {
    $n = $values.Count
    $mean = ($values | Measure-Object -Average).Average
    $std = if ($n -gt 1) { [math]::Sqrt((($values | ForEach-Object { ($_ - $mean) * ($_ - $mean) }) | Measure-Object -Sum).Sum / ($n - 1)) } else { [double]::NaN }
    [pscustomobject]@{ N = $n; Mean = $mean; Std = $std; StandardError = $std / [math]::Sqrt($n) }
}

# Pools ensemble summary rows (one per batch): member-weighted mean; variance from within- and between-batch sums.
function Join-Ensemble($rows) {
    if (-not $rows) { return $null }
    $n = 0; $sum = 0.0
    foreach ($r in $rows) { $n += $Members; $sum += $Members * [double]$r.TestError }
    $mean = $sum / $n
    $ss = 0.0
    foreach ($r in $rows) {
        $m = $Members; $s = [double]$r.TestErrorStd; $dm = [double]$r.TestError - $mean
        $ss += ($m - 1) * $s * $s + $m * $dm * $dm
    }
    [pscustomobject]@{ N = $n; Mean = $mean; Std = [math]::Sqrt($ss / ($n - 1)); Batches = @($rows).Count }
}

$all = foreach ($dir in $InputDirectory) {
    $file = Join-Path $dir 'OnlineSgdTheory.csv'
    if (-not (Test-Path $file)) { throw "No OnlineSgdTheory.csv in $dir" }
    $spread = @{}
    foreach ($g in Import-Csv (Join-Path $dir 'OnlineSgdTheory-gaps.csv')) {
        $key = '{0}|{1}|{2}|{3}' -f $g.Snr, $g.K, $g.D, [math]::Round([double]::Parse($g.T, $inv), 6)
        $spread["ensemble|$key"] = $g.EnsembleStd; $spread["noise|$key"] = $g.NoiseStd
    }
    Import-Csv $file | Where-Object { $_.Start -in 'sim', 'cold', 'ensemble', 'noise' } | ForEach-Object {
        if ($_.Start -in 'ensemble', 'noise') {
            $key = '{0}|{1}|{2}|{3}|{4}' -f $_.Start, $_.Snr, $_.Hidden, $_.D, [math]::Round([double]::Parse($_.T, $inv), 6)
            if (-not $spread.ContainsKey($key) -or [string]::IsNullOrEmpty($spread[$key])) { throw "No ensemble spread for $key in $dir" }
            $_ | Add-Member -NotePropertyName TestErrorStd -NotePropertyValue $spread[$key] -Force
        }
        $_ | Add-Member -NotePropertyName Batch -NotePropertyValue $dir -PassThru
    }
}

$gaps = [System.Collections.Generic.List[object]]::new()
foreach ($group in $all | Group-Object Snr, Hidden, D) {
    $rows = $group.Group
    foreach ($tGroup in $rows | Group-Object { [math]::Round([double]::Parse($_.T, $inv), 6) } | Sort-Object { [double]$_.Name }) {
        $t = [double]$tGroup.Name
        $here = $tGroup.Group
        $sim = @($here | Where-Object Start -eq 'sim')
        $cold = @($here | Where-Object Start -eq 'cold')
        $simStats = Get-Stats ($sim | ForEach-Object { [double]$_.TestError })
        $coldMean = ($cold | ForEach-Object { [double]$_.TestError } | Measure-Object -Average).Average
        # Pair simulation and cold ODE by (batch, seed).
        $coldBySeed = @{}
        foreach ($c in $cold) { $coldBySeed["$($c.Batch)|$($c.Seed)"] = [double]$c.TestError }
        $paired = foreach ($s in $sim) {
            $key = "$($s.Batch)|$($s.Seed)"
            if (-not $coldBySeed.ContainsKey($key)) { throw "No cold ODE for $key" }
            [double]$s.TestError - $coldBySeed[$key]
        }
        $pairedStats = Get-Stats $paired
        $ens = Join-Ensemble @($here | Where-Object Start -eq 'ensemble')
        $noisy = Join-Ensemble @($here | Where-Object Start -eq 'noise')
        $ensGapSe = if ($ens) { [math]::Sqrt($simStats.StandardError * $simStats.StandardError + $ens.Std * $ens.Std / $ens.N) } else { [double]::NaN }
        $gapSe = if ($noisy) { [math]::Sqrt($simStats.StandardError * $simStats.StandardError + $noisy.Std * $noisy.Std / $noisy.N) } else { [double]::NaN }
        $gaps.Add([pscustomobject]@{
            Snr = [double]$rows[0].Snr; K = [int]$rows[0].Hidden; D = [int]$rows[0].D; T = $t
            Seeds = $sim.Count; SimMean = $simStats.Mean; SimStd = $simStats.Std; SimStandardError = $simStats.StandardError
            ColdMean = $coldMean; ColdGap = $simStats.Mean - $coldMean
            EnsembleMembers = if ($ens) { $ens.N } else { 0 }; EnsembleMean = if ($ens) { $ens.Mean } else { $null }
            EnsembleStd = if ($ens) { $ens.Std } else { $null }; EnsembleGap = if ($ens) { $simStats.Mean - $ens.Mean } else { $null }
            EnsembleGapStandardError = $ensGapSe
            NoiseMembers = if ($noisy) { $noisy.N } else { 0 }; NoiseMean = if ($noisy) { $noisy.Mean } else { $null }
            NoiseStd = if ($noisy) { $noisy.Std } else { $null }; NoiseGap = if ($noisy) { $simStats.Mean - $noisy.Mean } else { $null }
            NoiseGapStandardError = $gapSe
            NoiseEffectSimulated = $pairedStats.Mean; NoiseEffectSimulatedStandardError = $pairedStats.StandardError
            NoiseEffectModelled = if ($ens -and $noisy) { $noisy.Mean - $ens.Mean } else { $null }
        })
    }
}
$gaps | Export-Csv -Path (Join-Path $OutputDirectory 'OnlineSgdEnsemble-gaps.csv') -NoTypeInformation

function Get-Worst($rows, [string]$column) {
    $best = $null
    foreach ($r in $rows) { if ($null -ne $r.$column -and (-not $best -or [math]::Abs($r.$column) -gt [math]::Abs($best.$column))) { $best = $r } }
    $best
}
$summary = foreach ($group in $gaps | Group-Object Snr, K, D) {
    $rows = $group.Group
    $worst = @{}
    foreach ($c in 'ColdGap', 'EnsembleGap', 'NoiseGap') { $worst[$c] = Get-Worst $rows $c }
    $meanAbs = @{}
    foreach ($c in 'ColdGap', 'EnsembleGap', 'NoiseGap') { $meanAbs[$c] = ($rows | ForEach-Object { [math]::Abs($_.$c) } | Measure-Object -Average).Average }
    [pscustomobject]@{
        Snr = $rows[0].Snr; K = $rows[0].K; D = $rows[0].D; Seeds = $rows[0].Seeds
        EnsembleMembers = $rows[0].EnsembleMembers; NoiseMembers = $rows[0].NoiseMembers; Times = $rows.Count
        ColdMaxAbsGap = [math]::Abs($worst.ColdGap.ColdGap); ColdMaxAbsGapT = $worst.ColdGap.T
        EnsembleMaxAbsGap = [math]::Abs($worst.EnsembleGap.EnsembleGap); EnsembleMaxAbsGapT = $worst.EnsembleGap.T
        EnsembleMaxAbsGapStandardErrors = [math]::Abs($worst.EnsembleGap.EnsembleGap) / $worst.EnsembleGap.EnsembleGapStandardError
        NoiseMaxAbsGap = [math]::Abs($worst.NoiseGap.NoiseGap); NoiseMaxAbsGapT = $worst.NoiseGap.T
        NoiseMaxAbsGapStandardErrors = [math]::Abs($worst.NoiseGap.NoiseGap) / $worst.NoiseGap.NoiseGapStandardError
        ColdMeanAbsGap = $meanAbs.ColdGap; EnsembleMeanAbsGap = $meanAbs.EnsembleGap; NoiseMeanAbsGap = $meanAbs.NoiseGap
        MaxNoiseGapStandardError = ($rows | Measure-Object NoiseGapStandardError -Maximum).Maximum
        MaxSimStd = ($rows | Measure-Object SimStd -Maximum).Maximum
        MaxEnsembleStd = ($rows | Measure-Object EnsembleStd -Maximum).Maximum
        MaxNoiseStd = ($rows | Measure-Object NoiseStd -Maximum).Maximum
    }
}
$summary | Export-Csv -Path (Join-Path $OutputDirectory 'OnlineSgdEnsemble-summary.csv') -NoTypeInformation

# Markdown tables as in docs/online-sgd-theory.md.
function F([double]$x) { $x.ToString('0.000', $inv) }
function G([double]$x) { $s = $x.ToString('0.000', $inv); if ($x -ge 0 -or $s -eq '-0.000') { if ($s.StartsWith('-')) { $s } else { "+$s" } } else { $s } }
$md = [System.Text.StringBuilder]::new()
foreach ($kGroup in $gaps | Group-Object Snr, K) {
    $k = $kGroup.Group[0].K
    $dims = @($kGroup.Group | Select-Object -ExpandProperty D -Unique | Sort-Object)
    [void]$md.AppendLine("K = $k (gap = simulation mean − theory mean):").AppendLine()
    $header = '| t |' + (($dims | ForEach-Object { " d=${_}: sim ± s.e. | cold | ens | ens+noise |" }) -join '')
    [void]$md.AppendLine($header)
    [void]$md.AppendLine('|---|' + ('---|' * (4 * $dims.Count)))
    foreach ($t in $TableTimes) {
        $line = "| $t |"
        foreach ($d in $dims) {
            $r = $kGroup.Group | Where-Object { $_.D -eq $d -and [math]::Abs($_.T - $t) -lt 1e-6 }
            if (-not $r) { $line += ' | | | |'; continue }
            $line += " $(F $r.SimMean) ± $(F $r.SimStandardError) | $(G $r.ColdGap) | $(G $r.EnsembleGap) | $(G $r.NoiseGap) |"
        }
        [void]$md.AppendLine($line)
    }
    [void]$md.AppendLine()
    [void]$md.AppendLine('| K | d | sims / members (ens, ens+noise) | max abs gap: cold (t) | ens (t) | ens+noise (t) | mean abs gap: cold / ens / ens+noise | s.e. of the gap at the escape | largest std: sim / ens / ens+noise |')
    [void]$md.AppendLine('|---|---|---|---|---|---|---|---|---|')
    foreach ($s in $summary | Where-Object { $_.K -eq $k -and $_.Snr -eq $kGroup.Group[0].Snr } | Sort-Object D) {
        [void]$md.AppendLine(("| {0} | {1} | {2} / {3}, {4} | {5} ({6}) | {7} ({8}) | {9} ({10}) | {11} / {12} / {13} | {14} | {15} / {16} / {17} |" -f
            $s.K, $s.D, $s.Seeds, $s.EnsembleMembers, $s.NoiseMembers, (F $s.ColdMaxAbsGap), $s.ColdMaxAbsGapT,
            (F $s.EnsembleMaxAbsGap), $s.EnsembleMaxAbsGapT, (F $s.NoiseMaxAbsGap), $s.NoiseMaxAbsGapT,
            (F $s.ColdMeanAbsGap), (F $s.EnsembleMeanAbsGap), (F $s.NoiseMeanAbsGap), (F $s.MaxNoiseGapStandardError),
            (F $s.MaxSimStd), (F $s.MaxEnsembleStd), (F $s.MaxNoiseStd)))
    }
    [void]$md.AppendLine()
}
[void]$md.AppendLine('| K | d |' + (($NoiseEffectTimes | ForEach-Object { " t = ${_}: simulated / modelled |" }) -join ''))
[void]$md.AppendLine('|---|---|' + ('---|' * $NoiseEffectTimes.Count))
foreach ($group in $gaps | Group-Object Snr, K, D | Sort-Object { $_.Group[0].K }, { $_.Group[0].D }) {
    $line = "| $($group.Group[0].K) | $($group.Group[0].D) |"
    foreach ($t in $NoiseEffectTimes) {
        $r = $group.Group | Where-Object { [math]::Abs($_.T - $t) -lt 1e-6 }
        $line += " $(G $r.NoiseEffectSimulated) ± $(F $r.NoiseEffectSimulatedStandardError) / $(G $r.NoiseEffectModelled) |"
    }
    [void]$md.AppendLine($line)
}
$md.ToString() | Set-Content -Path (Join-Path $OutputDirectory 'OnlineSgdEnsemble-tables.md') -Encoding utf8

# Charts: the gap of each theory against t, for the chosen dimensions.
foreach ($kGroup in $gaps | Group-Object Snr, K) {
    $first = $kGroup.Group[0]
    $points = foreach ($r in $kGroup.Group | Where-Object { $ChartDimension -contains $_.D }) {
        [pscustomobject]@{ Series = "cold ODE d=$($r.D)"; T = $r.T; Gap = $r.ColdGap }
        if ($null -ne $r.EnsembleGap) { [pscustomobject]@{ Series = "ensemble d=$($r.D)"; T = $r.T; Gap = $r.EnsembleGap } }
        if ($null -ne $r.NoiseGap) { [pscustomobject]@{ Series = "ensemble+noise d=$($r.D)"; T = $r.T; Gap = $r.NoiseGap } }
    }
    $title = "XOR snr {0}, K = {1}: simulation mean − theory mean (d = {2})" -f $first.Snr, $first.K, ($ChartDimension -join ', ')
    $points | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory ("ensemble-ode-gap-K{0}.png" -f $first.K)) -X T -Y Gap `
        -Series Series -LineSeries @($points | Select-Object -ExpandProperty Series -Unique) -Title $title -Force
}
$summary | Format-Table Snr, K, D, Seeds, EnsembleMembers, ColdMaxAbsGap, ColdMaxAbsGapT, EnsembleMaxAbsGap, EnsembleMaxAbsGapT,
    NoiseMaxAbsGap, NoiseMaxAbsGapT, ColdMeanAbsGap, EnsembleMeanAbsGap, NoiseMeanAbsGap, EnsembleMaxAbsGapStandardErrors,
    NoiseMaxAbsGapStandardErrors -AutoSize | Out-String -Width 250 | Write-Host
Write-Host "Pooled gaps, summary, tables and charts written to $OutputDirectory"
