<#
.SYNOPSIS
    Beyond the NTK (Li, Ma, Zhang 2020): on f*(x) = aᵀ|W*x| an over-parametrised two-layer ReLU net trained from a small
    random initialisation goes below the error every kernel keeps with poly(d) samples, and its units align with W*.
.DESCRIPTION
    Task: x ~ N(0, I_d), y = Σ_i a_i |w*_i·x|, a_i = 1/d, W* a random orthogonal matrix, no label noise. Errors are
    reported as d·MSE (Var f* = Σ a_i²(1 − 2/π) = 0.363/d).

    Table 1 (main), for each d in -Dimensions at n = -SampleFactor·d² samples and for each seed in -Seeds (the seed draws
    W*, the training and test samples and the net's initialisation):
      - the wide ReLU net (Invoke-WideReluNetwork, m = max(512, 16d), τ = 0.01) trained by full-batch gradient descent, the
        paper's algorithm (η = -GradientDescentRate, -GradientDescentEpochs steps; at the d in -GradientDescentDimensions
        only, as it costs n·m·d per step), and by Adam (η = 0.002, batch 256, -Epochs epochs), with their alignment (min
        over teacher rows of max_j |cos(w_j, w*_i)|);
      - NTK ridge and NNGP (arc-cosine) ridge, dense, with n capped at -MaxKernelSamples; the ridge ρ (λ = ρn) is the best
        of -RidgeGrid on the first seed's test set (the kernel's most favourable ridge) and is kept for the other seeds;
      - the floors: d·Σa_i²(1 − 3/π) (degree ≥ 4 part: no kernel with n ≪ d⁴ fits it), the degree ≥ 6 part (n ≪ d⁶)
        and the null error d·Var f*.
    The summary gives, per learner and d, the mean, standard deviation (over seeds), smallest and largest d·MSE.
    Table 2 (net vs n): Adam at n = 2d², 4d² at the smaller dimensions, first seed only.
    Table 3 (empirical tangent kernels, d = the first dimension, first seed): ridge with the tangent kernel of a random
    NTK net of width 4096, of the trained net, and of the same net at its initialisation.
    The nets' histories (first seed; d·MSE on fresh samples and alignment vs epoch) show the two stages of the paper's
    analysis: first the error drops to about the kernel floor (the quadratic part), then the units align and it goes below.

    -Learners runs a subset of Table 1 (GradientDescent, Adam, Kernels; all three by default): Table 2 needs Adam, Table 3
    Adam and Kernels. The five-seed GD rows at d = 32 were run alone with -Dimensions 32 -GradientDescentDimensions 32
    -Learners GradientDescent.

    The nets' training histories are part of the result, so the learners are called directly (a sweep plan's rows carry
    no history): each fit returns its result row (FeatureLearning.TrainedModel#<Learner>), the history comes from
    Get-TrainingHistory, the width from the learner's spec (.GetSpec()), the alignments from its diagnostics.
    Writes out/ReluTeacher.csv (Table, Learner, Seed, D, N, Width, Epochs, TestError, the d·MSE columns, alignments,
    Ridge, Seconds, Settings), out/ReluTeacher-summary.csv, out/ReluTeacher-history.csv, out/ReluTeacher.xlsx and
    out/ReluTeacher.png.
.EXAMPLE
    dotnet pwsh -NoProfile -File examples/Reproduce-ReluTeacher.ps1
.EXAMPLE
    dotnet pwsh -NoProfile -c './examples/Reproduce-ReluTeacher.ps1 -Dimensions 16, 32 -Seeds 1, 2, 3, 4, 5'
.EXAMPLE
    dotnet pwsh -NoProfile -File examples/Reproduce-ReluTeacher.ps1 -Quick
#>
[CmdletBinding()]
param(
    [int[]]$Dimensions = @(16, 32, 64),
    [int]$SampleFactor = 8,
    [int]$MaxKernelSamples = 8192,
    # Adam epochs.
    [int]$Epochs = 150,
    # Full-batch GD: steps, learning rate and the dimensions it runs at (a step costs n·m·d: 2 GEMMs over all n samples).
    [int]$GradientDescentEpochs = 2000,
    [double]$GradientDescentRate = 2,
    [int[]]$GradientDescentDimensions = @(16),
    # Which learners of Table 1 to run: full-batch GD (at -GradientDescentDimensions), Adam (with Table 2), the NTK and NNGP
    # ridge. Table 3 (tangent kernels) runs only when both Adam and Kernels are chosen. A subset adds rows to a table
    # without re-running the rest (e.g. -Dimensions 32 -GradientDescentDimensions 32 -Learners GradientDescent).
    [ValidateSet('GradientDescent', 'Adam', 'Kernels')]
    [string[]]$Learners = @('GradientDescent', 'Adam', 'Kernels'),
    [double[]]$RidgeGrid = @(1e-6, 1e-5, 1e-4, 1e-3, 1e-2),
    [Alias('Seed')]
    [int[]]$Seeds = @(1, 2, 3, 4, 5),
    [Alias('OutDirectory', 'OutDir')]
    [string]$OutputDirectory = (Join-Path $PSScriptRoot '../out'),
    # d = 16, 32, two seeds, GD at d = 16 only, shorter training: a smoke run of a few minutes.
    [switch]$Quick
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null
if ($Quick) { $Dimensions = @(16, 32); $Seeds = @(1, 2); $Epochs = 60; $GradientDescentEpochs = 200; $GradientDescentDimensions = @(16); $MaxKernelSamples = 2048; $RidgeGrid = @(1e-5, 1e-3) }
if ($Seeds.Count -lt 1) { throw 'Give at least one seed (-Seeds).' }

$clock = [Diagnostics.Stopwatch]::StartNew()
$rows = [System.Collections.Generic.List[object]]::new()
$history = [System.Collections.Generic.List[object]]::new()
$firstSeed = $Seeds[0]

# $fit is a learner's result row (FeatureLearning.TrainedModel#...); d·MSE columns are the table's unit. Width is read from
# the learner's spec (0 for kernels), Epochs from the wide net's Epochs diagnostic.
function Add-Row([string]$table, [string]$learner, [int]$seed, $data, $fit, [double]$ridge = [double]::NaN) {
    $g = $data.Generator; $d = $data.Dimension
    $spec = $fit.GetSpec()
    $width = if ($spec.PSObject.Properties['Network'] -and $spec.Network) { $spec.Network.Width } elseif ($spec.PSObject.Properties['Width']) { $spec.Width } else { 0 }
    $diagnostic = { param($name) if ($fit.PSObject.Properties[$name]) { $fit.$name } else { [double]::NaN } }
    $row = [pscustomobject]@{
        Table = $table; Learner = $learner; Seed = $seed; D = $d; N = $data.Count; Width = $width; Epochs = $(if ($fit.Learner -eq 'WideReluNetwork') { $fit.Epochs } else { 0 })
        TestError = $fit.TestError; DTestMse = $d * $fit.TestMse; DKernelFloor = $d * $g.KernelFloorMse; DFloorDegree6 = $d * $g.FloorMse(6); DNull = $d * $g.NullMse
        MinAlignment = & $diagnostic 'MinAlignment'; MeanAlignment = & $diagnostic 'MeanAlignment'; AlignedMass = & $diagnostic 'AlignedMass'; Ridge = $ridge
        Seconds = [math]::Round($fit.Seconds, 1); Settings = $fit.Settings
    }
    $rows.Add($row)
    Write-Host ('{0,-13} {1,-16} seed={2,-2} d={3,-3} n={4,-6} d*MSE={5:F5} floor={6:F4} minCos={7:F3} ({8:F1} s)' -f $table, $learner, $seed, $d, $row.N, $row.DTestMse, $row.DKernelFloor, $row.MinAlignment, $row.Seconds)
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

$adam = @{ Algorithm = 'Adam'; LearningRate = 0.002; InitScale = 0.01; BatchSize = 256; HistoryPoints = 30; TestSamples = 10000 }
# Full-batch GD from the same small initialisation at one constant η: the paper's two stages are phases of its analysis
# (order 0 and 2 learned first, then the units align), which this run goes through by itself (see the history).
$gd = @{ Algorithm = 'GradientDescent'; LearningRate = $GradientDescentRate; InitScale = 0.01; HistoryPoints = 40; TestSamples = 10000 }

foreach ($d in $Dimensions) {
    $n = $SampleFactor * $d * $d
    $width = [math]::Max(512, 16 * $d)
    $bestRho = @{}
    foreach ($seed in $Seeds) {
        $pool = New-AbsTeacherTask -Dimension $d -Samples $n -Seed $seed

        # ---- Table 1: the wide net at n = SampleFactor·d², full-batch GD and Adam ------------------------------------
        if ($Learners -contains 'GradientDescent' -and $GradientDescentDimensions -contains $d) {
            $fit = $pool | Invoke-WideReluNetwork -Width $width -Epochs $GradientDescentEpochs -Seed $seed @gd
            Add-Row 'Main' 'WideReluNet GD' $seed $pool $fit
            if ($seed -eq $firstSeed) { Add-History 'GD' $pool $fit }
        }
        if ($Learners -contains 'Adam') {
            $fit = $pool | Invoke-WideReluNetwork -Width $width -Epochs $Epochs -Seed $seed @adam
            Add-Row 'Main' 'WideReluNet Adam' $seed $pool $fit
            if ($seed -eq $firstSeed) { Add-History 'Adam' $pool $fit }
        }

        if ($Learners -contains 'Kernels') {
            # ---- Table 1: NTK and NNGP ridge (dense: n capped); ρ is the best of the grid on the first seed, then kept ------
            $kernelData = $pool.Take([math]::Min($n, $MaxKernelSamples))
            foreach ($kernel in 'Ntk', 'ArcCosine') {
                $grid = if ($bestRho.ContainsKey($kernel)) { @($bestRho[$kernel]) } else { $RidgeGrid }
                $best = $null; $rhoOfBest = [double]::NaN
                foreach ($rho in $grid) {
                    $k = $kernelData | Invoke-KernelRidge -Kernel $kernel -Ridge ($rho * $kernelData.Count) -TestSamples 10000 -Seed $seed
                    if ($null -eq $best -or $k.TestMse -lt $best.TestMse) { $best = $k; $rhoOfBest = $rho }
                }
                $bestRho[$kernel] = $rhoOfBest
                $label = if ($kernel -eq 'Ntk') { 'NtkRidge' } else { 'NngpRidge' }
                Add-Row 'Main' $label $seed $kernelData $best $rhoOfBest
                $rows[-1].Settings += if ($grid.Count -gt 1) { " (rho=$rhoOfBest, best of $($RidgeGrid -join ', '))" } else { " (rho=$rhoOfBest, chosen on seed $firstSeed)" }
            }
        }
    }

    # ---- Table 2: Adam at smaller n (the smaller dimensions, first seed only: d = 64 costs minutes per run) ---------------
    if ($d -le 32 -and $Learners -contains 'Adam') {
        $pool = New-AbsTeacherTask -Dimension $d -Samples $n -Seed $firstSeed
        foreach ($factor in 2, 4) {
            if ($factor -ge $SampleFactor) { continue }
            $data = $pool.Take($factor * $d * $d)
            $fit = $data | Invoke-WideReluNetwork -Width $width -Epochs ([math]::Ceiling($Epochs * $SampleFactor / $factor)) -Seed $firstSeed @adam
            Add-Row 'NetVsN' 'WideReluNet Adam' $firstSeed $data $fit
            Add-History 'Adam' $data $fit
        }
    }
}

# ---- Summary of Table 1 over the seeds: mean, standard deviation (n − 1), smallest and largest d·MSE ----------------------
$summary = foreach ($group in $rows | Where-Object Table -eq 'Main' | Group-Object D, Learner) {
    $g = @($group.Group)
    $stats = $g | Measure-Object DTestMse -Average -StandardDeviation -Minimum -Maximum
    $align = $g | Measure-Object MinAlignment -Average -Minimum
    [pscustomobject]@{
        Learner = $g[0].Learner; D = $g[0].D; N = $g[0].N; Width = $g[0].Width; Epochs = $g[0].Epochs; Seeds = $g.Count
        MeanDTestMse = $stats.Average; StdDTestMse = $(if ($g.Count -gt 1) { $stats.StandardDeviation } else { [double]::NaN })
        MinDTestMse = $stats.Minimum; MaxDTestMse = $stats.Maximum
        MeanMinAlignment = $align.Average; LowestMinAlignment = $align.Minimum; Ridge = $g[0].Ridge
        DKernelFloor = $g[0].DKernelFloor; DFloorDegree6 = $g[0].DFloorDegree6; DNull = $g[0].DNull
        MeanSeconds = [math]::Round(($g | Measure-Object Seconds -Average).Average, 1)
    }
}

# ---- Table 3: the empirical tangent kernel at the first d, first seed (Invoke-TangentKernelRidge) ----------------------------
# A random NTK net of width 4096 at the closed-form NTK's ridge, the trained net's own kernel, and the same net's kernel
# at its initialisation (ridge chosen on a validation split for the last two).
if ($Learners -contains 'Adam' -and $Learners -contains 'Kernels') {
    $d = $Dimensions[0]
    $pool = New-AbsTeacherTask -Dimension $d -Samples ($SampleFactor * $d * $d) -Seed $firstSeed
    $ntkRidge = ($rows | Where-Object { $_.Table -eq 'Main' -and $_.Learner -eq 'NtkRidge' -and $_.D -eq $d -and $_.Seed -eq $firstSeed }).Ridge
    $trained = $pool | Invoke-WideReluNetwork -Width ([math]::Max(512, 16 * $d)) -Epochs $Epochs -Seed $firstSeed @adam -HistoryPoints 1
    $initial = $pool | Invoke-WideReluNetwork -Width ([math]::Max(512, 16 * $d)) -Epochs 0 -Seed $firstSeed @adam -HistoryPoints 1
    $kernels = [ordered]@{
        'TangentKernel random m=4096' = { $pool | Invoke-TangentKernelRidge -Width 4096 -Ridge ($ntkRidge * $pool.Count) -TestSamples 10000 -Seed $firstSeed }
        'TangentKernel trained net' = { $pool | Invoke-TangentKernelRidge -Network $trained -TestSamples 10000 -Seed $firstSeed }
        'TangentKernel net at init' = { $pool | Invoke-TangentKernelRidge -Network $initial -TestSamples 10000 -Seed $firstSeed }
    }
    foreach ($name in $kernels.Keys) {
        $k = & $kernels[$name]
        Add-Row 'TangentKernel' $name $firstSeed $pool $k ($k.GetModel().Ridge / $pool.Count)
    }
}

# ---- Outputs ------------------------------------------------------------------------------------------------------------
$csv = Join-Path $OutputDirectory 'ReluTeacher.csv'
$rows | Export-Csv -Path $csv -NoTypeInformation
$summary | Export-Csv -Path (Join-Path $OutputDirectory 'ReluTeacher-summary.csv') -NoTypeInformation
$history | Export-Csv -Path (Join-Path $OutputDirectory 'ReluTeacher-history.csv') -NoTypeInformation
$xlsx = Join-Path $OutputDirectory 'ReluTeacher.xlsx'
$summary | Export-LearningCurveReport -Path $xlsx -WorksheetName 'Main' -X D -Y MeanDTestMse -Series Learner `
    -Title "d·test MSE at n = 8d², mean over $($Seeds.Count) seeds: nets vs kernels" -LogX -LogY
$adamRows = @($rows | Where-Object { $_.Learner -eq 'WideReluNet Adam' -and $_.Seed -eq $firstSeed })
if ($adamRows.Count -gt 0) {
    $adamRows | Select-Object *, @{ n = 'Series'; e = { "d=$($_.D)" } } |
        Export-LearningCurveReport -Path $xlsx -WorksheetName 'NetVsN' -X N -Y DTestMse -Series Series -Title 'Net (Adam): d·test MSE vs n' -LogX -LogY -Append
}
$history | Export-LearningCurveReport -Path $xlsx -WorksheetName 'Training' -X Epoch -Y DMonitorMse -Series Series `
    -Title 'd·MSE on fresh samples during training (kernel floor 0.0451)' -LogY -Append
# The plot: the runs at n = SampleFactor·d² against the kernel floor (a line), on log axes.
$main = @($history | Where-Object { $_.N -eq $SampleFactor * $_.D * $_.D -and $_.Epoch -gt 0 })
$lastEpoch = ($main | Measure-Object Epoch -Maximum).Maximum
$floor = foreach ($e in 1, $lastEpoch) { [pscustomobject]@{ Series = 'kernel floor d·Σa²(1−3/π)'; Epoch = $e; DMonitorMse = $main[0].DKernelFloor } }
@($main) + @($floor) | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory 'ReluTeacher.png') -X Epoch -Y DMonitorMse -Series Series `
    -Title 'Wide ReLU net on a^T|W*x|, n = 8d^2: d*MSE on fresh samples vs epoch (GD: steps)' -LogX -LogY -LineSeries 'kernel floor d·Σa²(1−3/π)' -Width 1000 -Height 600

Write-Host ''
Write-Host "Table 1: d·test MSE at n = SampleFactor·d² over seeds $($Seeds -join ', ') (kernels at min(n, MaxKernelSamples))"
$summary | Sort-Object D, Learner | Format-Table Learner, D, N, Width, Epochs, Seeds, @{ n = 'mean d·MSE'; e = { '{0:F5}' -f $_.MeanDTestMse } },
    @{ n = 'std'; e = { '{0:F5}' -f $_.StdDTestMse } }, @{ n = 'min'; e = { '{0:F5}' -f $_.MinDTestMse } }, @{ n = 'max'; e = { '{0:F5}' -f $_.MaxDTestMse } },
    @{ n = 'floor≥4'; e = { '{0:F4}' -f $_.DKernelFloor } }, @{ n = 'floor≥6'; e = { '{0:F4}' -f $_.DFloorDegree6 } }, @{ n = 'null'; e = { '{0:F4}' -f $_.DNull } },
    @{ n = 'minCos mean (lowest)'; e = { '{0:F3} ({1:F3})' -f $_.MeanMinAlignment, $_.LowestMinAlignment } }, @{ n = 'rho'; e = { '{0:G2}' -f $_.Ridge } },
    MeanSeconds | Out-String -Width 220 | Write-Host
Write-Host 'Table 1, every seed'
$rows | Where-Object Table -eq 'Main' | Format-Table Learner, Seed, D, N, @{ n = 'd·MSE'; e = { '{0:F5}' -f $_.DTestMse } },
    @{ n = 'minCos'; e = { '{0:F3}' -f $_.MinAlignment } }, @{ n = 'mass'; e = { '{0:F2}' -f $_.AlignedMass } }, Seconds | Out-String -Width 200 | Write-Host
Write-Host "Tables 2 and 3 (seed $firstSeed): Adam at other n, empirical tangent kernels"
$rows | Where-Object Table -ne 'Main' | Format-Table Table, Learner, D, N, Epochs, @{ n = 'd·MSE'; e = { '{0:F5}' -f $_.DTestMse } },
    @{ n = 'minCos'; e = { '{0:F3}' -f $_.MinAlignment } }, @{ n = 'mass'; e = { '{0:F2}' -f $_.AlignedMass } }, Seconds, Settings | Out-String -Width 200 | Write-Host
Write-Host ('Wrote {0}, {1} and the PNG in {2:F0} s.' -f $csv, $xlsx, $clock.Elapsed.TotalSeconds)
