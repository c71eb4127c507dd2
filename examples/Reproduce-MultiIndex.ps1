<#
.SYNOPSIS
    Multi-index polynomials (Damian, Lee, Soltanolkotabi 2022): sample complexity of a two-phase net, an SGD net and
    kernel ridge over d, the alignment of the first layer with span(U) after phase 1, and transfer to a new head.
.DESCRIPTION
    Task: x ~ N(0, I_d), y = g(Ux), r = 2, degree p = 3, random Hermite head (half of Var f* in degree 2, half in
    degree 3), unit variance, no label noise, so the test MSE is the normalised MSE.

    Table 1 (sample complexity): for d in -Dimensions, each learner is trained at n on a grid with ratio sqrt(2)
    (500 .. -MaxSamples, kernels up to -MaxKernelSamples) until its test MSE is below -Target; n* is the log-log
    interpolation between the last failing and the first passing n. Slopes are least-squares fits of log n* on log d
    over the dimensions where the learner reached the target.
    Table 2 (alignment): fraction of the first layer's squared norm inside span(U) after phase 1 (d = 50, r = 2).
    Table 3 (transfer): features learned on the source task, head refitted by ridge on a second task with the same U and
    a new head; smallest n2 reaching the target vs training from scratch and RBF kernel ridge on the second task.

    Each round of the learning curves (one n, the learners still above the target) is a sweep plan per task, run with
    -Backend Local (all cores), Serial or Slurm (-SlurmDirectory).
    Writes out/MultiIndex.csv (one row per fit: Table, Name, the result row's Learner, Settings, D, N, TestError, ...,
    SubspaceAlignment, InitialAlignment, MinPrincipalCosine), out/MultiIndex-summary.csv, out/MultiIndex.xlsx and out/MultiIndex.png (n* vs d).
.EXAMPLE
    dotnet pwsh -NoProfile -File examples/Reproduce-MultiIndex.ps1 -Quick
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
    [int]$Seed = 1,
    [Alias('OutDirectory', 'OutDir')]
    [string]$OutputDirectory = (Join-Path $PSScriptRoot '../out'),
    # Where the trials run: Local (all cores), Serial (one at a time) or Slurm (-SlurmDirectory on a shared file system).
    [ValidateSet('Local', 'Serial', 'Slurm')]
    [string]$Backend = 'Local',
    [string]$SlurmDirectory,
    # Only d = 16, 32 and smaller grids: a smoke run.
    [switch]$Quick
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
. (Join-Path $PSScriptRoot 'Shared/Invoke-ExperimentPlan.ps1')
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null
if ($Quick) { $Dimensions = @(16, 32); $MaxSamples = 16000; $MaxKernelSamples = 4000 }
$clock = [System.Diagnostics.Stopwatch]::StartNew()

$grid = @(0..20 | ForEach-Object { [int][math]::Round(500 * [math]::Pow(2, $_ / 2)) })
$rows = [System.Collections.Generic.List[object]]::new()
$summary = [System.Collections.Generic.List[object]]::new()    # n* per learner and d (tables 1 and 3)
$slopes = [System.Collections.Generic.List[object]]::new()
$alignments = [System.Collections.Generic.List[object]]::new()

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
    Write-Host ('{0,-16} {1,-16} d={2,-3} n={3,-6} MSE={4:F4} align={5:F3} ({6:F1} s)' -f $table, $name, $row.D, $row.N, $row.TestError, $row.SubspaceAlignment, $row.Seconds)
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
# MSE is below -Target. Each round is one sweep plan per task holding the curves still running at that n (Invoke-Sweep
# runs their trials in parallel; Slurm gets every plan of the round before the first wait).
function Invoke-Curves($curves, [int[]]$sizes) {
    foreach ($n in $sizes) {
        $running = @($curves | Where-Object { -not $_.Done -and $n -ge $_.Min -and $n -le $_.Limit })
        foreach ($c in $curves | Where-Object { -not $_.Done -and $n -gt $_.Limit }) { $c.Done = $true }
        if ($running.Count -eq 0) { if (@($curves | Where-Object { -not $_.Done }).Count -eq 0) { break } else { continue } }
        $byKey = @{}
        $plans = foreach ($group in $running | Group-Object { $_.Data.Generator.Describe() }) {
            $specs = foreach ($c in $group.Group) { $spec = & $c.Spec $n; $byKey["$($c.Data.Dimension)|$spec"] = $c; $spec }
            New-SweepPlan -Data $group.Group[0].Data -Samples $n -Seed $Seed -Learner $specs -TestSamples 10000
        }
        foreach ($fit in $plans | Invoke-ExperimentPlan -Backend $Backend -SlurmDirectory $SlurmDirectory) {
            $c = $byKey["$($fit.D)|$($fit.Learner) $($fit.Settings)"]
            $c.Points.Add((Add-Row $c.Table $c.Name $fit))
            if ($fit.TestError -lt $Target) { $c.Done = $true }
        }
    }
    foreach ($c in $curves) {
        $nStar = Get-Crossing $c.Points
        $last = $c.Points[$c.Points.Count - 1]
        $summary.Add([pscustomobject]@{
            Table = $c.Table; Learner = $c.Name; D = $c.Data.Dimension; NStar = [math]::Round($nStar)
            Reached = -not [double]::IsNaN($nStar); LargestN = $last.N; ErrorAtLargestN = $last.TestError
        })
    }
}

function New-Curve([string]$table, [string]$name, $data, [scriptblock]$spec, [int]$limit, [int]$min = 0) {
    @{ Table = $table; Name = $name; Data = $data; Spec = $spec; Limit = $limit; Min = $min; Done = $false
        Points = [System.Collections.Generic.List[object]]::new() }
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
$curves = foreach ($d in $Dimensions) {
    $task = New-MultiIndexTask -Dimension $d -Rank $Rank -Degree $Degree -Samples 1 -Seed $Seed
    foreach ($name in $learners.Keys) {
        New-Curve 'SampleComplexity' $name $task $learners[$name] $(if ($name -like 'Kernel*') { $MaxKernelSamples } else { $MaxSamples })
    }
}
Invoke-Curves $curves $grid
foreach ($name in $learners.Keys) {
    $reached = @($summary | Where-Object { $_.Table -eq 'SampleComplexity' -and $_.Learner -eq $name -and $_.Reached })
    $slope = [double]::NaN
    if ($reached.Count -ge 2) {
        $xs = $reached | ForEach-Object { [math]::Log($_.D) }; $ys = $reached | ForEach-Object { [math]::Log($_.NStar) }
        $mx = ($xs | Measure-Object -Average).Average; $my = ($ys | Measure-Object -Average).Average
        $num = 0; $den = 0
        for ($i = 0; $i -lt $xs.Count; $i++) { $num += ($xs[$i] - $mx) * ($ys[$i] - $my); $den += ($xs[$i] - $mx) * ($xs[$i] - $mx) }
        $slope = $num / $den
    }
    $slopes.Add([pscustomobject]@{ Learner = $name; Slope = [math]::Round($slope, 2); DimensionsReached = $reached.Count })
}

# ---- Table 2: alignment after phase 1 at the spec's setting (d = 50, r = 2) --------------------------------------
foreach ($n1 in @(5000, 20000, 80000)) {
    if ($Quick -and $n1 -gt 20000) { continue }
    $data = New-MultiIndexTask -Dimension 50 -Rank $Rank -Degree $Degree -Samples ($n1 + 4000) -Seed $Seed
    $m = $data | Invoke-TwoPhaseNetwork -Width $Width -FirstPhaseSamples $n1 -Seed $Seed -TestSamples 10000
    $null = Add-Row 'Alignment' 'TwoPhaseNetwork' $m
    $alignments.Add([pscustomobject]@{ D = 50; Rank = $Rank; FirstPhaseSamples = $n1; InitialAlignment = [math]::Round($m.InitialAlignment, 4)
        Alignment = [math]::Round($m.SubspaceAlignment, 4); MinPrincipalCosine = [math]::Round($m.MinPrincipalCosine, 4); TestError = [math]::Round($m.TestError, 4) })
}

# ---- Table 3: transfer -------------------------------------------------------------------------------------------
# TransferHead = ridge on the source net's features (Invoke-TwoPhaseNetwork -Features: Learner TwoPhaseNetwork, Settings
# 'head on learned features ...'), FromScratch = the two-phase net on the second task alone, KernelRbf on the second task.
$transferGrid = @(0..20 | ForEach-Object { [int][math]::Round(50 * [math]::Pow(2, $_ / 2)) })
$curves = foreach ($d in $Dimensions) {
    $source = New-MultiIndexTask -Dimension $d -Rank $Rank -Degree $Degree -Samples (20 * $d * $d + 8000) -Seed $Seed
    $features = $source | Invoke-TwoPhaseNetwork -Width $Width -FirstPhaseSamples (20 * $d * $d) -Seed $Seed -TestSamples 10000
    $null = Add-Row 'TransferSource' 'TwoPhaseNetwork' $features
    $second = New-MultiIndexTask -Source $source -Samples 1 -Seed $Seed
    $head = Invoke-TwoPhaseNetwork -Features $features -AsSpec
    New-Curve 'Transfer' 'TransferHead' $second { param($n) $head }.GetNewClosure() $MaxSamples
    New-Curve 'Transfer' 'FromScratch' $second { param($n) Invoke-TwoPhaseNetwork -Width $Width -AsSpec } $MaxSamples 500
    New-Curve 'Transfer' 'KernelRbf' $second { param($n) Invoke-KernelRidge -Kernel Rbf -AsSpec } $MaxKernelSamples
}
Invoke-Curves $curves $transferGrid

$csv = Join-Path $OutputDirectory 'MultiIndex.csv'
$rows | Export-Csv -Path $csv -NoTypeInformation
$summary | Export-Csv -Path (Join-Path $OutputDirectory 'MultiIndex-summary.csv') -NoTypeInformation
$slopes | Export-Csv -Path (Join-Path $OutputDirectory 'MultiIndex-slopes.csv') -NoTypeInformation
$alignments | Export-Csv -Path (Join-Path $OutputDirectory 'MultiIndex-alignment.csv') -NoTypeInformation
$summary | Format-Table -AutoSize | Out-String | Write-Host
$slopes | Format-Table -AutoSize | Out-String | Write-Host
$alignments | Format-Table -AutoSize | Out-String | Write-Host
$xlsx = Join-Path $OutputDirectory 'MultiIndex.xlsx'
$rows | Where-Object Table -eq 'SampleComplexity' | ForEach-Object { $_ | Add-Member -NotePropertyName Series -NotePropertyValue "$($_.Name) d=$($_.D)" -PassThru } |
    Export-LearningCurveReport -Path $xlsx -WorksheetName 'SampleComplexity' -X N -Y TestError -Series Series -Title 'Multi-index p=3: test MSE vs n' -LogX -LogY
$rows | Where-Object Table -eq 'Transfer' | ForEach-Object { $_ | Add-Member -NotePropertyName Series -NotePropertyValue "$($_.Name) d=$($_.D)" -PassThru -Force } |
    Export-LearningCurveReport -Path $xlsx -WorksheetName 'Transfer' -X N -Y TestError -Series Series -Title 'Transfer to a new head: test MSE vs n2' -LogX -LogY -Append
$reachedRows = @($summary | Where-Object Reached | Select-Object *, @{ Name = 'Series'; Expression = { "$($_.Table) $($_.Learner)" } })
$reachedRows | Export-LearningCurveReport -Path $xlsx -WorksheetName 'Summary' -X D -Y NStar -Series Series -Title 'n* to reach the target MSE' -LogX -LogY -Append
# The picture of the result: n* against d on log-log axes, one line per learner (slope = exponent of d).
$reachedRows | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory 'MultiIndex.png') -X D -Y NStar -Series Series -LogX -LogY `
    -Title "Multi-index r=$Rank p=${Degree}: samples n* to reach test MSE $Target"
Write-Host ('Done in {0:F0} s.' -f $clock.Elapsed.TotalSeconds)
