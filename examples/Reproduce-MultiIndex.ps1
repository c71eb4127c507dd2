<#
.SYNOPSIS
    Multi-index polynomials (Damian, Lee, Soltanolkotabi 2022): sample complexity of a two-phase net, an SGD net and
    kernel ridge over d, the alignment of the first layer with span(U) after phase 1 against a signal-to-noise
    prediction, and transfer to a new head; every table over several seeds.
.DESCRIPTION
    Task: x ~ N(0, I_d), y = g(Ux), r = 2, degree p = 3, random Hermite head (half of Var f* in degree 2, half in
    degree 3), unit variance, no label noise, so the test MSE is the normalised MSE. Each seed of -Seed draws its own
    task (U and head) and its own trials.

    Table 1 (sample complexity): for d in -Dimensions and each seed, each learner is trained at n on a grid with ratio
    sqrt(2) (500 .. -MaxSamples, kernels up to -MaxKernelSamples) until its test MSE is below -Target; n* is the log-log
    interpolation between the last failing and the first passing n. Per learner and d the script reports the median n*
    over the seeds with its min-max range and how many seeds reached the target; a seed that never reached it counts as
    "> largest n" (the median is "> largest n" when more than half of the seeds did not reach it). Slopes are
    least-squares fits of log median n* on log d over the dimensions whose median is not censored.
    Table 2 (alignment curve): fraction of the first layer's squared norm inside span(U) after phase 1 at d = 50, r = 2,
    for n1 = -AlignmentSamples, per seed, for the head of table 1 (p = -Degree) and a purely quadratic head (p = 2),
    beside the prediction S/(S + N), S = phi(0)^2 ||H||_F^2 / d, N = d / (4 n1), H = E[Hessian of f*] computed from the
    task's head (docs/multi-index.md), and a refined prediction (S - 4T + N r/d)/(S - 3T + N) that also counts the noise
    inside span(U) and the (w'Hw) w part of the expected gradient, T = phi(0)^2 E[(w'Hw)^2] / 4.
    Table 3 (transfer): features learned on the source task, head refitted by ridge on a second task with the same U and
    a new head; n2* reaching the target vs training from scratch and RBF kernel ridge on the second task, per seed,
    summarised like table 1.

    Each round of the learning curves (one n, the learners still above the target) is a sweep plan per task and seed,
    run with -Backend Local (all cores), Serial or Slurm (-SlurmDirectory).
    Writes to -OutputDirectory: MultiIndex.csv (one row per fit: Table, Name, the result row's Learner, Settings, D, N,
    Seed, TestError, ..., SubspaceAlignment, InitialAlignment, MinPrincipalCosine), MultiIndex-summary.csv (n* per seed),
    MultiIndex-median.csv (median, range, seeds reached), MultiIndex-slopes.csv, MultiIndex-alignment.csv (per seed and
    n1), MultiIndex-alignment-summary.csv (mean, std, predictions), MultiIndex.xlsx, MultiIndex.png (median n* vs d) and
    MultiIndex-alignment.png (measured vs predicted alignment over n1).

    -Table and -Learner run a part of the experiment: the tables named, and in tables 1 and 3 the learning curves of
    the learners named (KernelRbf is in both tables). Every trial is determined by its task, seed, n and learner, so a
    part gives the same numbers as the same cells of the full run; the files written hold only that part.
.EXAMPLE
    dotnet pwsh -NoProfile -File examples/Reproduce-MultiIndex.ps1 -Quick
.EXAMPLE
    dotnet pwsh -NoProfile -File examples/Reproduce-MultiIndex.ps1 -Seed 0, 1, 2 -Dimensions 16, 32
.EXAMPLE
    dotnet pwsh -NoProfile -c "& examples/Reproduce-MultiIndex.ps1 -Table SampleComplexity, Transfer -Learner KernelRbf, KernelPolynomial, KernelNtk"

    Only the kernels' learning curves of tables 1 and 3 (the nets' curves and the alignment table are not run).
#>
[CmdletBinding()]
param(
    [int[]]$Dimensions = @(16, 32, 64),
    [int]$Rank = 2,
    [int]$Degree = 3,
    [double]$Target = 0.1,
    [int]$MaxSamples = 64000,
    [int]$MaxKernelSamples = 8000,
    [int]$Width = 512,
    # Seeds: each draws its own task (U, head) and trials.
    [Alias('Seeds')]
    [int[]]$Seed = @(0, 1, 2, 3, 4),
    # Phase-1 sample sizes n1 of the alignment curve (d = 50).
    [int[]]$AlignmentSamples = @(2500, 5000, 10000, 20000, 40000, 80000, 160000),
    [Alias('OutDirectory', 'OutDir')]
    [string]$OutputDirectory = (Join-Path $PSScriptRoot '../out'),
    # Where the trials run: Local (all cores), Serial (one at a time) or Slurm (-SlurmDirectory on a shared file system).
    [ValidateSet('Local', 'Serial', 'Slurm')]
    [string]$Backend = 'Local',
    [string]$SlurmDirectory,
    # The tables to run (default all three).
    [ValidateSet('SampleComplexity', 'Alignment', 'Transfer')]
    [string[]]$Table = @('SampleComplexity', 'Alignment', 'Transfer'),
    # The learners whose learning curves run in tables 1 and 3 (default all): TwoPhaseNetwork, SgdNetwork, KernelRbf,
    # KernelPolynomial, KernelNtk (table 1); TransferHead, FromScratch, KernelRbf (table 3).
    [ValidateSet('TwoPhaseNetwork', 'SgdNetwork', 'KernelRbf', 'KernelPolynomial', 'KernelNtk', 'TransferHead', 'FromScratch')]
    [string[]]$Learner = @('TwoPhaseNetwork', 'SgdNetwork', 'KernelRbf', 'KernelPolynomial', 'KernelNtk', 'TransferHead', 'FromScratch'),
    # A smoke run: d = 8, 16, seeds 0 and 1, smaller grids and n1 = 2 500, 5 000.
    [switch]$Quick
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
. (Join-Path $PSScriptRoot 'Shared/Invoke-ExperimentPlan.ps1')
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null
if ($Quick) {
    $Dimensions = @(8, 16); $MaxSamples = 8000; $MaxKernelSamples = 2000; $AlignmentSamples = @(2500, 5000)
    if (-not $PSBoundParameters.ContainsKey('Seed')) { $Seed = @(0, 1) }
}
$clock = [System.Diagnostics.Stopwatch]::StartNew()

$grid = @(0..20 | ForEach-Object { [int][math]::Round(500 * [math]::Pow(2, $_ / 2)) })
$rows = [System.Collections.Generic.List[object]]::new()
$summary = [System.Collections.Generic.List[object]]::new()    # n* per learner, d and seed (tables 1 and 3)
$medians = [System.Collections.Generic.List[object]]::new()    # per learner and d: median n* over the seeds
$slopes = [System.Collections.Generic.List[object]]::new()
$alignments = [System.Collections.Generic.List[object]]::new()  # per head, n1 and seed
$alignmentSummary = [System.Collections.Generic.List[object]]::new()

# One CSV row per fit, the same columns for every learner (plans of different learners have different diagnostics).
function Add-Row([string]$table, [string]$name, $fit) {
    $value = { param($column) if ($fit.PSObject.Properties[$column]) { $fit.$column } else { [double]::NaN } }
    $row = [pscustomobject]@{
        Table = $table; Name = $name; Learner = $fit.Learner; Settings = $fit.Settings; Task = $fit.Task; D = $fit.D; N = $fit.N; Seed = $fit.Seed
        TestError = $fit.TestError; TrainError = $fit.TrainError; NullError = $fit.NullError
        SubspaceAlignment = & $value 'SubspaceAlignment'; InitialAlignment = & $value 'InitialAlignment'
        MinPrincipalCosine = & $value 'MinPrincipalCosine'; Seconds = [math]::Round($fit.Seconds, 2)
    }
    $rows.Add($row)
    Write-Host ('{0,-16} {1,-16} d={2,-3} seed={3} n={4,-6} MSE={5:F4} align={6:F3} ({7:F1} s)' -f $table, $name, $row.D, $row.Seed, $row.N, $row.TestError, $row.SubspaceAlignment, $row.Seconds)
    $row
}

# Interpolate log n* between the last failing and the first passing grid point (log MSE linear in log n).
function Get-Crossing($points) {
    $pass = $points | Where-Object { $_.TestError -lt $Target } | Select-Object -First 1
    if (-not $pass) { return [double]::NaN }
    $fail = $points | Where-Object { $_.N -lt $pass.N } | Select-Object -Last 1
    if (-not $fail) { return [double]$pass.N }
    $t = ([math]::Log($fail.TestError) - [math]::Log($Target)) / ([math]::Log($fail.TestError) - [math]::Log($pass.TestError))
    [math]::Exp([math]::Log($fail.N) + $t * ([math]::Log($pass.N) - [math]::Log($fail.N)))
}

# Learning curves that stop at the target: curve c is trained at the grid's sizes within [c.Min, c.Limit] until its test
# MSE is below -Target. Each round is one sweep plan per task and seed holding the curves still running at that n
# (Invoke-Sweep runs their trials in parallel; Slurm gets every plan of the round before the first wait).
function Invoke-Curves($curves, [int[]]$sizes) {
    foreach ($n in $sizes) {
        $running = @($curves | Where-Object { -not $_.Done -and $n -ge $_.Min -and $n -le $_.Limit })
        foreach ($c in $curves | Where-Object { -not $_.Done -and $n -gt $_.Limit }) { $c.Done = $true }
        if ($running.Count -eq 0) { if (@($curves | Where-Object { -not $_.Done }).Count -eq 0) { break } else { continue } }
        $byKey = @{}
        $plans = foreach ($group in $running | Group-Object { "$($_.Data.Generator.Describe()) seed=$($_.Seed)" }) {
            $specs = foreach ($c in $group.Group) { $spec = & $c.Spec $n; $byKey["$($c.Data.Dimension)|$($c.Seed)|$spec"] = $c; $spec }
            New-SweepPlan -Data $group.Group[0].Data -Samples $n -Seed $group.Group[0].Seed -Learner $specs -TestSamples 10000
        }
        foreach ($fit in $plans | Invoke-ExperimentPlan -Backend $Backend -SlurmDirectory $SlurmDirectory) {
            $c = $byKey["$($fit.D)|$($fit.Seed)|$($fit.Learner) $($fit.Settings)"]
            $c.Points.Add((Add-Row $c.Table $c.Name $fit))
            if ($fit.TestError -lt $Target) { $c.Done = $true }
        }
    }
    foreach ($c in $curves) {
        $nStar = Get-Crossing $c.Points
        $last = $c.Points[$c.Points.Count - 1]
        $summary.Add([pscustomobject]@{
            Table = $c.Table; Learner = $c.Name; D = $c.Data.Dimension; Seed = $c.Seed; NStar = [math]::Round($nStar)
            Reached = -not [double]::IsNaN($nStar); LargestN = $last.N; ErrorAtLargestN = $last.TestError
            # Passed at the first n tried: n* is only an upper bound.
            AtFirstN = $c.Points.Count -gt 0 -and $c.Points[0].TestError -lt $Target
        })
    }
}

function New-Curve([string]$table, [string]$name, $data, [int]$seed, [scriptblock]$spec, [int]$limit, [int]$min = 0) {
    @{ Table = $table; Name = $name; Data = $data; Seed = $seed; Spec = $spec; Limit = $limit; Min = $min; Done = $false
        Points = [System.Collections.Generic.List[object]]::new() }
}

# "12 345" (thin groups as in the docs' tables).
function Format-Count([double]$x) { ([math]::Round($x)).ToString('#,0', [Globalization.CultureInfo]::InvariantCulture).Replace(',', ' ') }

# Median n* over the seeds of each (table, learner, d). A seed that did not reach the target is censored at its largest
# n: it sorts above every reached value, and a median that falls on a censored value is reported as "> largest n"
# (with an even number of seeds, the geometric mean of the two middle values, censored if the upper one is).
function Add-Medians([string]$table) {
    foreach ($group in $summary | Where-Object Table -eq $table | Group-Object Learner, D) {
        $cell = @($group.Group)
        $reached = @($cell | Where-Object Reached | Sort-Object NStar)
        $censored = @($cell | Where-Object { -not $_.Reached })
        $limit = if ($censored.Count) { ($censored | Measure-Object LargestN -Minimum).Minimum } else { [double]::NaN }
        $sorted = @($reached | ForEach-Object { [double]$_.NStar }) + @($censored | ForEach-Object { [double]::PositiveInfinity })
        $k = $sorted.Count
        $lower = $sorted[[math]::Floor(($k - 1) / 2)]; $upper = $sorted[[math]::Floor($k / 2)]
        $isCensored = [double]::IsInfinity($upper)
        $median = if (-not $isCensored) { [math]::Sqrt($lower * $upper) } elseif ([double]::IsInfinity($lower)) { $limit } else { [math]::Sqrt($lower * $limit) }
        $min = if ($reached.Count) { [double]$reached[0].NStar } else { [double]::NaN }
        $max = if ($censored.Count) { $limit } elseif ($reached.Count) { [double]$reached[-1].NStar } else { [double]::NaN }
        $errors = @($censored | ForEach-Object { [double]$_.ErrorAtLargestN } | Sort-Object)
        # A value reached at the first n tried is an upper bound (≤); only the smallest values can be.
        $atFirst = @($reached | Where-Object AtFirstN)
        $bound = { param($x) if ($atFirst.Count -and $x -le ($atFirst | Measure-Object NStar -Maximum).Maximum) { '≤ ' } else { '' } }
        $text = if ($isCensored) { "> $(Format-Count $median)" } else { "$(& $bound $median)$(Format-Count $median)" }
        if ($reached.Count -and ($reached.Count -gt 1 -or $censored.Count)) {
            $text += " ($(& $bound $min)$(Format-Count $min)–$(if ($censored.Count) { '> ' })$(Format-Count $max))"
        }
        $text += ", $($reached.Count)/$k"
        if ($errors.Count) { $text += "; MSE at $(Format-Count $limit): $(if ($errors.Count -gt 1) { '{0:F3}–{1:F3}' -f $errors[0], $errors[-1] } else { '{0:F3}' -f $errors[0] })" }
        $medians.Add([pscustomobject]@{
            Table = $table; Learner = $cell[0].Learner; D = $cell[0].D; Seeds = $k; SeedsReached = $reached.Count
            MedianNStar = [math]::Round($median); MedianCensored = $isCensored; MinNStar = [math]::Round($min); MaxNStar = [math]::Round($max)
            MaxCensored = [bool]$censored.Count; CensoredAt = $limit
            MinErrorAtLimit = $(if ($errors.Count) { $errors[0] } else { [double]::NaN }); MaxErrorAtLimit = $(if ($errors.Count) { $errors[-1] } else { [double]::NaN })
            Cell = $text
        })
    }
}

# Least-squares slope of log y on log x.
function Get-Slope($xs, $ys) {
    if (@($xs).Count -lt 2) { return [double]::NaN }
    $lx = @($xs | ForEach-Object { [math]::Log($_) }); $ly = @($ys | ForEach-Object { [math]::Log($_) })
    $mx = ($lx | Measure-Object -Average).Average; $my = ($ly | Measure-Object -Average).Average
    $num = 0; $den = 0
    for ($i = 0; $i -lt $lx.Count; $i++) { $num += ($lx[$i] - $mx) * ($ly[$i] - $my); $den += ($lx[$i] - $mx) * ($lx[$i] - $mx) }
    $num / $den
}

# Slope of the median n* in d (dimensions with an uncensored median), and the range of the per-seed slopes (seeds that
# reached the target at every d).
function Add-Slopes([string]$table) {
    foreach ($group in $medians | Where-Object Table -eq $table | Group-Object Learner) {
        $ok = @($group.Group | Where-Object { -not $_.MedianCensored } | Sort-Object D)
        $seedSlopes = @(foreach ($s in $Seed) {
                $points = @($summary | Where-Object { $_.Table -eq $table -and $_.Learner -eq $group.Name -and $_.Seed -eq $s } | Sort-Object D)
                if ($points.Count -ge 2 -and @($points | Where-Object { -not $_.Reached }).Count -eq 0) { Get-Slope $points.D $points.NStar }
            })
        $slopes.Add([pscustomobject]@{
            Table = $table; Learner = $group.Name; Slope = [math]::Round((Get-Slope $ok.D $ok.MedianNStar), 2); DimensionsReached = $ok.Count
            SeedSlopeMin = $(if ($seedSlopes.Count) { [math]::Round(($seedSlopes | Measure-Object -Minimum).Minimum, 2) } else { [double]::NaN })
            SeedSlopeMax = $(if ($seedSlopes.Count) { [math]::Round(($seedSlopes | Measure-Object -Maximum).Maximum, 2) } else { [double]::NaN })
            SeedsWithSlope = $seedSlopes.Count
        })
    }
}

# The learners of table 1, as specs for n samples.
$learners = [ordered]@{
    TwoPhaseNetwork = { param($n) Invoke-TwoPhaseNetwork -Width $Width -AsSpec }
    # Practical variant: minibatch SGD on both layers with biases, small second-layer init; epochs shrink with n so the
    # number of SGD steps stays near 2e6 samples.
    SgdNetwork = { param($n) Invoke-TwoLayerNet -Hidden 64 -Bias -Algorithm MiniBatch -BatchSize 32 -LearningRate 0.1 `
        -Epochs ([math]::Max(5, [math]::Min(100, [math]::Ceiling(2e6 / $n)))) -SecondLayerInitScale 0.01 -HistoryPoints 2 -MonitorSamples 0 -AsSpec }
    KernelRbf = { param($n) Invoke-KernelRidge -Kernel Rbf -AsSpec }
    KernelPolynomial = { param($n) Invoke-KernelRidge -Kernel Polynomial -Degree $Degree -AsSpec }
    KernelNtk = { param($n) Invoke-KernelRidge -Kernel Ntk -AsSpec }
}

# ---- Table 1: sample complexity ----------------------------------------------------------------------------------
$tableOneLearners = @($learners.Keys | Where-Object { $_ -in $Learner })
if ('SampleComplexity' -in $Table -and $tableOneLearners.Count) {
    $curves = foreach ($d in $Dimensions) {
        foreach ($s in $Seed) {
            $task = New-MultiIndexTask -Dimension $d -Rank $Rank -Degree $Degree -Samples 1 -Seed $s
            foreach ($name in $tableOneLearners) {
                New-Curve 'SampleComplexity' $name $task $s $learners[$name] $(if ($name -like 'Kernel*') { $MaxKernelSamples } else { $MaxSamples })
            }
        }
    }
    Invoke-Curves $curves $grid
    Add-Medians 'SampleComplexity'
    Add-Slopes 'SampleComplexity'
    Write-Host ('Table 1 done at {0:F0} s.' -f $clock.Elapsed.TotalSeconds)
}

# ---- Table 2: alignment after phase 1 against n1 (d = 50, r = 2), beside the signal-to-noise prediction -----------
# Phase 1 gives row j ≈ a_j φ(0) H w_j (+ noise), H = E[∇²f*], w_j uniform on the sphere: signal S = φ(0)²‖H‖²_F/d per
# row. The noise (1/n1)Σ y_i (1{w_j·x_i > 0} − ½) x_i (the ½ part is the linear part removed before the step) has squared
# norm N = E[y²‖x‖²]/(4 n1) ≈ d/(4 n1) (unit-variance labels). docs/multi-index.md: alignment ≈ S/(S + N).
# Refined: the noise is isotropic, so r/d of it lies in span(U); and the He3 part of σ' = 1{u > 0} (coefficient
# −φ(0)/6) adds −(φ(0)/2)(wᵀHw)w to the expected row g. With HP_U = H, ‖P_U g‖² = φ(0)²(‖Hw‖² − (wᵀHw)²) and
# ‖g − P_U g‖² = φ(0)²(wᵀHw)²/4, up to O(r/d) parts; E[(wᵀHw)²] = ((tr H)² + 2‖H‖²_F)/(d(d + 2)) for w uniform on the
# sphere. With T = φ(0)²E[(wᵀHw)²]/4: alignment ≈ (S − 4T + N r/d)/(S − 3T + N).
$alignmentDimension = 50
$phi0 = 1 / [math]::Sqrt(2 * [math]::PI)
# H = 2UᵀAU where the degree-2 part of g is zᵀAz − tr A: a term c·h2(z_i) = c(z_i² − 1)/√2 gives A_ii = c/√2, a term
# c·z_i z_j (i ≠ j) gives A_ij = A_ji = c/2. U has orthonormal rows, so ‖H‖_F = 2‖A‖_F and tr H = 2 tr A.
function Get-HessianNorms($generator) {
    $r = $generator.Rank
    $a = [double[, ]]::new($r, $r)
    foreach ($term in $generator.Terms | Where-Object { $_.Degree -eq 2 }) {
        $idx = @(for ($i = 0; $i -lt $r; $i++) { if ($term.Powers[$i] -gt 0) { $i } })
        if ($idx.Count -eq 1) { $a[$idx[0], $idx[0]] += $term.Coefficient / [math]::Sqrt(2) }
        else { $a[$idx[0], $idx[1]] += $term.Coefficient / 2; $a[$idx[1], $idx[0]] += $term.Coefficient / 2 }
    }
    $frobenius = 0.0; $trace = 0.0
    for ($i = 0; $i -lt $r; $i++) { $trace += 2 * $a[$i, $i]; for ($j = 0; $j -lt $r; $j++) { $frobenius += 4 * $a[$i, $j] * $a[$i, $j] } }
    [pscustomobject]@{ Frobenius2 = $frobenius; Trace = $trace }
}
foreach ($p in $(if ('Alignment' -in $Table) { @($Degree, 2) | Select-Object -Unique })) {
    foreach ($n1 in $AlignmentSamples) {
        foreach ($s in $Seed) {
            $data = New-MultiIndexTask -Dimension $alignmentDimension -Rank $Rank -Degree $p -Samples ($n1 + 4000) -Seed $s
            $h = Get-HessianNorms $data.Generator
            $d = $alignmentDimension
            $signal = $phi0 * $phi0 * $h.Frobenius2 / $d
            $noise = $d / (4.0 * $n1)
            $extra = $phi0 * $phi0 * ($h.Trace * $h.Trace + 2 * $h.Frobenius2) / ($d * ($d + 2)) / 4
            $m = $data | Invoke-TwoPhaseNetwork -Width $Width -FirstPhaseSamples $n1 -Seed $s -TestSamples 10000
            $null = Add-Row 'Alignment' "TwoPhaseNetwork p=$p" $m
            $alignments.Add([pscustomobject]@{
                Degree = $p; D = $d; Rank = $Rank; Seed = $s; FirstPhaseSamples = $n1; HessianFrobenius2 = [math]::Round($h.Frobenius2, 6); HessianTrace = [math]::Round($h.Trace, 6)
                InitialAlignment = [math]::Round($m.InitialAlignment, 4); Alignment = [math]::Round($m.SubspaceAlignment, 4)
                MinPrincipalCosine = [math]::Round($m.MinPrincipalCosine, 4); TestError = [math]::Round($m.TestError, 4)
                Predicted = [math]::Round($signal / ($signal + $noise), 4)
                PredictedRefined = [math]::Round(($signal - 4 * $extra + $noise * $Rank / $d) / ($signal - 3 * $extra + $noise), 4)
            })
        }
    }
}
foreach ($group in $alignments | Group-Object Degree, FirstPhaseSamples) {
    $g = @($group.Group)
    $stat = { param($column) $v = @($g | ForEach-Object { [double]$_.$column }); $mean = ($v | Measure-Object -Average).Average
        $std = if ($v.Count -gt 1) { [math]::Sqrt((($v | ForEach-Object { ($_ - $mean) * ($_ - $mean) }) | Measure-Object -Sum).Sum / ($v.Count - 1)) } else { [double]::NaN }
        , @($mean, $std) }
    $al = & $stat 'Alignment'; $pr = & $stat 'Predicted'; $rf = & $stat 'PredictedRefined'; $cos = & $stat 'MinPrincipalCosine'; $mse = & $stat 'TestError'
    $alignmentSummary.Add([pscustomobject]@{
        Degree = $g[0].Degree; D = $g[0].D; FirstPhaseSamples = $g[0].FirstPhaseSamples; Seeds = $g.Count
        AlignmentMean = [math]::Round($al[0], 4); AlignmentStd = [math]::Round($al[1], 4)
        PredictedMean = [math]::Round($pr[0], 4); PredictedStd = [math]::Round($pr[1], 4)
        PredictedRefinedMean = [math]::Round($rf[0], 4); PredictedRefinedStd = [math]::Round($rf[1], 4)
        MinPrincipalCosineMean = [math]::Round($cos[0], 4); TestErrorMean = [math]::Round($mse[0], 4); TestErrorStd = [math]::Round($mse[1], 4)
        InitialAlignmentMean = [math]::Round((($g | Measure-Object InitialAlignment -Average).Average), 4)
    })
}
if ('Alignment' -in $Table) { Write-Host ('Table 2 done at {0:F0} s.' -f $clock.Elapsed.TotalSeconds) }

# ---- Table 3: transfer -------------------------------------------------------------------------------------------
# TransferHead = ridge on the source net's features (Invoke-TwoPhaseNetwork -Features: Learner TwoPhaseNetwork, Settings
# 'head on learned features ...'), FromScratch = the two-phase net on the second task alone, KernelRbf on the second task.
$transferGrid = @(0..20 | ForEach-Object { [int][math]::Round(50 * [math]::Pow(2, $_ / 2)) })
# The source net is trained only for TransferHead; the second task depends on the source task alone (its U).
$transferLearners = @('TransferHead', 'FromScratch', 'KernelRbf' | Where-Object { $_ -in $Learner })
if ('Transfer' -in $Table -and $transferLearners.Count) {
    $curves = foreach ($d in $Dimensions) {
        foreach ($s in $Seed) {
            $source = New-MultiIndexTask -Dimension $d -Rank $Rank -Degree $Degree -Samples (20 * $d * $d + 8000) -Seed $s
            $second = New-MultiIndexTask -Source $source -Samples 1 -Seed $s
            if ('TransferHead' -in $transferLearners) {
                $features = $source | Invoke-TwoPhaseNetwork -Width $Width -FirstPhaseSamples (20 * $d * $d) -Seed $s -TestSamples 10000
                $null = Add-Row 'TransferSource' 'TwoPhaseNetwork' $features
                $head = Invoke-TwoPhaseNetwork -Features $features -AsSpec
                New-Curve 'Transfer' 'TransferHead' $second $s { param($n) $head }.GetNewClosure() $MaxSamples
            }
            if ('FromScratch' -in $transferLearners) {
                New-Curve 'Transfer' 'FromScratch' $second $s { param($n) Invoke-TwoPhaseNetwork -Width $Width -AsSpec } $MaxSamples 500
            }
            if ('KernelRbf' -in $transferLearners) {
                New-Curve 'Transfer' 'KernelRbf' $second $s { param($n) Invoke-KernelRidge -Kernel Rbf -AsSpec } $MaxKernelSamples
            }
        }
    }
    Invoke-Curves $curves $transferGrid
    Add-Medians 'Transfer'
    Add-Slopes 'Transfer'
}

$csv = Join-Path $OutputDirectory 'MultiIndex.csv'
$rows | Export-Csv -Path $csv -NoTypeInformation
$summary | Export-Csv -Path (Join-Path $OutputDirectory 'MultiIndex-summary.csv') -NoTypeInformation
$medians | Export-Csv -Path (Join-Path $OutputDirectory 'MultiIndex-median.csv') -NoTypeInformation
$slopes | Export-Csv -Path (Join-Path $OutputDirectory 'MultiIndex-slopes.csv') -NoTypeInformation
$alignments | Export-Csv -Path (Join-Path $OutputDirectory 'MultiIndex-alignment.csv') -NoTypeInformation
$alignmentSummary | Export-Csv -Path (Join-Path $OutputDirectory 'MultiIndex-alignment-summary.csv') -NoTypeInformation
$medians | Format-Table Table, Learner, D, Cell -AutoSize | Out-String -Width 200 | Write-Host
$slopes | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
$alignmentSummary | Format-Table Degree, FirstPhaseSamples, Seeds, AlignmentMean, AlignmentStd, PredictedMean, PredictedRefinedMean, MinPrincipalCosineMean, TestErrorMean -AutoSize | Out-String -Width 200 | Write-Host
$xlsx = Join-Path $OutputDirectory 'MultiIndex.xlsx'
# Sheets of the tables that ran (-Table, -Learner): the first one written replaces the workbook, the others are appended.
$sheets = 0
$sampleRows = @($rows | Where-Object Table -eq 'SampleComplexity' | ForEach-Object { $_ | Add-Member -NotePropertyName Series -NotePropertyValue "$($_.Name) d=$($_.D)" -PassThru })
if ($sampleRows.Count) {
    $sampleRows | Export-LearningCurveReport -Path $xlsx -WorksheetName 'SampleComplexity' -X N -Y TestError -Series Series -GroupBy Series -Title 'Multi-index p=3: test MSE vs n' -LogX -LogY -Append:($sheets++ -gt 0)
}
$transferRows = @($rows | Where-Object Table -eq 'Transfer' | ForEach-Object { $_ | Add-Member -NotePropertyName Series -NotePropertyValue "$($_.Name) d=$($_.D)" -PassThru -Force })
if ($transferRows.Count) {
    $transferRows | Export-LearningCurveReport -Path $xlsx -WorksheetName 'Transfer' -X N -Y TestError -Series Series -GroupBy Series -Title 'Transfer to a new head: test MSE vs n2' -LogX -LogY -Append:($sheets++ -gt 0)
}
$reachedRows = @($medians | Where-Object { -not $_.MedianCensored } | Select-Object *, @{ Name = 'Series'; Expression = { "$($_.Table) $($_.Learner)" } })
if ($reachedRows.Count) {
    $reachedRows | Export-LearningCurveReport -Path $xlsx -WorksheetName 'Summary' -X D -Y MedianNStar -Series Series -GroupBy Series -Title "median n* over $($Seed.Count) seeds to reach the target MSE" -LogX -LogY -Append:($sheets++ -gt 0)
    # The picture of the result: median n* against d on log-log axes, one line per learner (slope = exponent of d).
    $reachedRows | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory 'MultiIndex.png') -X D -Y MedianNStar -Series Series -GroupBy Series -LogX -LogY `
        -Title "Multi-index r=$Rank p=${Degree}: median n* ($($Seed.Count) seeds) to reach test MSE $Target"
}
# Alignment after phase 1: measured (mean ± std over the seeds, markers) and the two predictions (lines).
if ($alignments.Count) {
    $curveRows = foreach ($a in $alignments) {
        [pscustomobject]@{ Series = "measured p=$($a.Degree)"; N1 = $a.FirstPhaseSamples; Alignment = $a.Alignment }
        [pscustomobject]@{ Series = "S/(S+N) p=$($a.Degree)"; N1 = $a.FirstPhaseSamples; Alignment = $a.Predicted }
        [pscustomobject]@{ Series = "refined p=$($a.Degree)"; N1 = $a.FirstPhaseSamples; Alignment = $a.PredictedRefined }
    }
    $measuredSeries = @($curveRows.Series | Where-Object { $_ -like 'measured*' } | Select-Object -Unique)
    $predictedSeries = @($curveRows.Series | Where-Object { $_ -notlike 'measured*' } | Select-Object -Unique)
    $curveRows | Export-LearningCurveReport -Path $xlsx -WorksheetName 'Alignment' -X N1 -Y Alignment -Series Series -GroupBy Series -Title 'Alignment with span(U) after phase 1 (d = 50)' -LogX -Append:($sheets++ -gt 0)
    $curveRows | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory 'MultiIndex-alignment.png') -X N1 -Y Alignment -Series Series -GroupBy Series -LogX `
        -MarkerSeries $measuredSeries -LineSeries $predictedSeries -Title "Alignment with span(U) after phase 1, d = $alignmentDimension, r = $Rank, m = $Width ($($Seed.Count) seeds)"
}
Write-Host ('Done in {0:F0} s.' -f $clock.Elapsed.TotalSeconds)
