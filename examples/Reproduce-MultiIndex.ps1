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

    Writes out/MultiIndex.csv, out/MultiIndex-summary.csv, out/MultiIndex.xlsx and out/MultiIndex.png (n* vs d).
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
    # Only d = 16, 32 and smaller grids: a smoke run in about a minute.
    [switch]$Quick
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null
if ($Quick) { $Dimensions = @(16, 32); $MaxSamples = 16000; $MaxKernelSamples = 4000 }

$grid = @(0..20 | ForEach-Object { [int][math]::Round(500 * [math]::Pow(2, $_ / 2)) })
$rows = [System.Collections.Generic.List[object]]::new()
$summary = [System.Collections.Generic.List[object]]::new()    # n* per learner and d (tables 1 and 3)
$slopes = [System.Collections.Generic.List[object]]::new()
$alignments = [System.Collections.Generic.List[object]]::new()

function Get-Alignment($model, $data) {
    $g = $data.Generator
    $net = $model.Model
    $width = if ($net -is [FeatureLearning.Core.MultiIndex.FeatureNet]) { $net.Width } else { $net.Hidden }
    [FeatureLearning.Core.MultiIndex.SubspaceAlignment]::Fraction($net.W, $width, $data.Dimension, $g.U, $g.Rank)
}

function Add-Row([string]$table, [string]$learner, $model, $data, [int]$n, [double]$alignment = [double]::NaN) {
    $row = [pscustomobject]@{
        Table = $table; Learner = $learner; D = $data.Dimension; N = $n; Seed = $Seed
        TestError = $model.TestError; SubspaceAlignment = $alignment; Seconds = [math]::Round($model.Seconds, 2)
    }
    $rows.Add($row)
    Write-Host ('{0,-16} {1,-24} d={2,-3} n={3,-6} MSE={4:F4} align={5:F3} ({6:F1} s)' -f $table, $learner, $row.D, $n, $row.TestError, $alignment, $row.Seconds)
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

$learners = [ordered]@{
    TwoPhaseNetwork = { param($data) $m = $data | Invoke-TwoPhaseNetwork -Width $Width -Seed $Seed -TestSamples 10000; @{ Model = $m; Align = $m.SubspaceAlignment } }
    # Practical variant: minibatch SGD on both layers with biases, small second-layer init; epochs shrink with n so the
    # number of SGD steps stays near 2e6 samples.
    SgdNetwork = { param($data)
        $epochs = [math]::Max(5, [math]::Min(100, [math]::Ceiling(2e6 / $data.Count)))
        $m = $data | Invoke-TwoLayerNet -Hidden 64 -Bias -Algorithm MiniBatch -BatchSize 32 -LearningRate 0.1 -Epochs $epochs `
            -SecondLayerInitScale 0.01 -HistoryPoints 2 -MonitorSamples 0 -TestSamples 10000 -Seed $Seed
        @{ Model = $m; Align = (Get-Alignment $m $data) } }
    KernelRbf = { param($data) @{ Model = ($data | Invoke-KernelRidge -Kernel Rbf -TestSamples 10000 -Seed $Seed); Align = [double]::NaN } }
    KernelPolynomial = { param($data) @{ Model = ($data | Invoke-KernelRidge -Kernel Polynomial -Degree $Degree -TestSamples 10000 -Seed $Seed); Align = [double]::NaN } }
    KernelNtk = { param($data) @{ Model = ($data | Invoke-KernelRidge -Kernel Ntk -TestSamples 10000 -Seed $Seed); Align = [double]::NaN } }
}

# ---- Table 1: sample complexity ----------------------------------------------------------------------------------
foreach ($d in $Dimensions) {
    $pool = New-MultiIndexTask -Dimension $d -Rank $Rank -Degree $Degree -Samples $MaxSamples -Seed $Seed
    foreach ($name in $learners.Keys) {
        $limit = if ($name -like 'Kernel*') { $MaxKernelSamples } else { $MaxSamples }
        $points = @()
        foreach ($n in $grid | Where-Object { $_ -le $limit }) {
            $data = $pool.Take($n)
            $result = & $learners[$name] $data
            Add-Row 'SampleComplexity' $name $result.Model $data $n $result.Align
            $points += $rows[-1]
            if ($result.Model.TestError -lt $Target) { break }
        }
        $nStar = Get-Crossing $points
        $summary.Add([pscustomobject]@{
            Table = 'SampleComplexity'; Learner = $name; D = $d; NStar = [math]::Round($nStar)
            Reached = -not [double]::IsNaN($nStar); LargestN = $points[-1].N; ErrorAtLargestN = $points[-1].TestError
        })
    }
}
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
    Add-Row 'Alignment' 'TwoPhaseNetwork' $m $data $n1 $m.SubspaceAlignment
    $alignments.Add([pscustomobject]@{ D = 50; Rank = $Rank; FirstPhaseSamples = $n1; InitialAlignment = [math]::Round($m.InitialAlignment, 4)
        Alignment = [math]::Round($m.SubspaceAlignment, 4); MinPrincipalCosine = [math]::Round($m.MinPrincipalCosine, 4); TestError = [math]::Round($m.TestError, 4) })
}

# ---- Table 3: transfer -------------------------------------------------------------------------------------------
$transferGrid = @(0..20 | ForEach-Object { [int][math]::Round(50 * [math]::Pow(2, $_ / 2)) })
foreach ($d in $Dimensions) {
    $source = New-MultiIndexTask -Dimension $d -Rank $Rank -Degree $Degree -Samples (20 * $d * $d + 8000) -Seed $Seed
    $features = $source | Invoke-TwoPhaseNetwork -Width $Width -FirstPhaseSamples (20 * $d * $d) -Seed $Seed -TestSamples 10000
    Add-Row 'TransferSource' 'TwoPhaseNetwork' $features $source $source.Count $features.SubspaceAlignment
    $pool = New-MultiIndexTask -Source $source -Samples $MaxSamples -Seed $Seed
    $transfer = [ordered]@{
        TransferHead = { param($data) $data | Invoke-TwoPhaseNetwork -Features $features -TestSamples 10000 -Seed $Seed }
        FromScratch = { param($data) $data | Invoke-TwoPhaseNetwork -Width $Width -TestSamples 10000 -Seed $Seed }
        KernelRbf = { param($data) $data | Invoke-KernelRidge -Kernel Rbf -TestSamples 10000 -Seed $Seed }
    }
    foreach ($name in $transfer.Keys) {
        $limit = if ($name -like 'Kernel*') { $MaxKernelSamples } else { $MaxSamples }
        $points = @()
        foreach ($n in $transferGrid | Where-Object { $_ -le $limit -and $_ -ge 50 }) {
            if ($name -eq 'FromScratch' -and $n -lt 500) { continue }
            $data = $pool.Take($n)
            $model = & $transfer[$name] $data
            Add-Row 'Transfer' $name $model $data $n
            $points += $rows[-1]
            if ($model.TestError -lt $Target) { break }
        }
        $nStar = Get-Crossing $points
        $summary.Add([pscustomobject]@{
            Table = 'Transfer'; Learner = $name; D = $d; NStar = [math]::Round($nStar)
            Reached = -not [double]::IsNaN($nStar); LargestN = $points[-1].N; ErrorAtLargestN = $points[-1].TestError
        })
    }
}

$csv = Join-Path $OutputDirectory 'MultiIndex.csv'
$rows | Export-Csv -Path $csv -NoTypeInformation
$summary | Export-Csv -Path (Join-Path $OutputDirectory 'MultiIndex-summary.csv') -NoTypeInformation
$slopes | Export-Csv -Path (Join-Path $OutputDirectory 'MultiIndex-slopes.csv') -NoTypeInformation
$alignments | Export-Csv -Path (Join-Path $OutputDirectory 'MultiIndex-alignment.csv') -NoTypeInformation
$summary | Format-Table -AutoSize | Out-String | Write-Host
$slopes | Format-Table -AutoSize | Out-String | Write-Host
$alignments | Format-Table -AutoSize | Out-String | Write-Host
$xlsx = Join-Path $OutputDirectory 'MultiIndex.xlsx'
$rows | Where-Object Table -eq 'SampleComplexity' | ForEach-Object { $_ | Add-Member -NotePropertyName Series -NotePropertyValue "$($_.Learner) d=$($_.D)" -PassThru } |
    Export-LearningCurveReport -Path $xlsx -WorksheetName 'SampleComplexity' -X N -Y TestError -Series Series -Title 'Multi-index p=3: test MSE vs n' -LogX -LogY
$rows | Where-Object Table -eq 'Transfer' | ForEach-Object { $_ | Add-Member -NotePropertyName Series -NotePropertyValue "$($_.Learner) d=$($_.D)" -PassThru -Force } |
    Export-LearningCurveReport -Path $xlsx -WorksheetName 'Transfer' -X N -Y TestError -Series Series -Title 'Transfer to a new head: test MSE vs n2' -LogX -LogY -Append
$reachedRows = @($summary | Where-Object Reached | Select-Object *, @{ Name = 'Series'; Expression = { "$($_.Table) $($_.Learner)" } })
$reachedRows | Export-LearningCurveReport -Path $xlsx -WorksheetName 'Summary' -X D -Y NStar -Series Series -Title 'n* to reach the target MSE' -LogX -LogY -Append
# The picture of the result: n* against d on log-log axes, one line per learner (slope = exponent of d).
$reachedRows | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory 'MultiIndex.png') -X D -Y NStar -Series Series -LogX -LogY `
    -Title "Multi-index r=$Rank p=${Degree}: samples n* to reach test MSE $Target"
