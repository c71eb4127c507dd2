<#
.SYNOPSIS
    Beyond the NTK (Li, Ma, Zhang 2020): on f*(x) = aᵀ|W*x| an over-parametrised two-layer ReLU net trained from a small
    random initialisation goes below the error every kernel keeps with poly(d) samples, and its units align with W*.
.DESCRIPTION
    Task: x ~ N(0, I_d), y = Σ_i a_i |w*_i·x|, a_i = 1/d, W* a random orthogonal matrix, no label noise. Errors are
    reported as d·MSE (Var f* = Σ a_i²(1 − 2/π) = 0.363/d).

    Table 1 (main): for each d in -Dimensions at n = -SampleFactor·d² samples:
      - the wide ReLU net (Invoke-WideReluNetwork; m = max(512, 16d), Adam, η = 0.002, τ = 0.01, batch 256) and its
        alignment (min over teacher rows of max_j |cos(w_j, w*_i)|);
      - NTK ridge and NNGP (arc-cosine) ridge at the best ridge of a grid (chosen on the test set: the kernel's most
        favourable ridge), with n capped at -MaxKernelSamples (dense kernels);
      - the floors: d·Σa_i²(1 − 3/π) (degree ≥ 4 part: no kernel with n ≪ d⁴ fits it), the degree ≥ 6 part (n ≪ d⁶)
        and the null error d·Var f*.
    Table 2 (net vs n): the net at n = 2d², 4d² at the smaller dimensions (the main table gives 8d²).
    Table 3 (the paper's algorithm): full-batch gradient descent, η = 2, τ = 0.01, at d = 16, and its history.
    Table 4 (empirical tangent kernels, d = 16): ridge with the tangent kernel of a random NTK net of width 4096, of the
    trained net, and of the same net at its initialisation.
    Every net's history (d·MSE on fresh samples and alignment vs epoch) shows the two stages: first the error drops to
    about the kernel floor (the quadratic part), then the units align and the error goes below it.

    One seed, and the nets' training histories are part of the result, so the learners are called directly (a sweep
    plan's rows carry no history): each fit returns its result row (FeatureLearning.TrainedModel#<Learner>), the history
    comes from Get-TrainingHistory, the width from the learner's spec (.GetSpec()), the alignments from its diagnostics.
    Writes out/ReluTeacher.csv (Table, Learner, D, N, Width, Epochs, TestError, the d·MSE columns, alignments, Ridge,
    Seconds, Settings), out/ReluTeacher-history.csv, out/ReluTeacher.xlsx and out/ReluTeacher.png.
.EXAMPLE
    dotnet pwsh -NoProfile -File examples/Reproduce-ReluTeacher.ps1
.EXAMPLE
    dotnet pwsh -NoProfile -File examples/Reproduce-ReluTeacher.ps1 -Quick
#>
[CmdletBinding()]
param(
    [int[]]$Dimensions = @(16, 32, 64),
    [int]$SampleFactor = 8,
    [int]$MaxKernelSamples = 8192,
    [int]$Epochs = 150,
    [int]$GradientDescentEpochs = 2000,
    [double[]]$RidgeGrid = @(1e-6, 1e-5, 1e-4, 1e-3, 1e-2),
    [int]$Seed = 1,
    [Alias('OutDirectory', 'OutDir')]
    [string]$OutputDirectory = (Join-Path $PSScriptRoot '../out'),
    # d = 16, 32 only, shorter training: a smoke run of about two minutes.
    [switch]$Quick
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null
if ($Quick) { $Dimensions = @(16, 32); $Epochs = 60; $GradientDescentEpochs = 400; $MaxKernelSamples = 2048; $RidgeGrid = @(1e-5, 1e-3) }

$clock = [Diagnostics.Stopwatch]::StartNew()
$rows = [System.Collections.Generic.List[object]]::new()
$history = [System.Collections.Generic.List[object]]::new()

# $fit is a learner's result row (FeatureLearning.TrainedModel#...); d·MSE columns are the table's unit. Width is read from
# the learner's spec (0 for kernels), Epochs from the wide net's Epochs diagnostic.
function Add-Row([string]$table, [string]$learner, $data, $fit, [double]$ridge = [double]::NaN) {
    $g = $data.Generator; $d = $data.Dimension
    $spec = $fit.GetSpec()
    $width = if ($spec.PSObject.Properties['Network'] -and $spec.Network) { $spec.Network.Width } elseif ($spec.PSObject.Properties['Width']) { $spec.Width } else { 0 }
    $diagnostic = { param($name) if ($fit.PSObject.Properties[$name]) { $fit.$name } else { [double]::NaN } }
    $row = [pscustomobject]@{
        Table = $table; Learner = $learner; D = $d; N = $data.Count; Width = $width; Epochs = $(if ($fit.Learner -eq 'WideReluNetwork') { $fit.Epochs } else { 0 })
        TestError = $fit.TestError; DTestMse = $d * $fit.TestMse; DKernelFloor = $d * $g.KernelFloorMse; DFloorDegree6 = $d * $g.FloorMse(6); DNull = $d * $g.NullMse
        MinAlignment = & $diagnostic 'MinAlignment'; MeanAlignment = & $diagnostic 'MeanAlignment'; AlignedMass = & $diagnostic 'AlignedMass'; Ridge = $ridge
        Seconds = [math]::Round($fit.Seconds, 1); Settings = $fit.Settings
    }
    $rows.Add($row)
    Write-Host ('{0,-10} {1,-16} d={2,-3} n={3,-6} d*MSE={4:F5} floor={5:F4} null={6:F4} minCos={7:F3} ({8:F1} s)' -f $table, $learner, $d, $row.N, $row.DTestMse, $row.DKernelFloor, $row.DNull, $row.MinAlignment, $row.Seconds)
}

# The wide net's history (Get-TrainingHistory: Step, Epoch, TrainMse, TestMse on fresh monitor samples, alignments) in d·MSE.
function Add-History([string]$learner, $data, $fit) {
    $d = $data.Dimension
    foreach ($p in $fit | Get-TrainingHistory) {
        $history.Add([pscustomobject]@{
            Series = "$learner d=$d n=$($data.Count)"; Learner = $learner; D = $d; N = $data.Count; Epoch = $p.Epoch; Step = $p.Step
            DTrainMse = $d * $p.TrainMse; DMonitorMse = $d * $p.TestMse; MinAlignment = $p.MinAlignment; MeanAlignment = $p.MeanAlignment
            AlignedMass = $p.AlignedMass; DKernelFloor = $d * $data.Generator.KernelFloorMse
        })
    }
}

$net = @{ Algorithm = 'Adam'; LearningRate = 0.002; InitScale = 0.01; BatchSize = 256; HistoryPoints = 30; TestSamples = 10000; Seed = $Seed }

foreach ($d in $Dimensions) {
    $n = $SampleFactor * $d * $d
    $width = [math]::Max(512, 16 * $d)
    $pool = New-AbsTeacherTask -Dimension $d -Samples $n -Seed $Seed

    # ---- Table 1: the wide net at n = SampleFactor·d² ---------------------------------------------------------------
    $fit = $pool | Invoke-WideReluNetwork -Width $width -Epochs $Epochs @net
    Add-Row 'Main' 'WideReluNet' $pool $fit
    Add-History 'Adam' $pool $fit

    # ---- Table 1: NTK and NNGP ridge at the best ridge of the grid (dense: n capped) ----------------------------------
    $kernelData = $pool.Take([math]::Min($n, $MaxKernelSamples))
    foreach ($kernel in 'Ntk', 'ArcCosine') {
        $best = $null; $bestRidge = [double]::NaN
        foreach ($rho in $RidgeGrid) {
            $k = $kernelData | Invoke-KernelRidge -Kernel $kernel -Ridge ($rho * $kernelData.Count) -TestSamples 10000 -Seed $Seed
            if ($null -eq $best -or $k.TestMse -lt $best.TestMse) { $best = $k; $bestRidge = $rho }
        }
        $label = if ($kernel -eq 'Ntk') { 'NtkRidge' } else { 'NngpRidge' }
        Add-Row 'Main' $label $kernelData $best $bestRidge
        $rows[-1].Settings += " (rho=$bestRidge, best of $($RidgeGrid -join ', '))"
    }

    # ---- Table 2: the net at smaller n (the smaller dimensions only: d = 64 costs minutes per run) -------------------
    if ($d -le 32) {
        foreach ($factor in 2, 4) {
            if ($factor -ge $SampleFactor) { continue }
            $data = $pool.Take($factor * $d * $d)
            $fit = $data | Invoke-WideReluNetwork -Width $width -Epochs ([math]::Ceiling($Epochs * $SampleFactor / $factor)) @net
            Add-Row 'NetVsN' 'WideReluNet' $data $fit
            Add-History 'Adam' $data $fit
        }
    }
}

# ---- Table 3: full-batch gradient descent (the paper's algorithm) at d = 16 -------------------------------------------
$d = $Dimensions[0]
$pool = New-AbsTeacherTask -Dimension $d -Samples ($SampleFactor * $d * $d) -Seed $Seed
$gd = $pool | Invoke-WideReluNetwork -Width ([math]::Max(512, 16 * $d)) -Algorithm GradientDescent -LearningRate 2 -InitScale 0.01 `
    -Epochs $GradientDescentEpochs -HistoryPoints 40 -TestSamples 10000 -Seed $Seed
Add-Row 'GradientDescent' 'WideReluNet' $pool $gd
Add-History 'GD' $pool $gd

# ---- Table 4: the empirical tangent kernel at d = 16 (Invoke-TangentKernelRidge) -----------------------------------------
# A random NTK net of width 4096 at the closed-form NTK's best ridge, the trained net's own kernel, and the same net's kernel
# at its initialisation (ridge chosen on a validation split for the last two).
$pool = New-AbsTeacherTask -Dimension $d -Samples ($SampleFactor * $d * $d) -Seed $Seed
$bestNtk = $rows | Where-Object { $_.Table -eq 'Main' -and $_.Learner -eq 'NtkRidge' -and $_.D -eq $d }
$trained = $pool | Invoke-WideReluNetwork -Width ([math]::Max(512, 16 * $d)) -Epochs $Epochs -HistoryPoints 1 @net
$initial = $pool | Invoke-WideReluNetwork -Width ([math]::Max(512, 16 * $d)) -Epochs 0 -HistoryPoints 1 @net
$kernels = [ordered]@{
    'TangentKernel random m=4096' = { $pool | Invoke-TangentKernelRidge -Width 4096 -Ridge ($bestNtk.Ridge * $pool.Count) -TestSamples 10000 -Seed $Seed }
    'TangentKernel trained net' = { $pool | Invoke-TangentKernelRidge -Network $trained -TestSamples 10000 -Seed $Seed }
    'TangentKernel net at init' = { $pool | Invoke-TangentKernelRidge -Network $initial -TestSamples 10000 -Seed $Seed }
}
foreach ($name in $kernels.Keys) {
    $k = & $kernels[$name]
    Add-Row 'TangentKernel' $name $pool $k ($k.GetModel().Ridge / $pool.Count)
}

# ---- Outputs ------------------------------------------------------------------------------------------------------------
$csv = Join-Path $OutputDirectory 'ReluTeacher.csv'
$rows | Export-Csv -Path $csv -NoTypeInformation
$history | Export-Csv -Path (Join-Path $OutputDirectory 'ReluTeacher-history.csv') -NoTypeInformation
$xlsx = Join-Path $OutputDirectory 'ReluTeacher.xlsx'
$rows | Where-Object Table -eq 'Main' | Export-LearningCurveReport -Path $xlsx -WorksheetName 'Main' -X D -Y DTestMse -Series Learner `
    -Title 'd·test MSE at n = 8d²: net vs kernels' -LogX -LogY
$rows | Where-Object { $_.Learner -eq 'WideReluNet' -and $_.Table -ne 'GradientDescent' } |
    Select-Object *, @{ n = 'Series'; e = { "d=$($_.D)" } } |
    Export-LearningCurveReport -Path $xlsx -WorksheetName 'NetVsN' -X N -Y DTestMse -Series Series -Title 'Net: d·test MSE vs n' -LogX -LogY -Append
$history | Export-LearningCurveReport -Path $xlsx -WorksheetName 'Training' -X Epoch -Y DMonitorMse -Series Series `
    -Title 'd·MSE on fresh samples during training (kernel floor 0.0451)' -LogY -Append
# The plot: the runs at n = SampleFactor·d² against the kernel floor (a line), on log axes.
$main = @($history | Where-Object { $_.N -eq $SampleFactor * $_.D * $_.D -and $_.Epoch -gt 0 })
$lastEpoch = ($main | Measure-Object Epoch -Maximum).Maximum
$floor = foreach ($e in 1, $lastEpoch) { [pscustomobject]@{ Series = 'kernel floor d·Σa²(1−3/π)'; Epoch = $e; DMonitorMse = $main[0].DKernelFloor } }
@($main) + @($floor) | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory 'ReluTeacher.png') -X Epoch -Y DMonitorMse -Series Series `
    -Title 'Wide ReLU net on a^T|W*x|, n = 8d^2: d*MSE on fresh samples vs epoch' -LogX -LogY -LineSeries 'kernel floor d·Σa²(1−3/π)' -Width 1000 -Height 600

Write-Host ''
Write-Host 'Table 1: d·test MSE at n = SampleFactor·d² (kernels at min(n, MaxKernelSamples))'
$rows | Where-Object Table -eq 'Main' | Format-Table Learner, D, N, Width, Epochs, @{ n = 'd·MSE'; e = { '{0:F5}' -f $_.DTestMse } },
    @{ n = 'floor≥4'; e = { '{0:F4}' -f $_.DKernelFloor } }, @{ n = 'floor≥6'; e = { '{0:F4}' -f $_.DFloorDegree6 } },
    @{ n = 'null'; e = { '{0:F4}' -f $_.DNull } }, @{ n = 'minCos'; e = { '{0:F3}' -f $_.MinAlignment } }, @{ n = 'rho'; e = { '{0:G2}' -f $_.Ridge } },
    Seconds | Out-String -Width 200 | Write-Host
Write-Host 'Tables 2, 3 and 4: the net at other n, full-batch GD, empirical tangent kernels'
$rows | Where-Object Table -ne 'Main' | Format-Table Table, D, N, Epochs, @{ n = 'd·MSE'; e = { '{0:F5}' -f $_.DTestMse } },
    @{ n = 'minCos'; e = { '{0:F3}' -f $_.MinAlignment } }, @{ n = 'mass'; e = { '{0:F2}' -f $_.AlignedMass } }, Seconds, Settings | Out-String -Width 200 | Write-Host
Write-Host ('Wrote {0}, {1} and the PNG in {2:F0} s.' -f $csv, $xlsx, $clock.Elapsed.TotalSeconds)
