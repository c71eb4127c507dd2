<#
.SYNOPSIS
    Finite-size study of the kernel claim of the XOR Gaussian-mixture paper (Refinetti et al., ICML 2021): how the test
    error of kernel ridge (RBF and NTK) and random features at fixed alpha = n/d moves with d, at the best ridge of a grid
    and at the automatically validated ridge, beside the two-layer net and the Bayes error.
.DESCRIPTION
    XOR mixture with snr 4 (Bayes error 0.1449), alpha in {5, 10, 20}, d in {100, 200, 500, 1000, 2000}, seeds 0..4, a
    fresh test set of 2000 samples per seed. For every (d, alpha) cell:
    - kernel ridge with the RBF kernel (median-heuristic width) and the NTK kernel of a two-layer ReLU net, through
      Measure-RidgePath over the relative grid lambda = rho * n (-RelativeRidge), plus the ridge the learner validates
      itself (-IncludeValidated: Compare-Learner's default figure). Dense (exact) up to n = -DenseLimit, Nystrom with
      -Centers centres above;
    - random features, P = 2d ReLU features, over -RandomFeaturesRelativeRidge plus its validated ridge, up to
      d = -RandomFeaturesPathMaxDimension (refitted per ridge: a full fit each); above it only its validated ridge;
    - the two-layer net with the task's comparison settings (K = 4 ReLU, SGD, eta = 0.5, t = 200).
    -Kernel narrows the kernels, -CachedOnly only assembles cells already computed (a study run in parts, with fewer
    seeds or kernels where the compute budget ran short). The training rows and test set of each n and seed are those Compare-Learner draws. Each cell's rows are written to
    <OutputDirectory>/KernelFiniteSize-cells/ as soon as it finishes and reused by a later run with the same settings
    (so a long study can be run in parts); -Force recomputes them. Writes KernelFiniteSize.csv (every row),
    KernelFiniteSize-summary.csv (mean, std, min and max over seeds per learner, ridge choice, alpha and d, with the
    winning ridges), KernelFiniteSize-ridge.csv (the mean error at every grid ridge), KernelFiniteSize.xlsx (a sheet and chart per alpha) and KernelFiniteSize-alpha<alpha>.png (test
    error against d, log x, with the Bayes error).
.EXAMPLE
    ./examples/Reproduce-KernelFiniteSize.ps1
.EXAMPLE
    ./examples/Reproduce-KernelFiniteSize.ps1 -Dimension 100, 200 -Seed 0 -OutputDirectory /tmp/pilot
    A pilot at small d, to see where the best ridge falls in the grid before the full run.
.EXAMPLE
    ./examples/Reproduce-KernelFiniteSize.ps1 -Quick -OutputDirectory /tmp/fl
#>
[CmdletBinding()]
param(
    [string]$OutputDirectory = (Join-Path $PSScriptRoot '../out'),
    [int[]]$Dimension = @(100, 200, 500, 1000, 2000),
    [double[]]$Alpha = @(5, 10, 20),
    [int[]]$Seed = @(0, 1, 2, 3, 4),
    [double]$Snr = 4,
    [int]$TestSamples = 2000,
    # lambda = rho * n for the kernels (the convention of the automatic ridge search, whose grid is 1e-6 ... 1).
    [double[]]$RelativeRidge = @(1e-10, 1e-8, 1e-6, 1e-4, 1e-2),
    [double[]]$RandomFeaturesRelativeRidge = @(1e-8, 1e-6, 1e-4, 1e-2),
    [int]$DenseLimit = 5000,
    [int]$Centers = 4000,
    [int]$RandomFeaturesPathMaxDimension = 500,
    # Leave random features out above this d (their P x P normal equations cost n P^2).
    [int]$RandomFeaturesMaxDimension = 2000,
    # Seeds for d >= -ReducedSeedFromDimension (the costly cells), when the compute budget does not allow -Seed there.
    [int[]]$ReducedSeed,
    [int]$ReducedSeedFromDimension = [int]::MaxValue,
    [ValidateSet('Rbf', 'Ntk')]
    [string[]]$Kernel = @('Rbf', 'Ntk'),
    # Recompute cells whose rows are already in the cells folder.
    [switch]$Force,
    # Run nothing: build the CSV, summary, workbook and charts from the cells already on disk (missing cells are left out).
    [switch]$CachedOnly,
    # A small, fast version (d = 40, 80, two alphas, one seed, three ridges) for smoke tests.
    [switch]$Quick
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
if ($Quick) {
    $Dimension = @(40, 80); $Alpha = @(5, 10); $Seed = @(0); $TestSamples = 500
    $RelativeRidge = @(1e-3, 0.1, 10); $RandomFeaturesRelativeRidge = @(1e-2, 1); $DenseLimit = 500; $Centers = 100
}
New-Item -ItemType Directory -Force $OutputDirectory | Out-Null
$cells = Join-Path $OutputDirectory 'KernelFiniteSize-cells'
New-Item -ItemType Directory -Force $cells | Out-Null
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$inv = [Globalization.CultureInfo]::InvariantCulture

# One flat shape for every row (kernel paths, random features, the net), so the CSV keeps every column.
function ConvertTo-StudyRow($row, [string]$series, [string]$selection) {
    $ridge = if ($row.PSObject.Properties['Ridge']) { [double]$row.Ridge } else { [double]::NaN }
    [pscustomobject]@{
        Series         = $series
        Selection      = $selection
        Learner        = $row.Learner
        Settings       = $row.Settings
        D              = $row.D
        N              = $row.N
        Alpha          = $row.Alpha
        Seed           = $row.Seed
        Ridge          = $ridge
        # rho = lambda / n to six digits (lambda was rho * n: the quotient carries rounding).
        RelativeRidge  = [double]($ridge / $row.N).ToString('G6', $inv)
        Best           = [bool]($row.PSObject.Properties['Best'] -and $row.Best)
        TestError      = $row.TestError
        TrainError     = $row.TrainError
        TestMse        = $row.TestMse
        BayesError     = $row.BayesError
        NullError      = $row.NullError
        TestSamples    = $row.TestSamples
        Seconds        = $row.Seconds
        NystromCentres = if ($row.PSObject.Properties['NystromCentres']) { $row.NystromCentres } else { 0 }
    }
}

function ConvertFrom-PathRow($row, [string]$series) {
    $selection = if ($row.Validated) { 'Validated' } else { 'Grid' }
    ConvertTo-StudyRow $row $series $selection
}

# The settings a cell's rows depend on, hashed into its file name, so a cell is reused only under the same settings.
$settings = "snr=$Snr test=$TestSamples ridge=$($RelativeRidge -join ',') rf=$($RandomFeaturesRelativeRidge -join ',') dense=$DenseLimit M=$Centers rfpath=$RandomFeaturesPathMaxDimension"
$settingsKey = [Convert]::ToHexString([Security.Cryptography.SHA1]::HashData([Text.Encoding]::UTF8.GetBytes($settings))).Substring(0, 8).ToLowerInvariant()

# Runs one cell (d, alpha, learner) unless its rows are already on disk; returns the cell's rows.
function Invoke-Cell([int]$d, [double]$alpha, [string]$name, [scriptblock]$run) {
    $file = Join-Path $cells ('d{0}-alpha{1}-{2}-seeds{3}-{4}.csv' -f $d, $alpha.ToString($inv), $name, ($seeds -join '_'), $settingsKey)
    if ((Test-Path $file) -and -not $Force) { Write-Host "  ${name}: reusing $file"; return @(Import-Csv $file) }
    if ($CachedOnly) { Write-Host "  ${name}: not computed (left out)"; return }
    $cellClock = [System.Diagnostics.Stopwatch]::StartNew()
    $rows = @(& $run)
    $rows | Export-Csv -NoTypeInformation -Path $file
    Write-Host ("  {0}: {1} rows in {2:F0} s" -f $name, $rows.Count, $cellClock.Elapsed.TotalSeconds)
    @(Import-Csv $file)
}

$all = foreach ($d in $Dimension) {
    $data = New-GaussianMixture -Dimension $d -Samples 1 -Snr $Snr -Kind Xor -Seed 1
    $seeds = if ($ReducedSeed -and $d -ge $ReducedSeedFromDimension) { $ReducedSeed } else { $Seed }
    foreach ($a in $Alpha) {
        $n = [int][math]::Round($a * $d)
        Write-Host ("d = {0}, alpha = {1}, n = {2} ({3}, load {4})" -f $d, $a, $n, $(if ($n -gt $DenseLimit) { "Nystrom M = $Centers" } else { 'dense' }),
            ((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ')[0])
        # -Samples n: a pool of n rows per seed; the generator draws rows in order, so they are the first n rows
        # Compare-Learner -Alpha 5, 10, 20 draws too, and the test set comes from its own stream.
        $common = @{ Data = $data; Samples = $n; Seed = $seeds; TestSamples = $TestSamples; IncludeValidated = $true }
        $lambdas = [double[]]@($RelativeRidge | ForEach-Object { $_ * $n })
        # (not $kernel: PowerShell's names ignore case, so it would overwrite -Kernel)
        foreach ($kernelName in $Kernel) {
            $spec = Invoke-KernelRidge -Kernel $kernelName -DenseLimit $DenseLimit -Centers $Centers -AsSpec
            Invoke-Cell $d $a "KernelRidge$kernelName" {
                Measure-RidgePath @common -Learner $spec -Ridge $lambdas | ForEach-Object { ConvertFrom-PathRow $_ ($kernelName.ToUpper()) }
            }
        }
        if ($d -le $RandomFeaturesMaxDimension) {
            Invoke-Cell $d $a 'RandomFeatures' {
                if ($d -le $RandomFeaturesPathMaxDimension) {
                    $rfLambdas = [double[]]@($RandomFeaturesRelativeRidge | ForEach-Object { $_ * $n })
                    Measure-RidgePath @common -Learner (Invoke-RandomFeatures -FeaturesPerDimension 2 -AsSpec) -Ridge $rfLambdas |
                        ForEach-Object { ConvertFrom-PathRow $_ 'RF' }
                }
                else {
                    Compare-Learner -Data $data -Samples $n -Seed $seeds -TestSamples $TestSamples -Learner (Invoke-RandomFeatures -FeaturesPerDimension 2 -AsSpec) |
                        ForEach-Object { ConvertTo-StudyRow $_ 'RF' 'Validated' }
                }
            }
        }
        Invoke-Cell $d $a 'TwoLayerNet' {
            Compare-Learner -Data $data -Samples $n -Seed $seeds -TestSamples $TestSamples -Learner TwoLayerNet |
                ForEach-Object { ConvertTo-StudyRow $_ 'Net' 'Fit' }
        }
    }
}
$all = @($all)
$all | Export-Csv -NoTypeInformation -Path (Join-Path $OutputDirectory 'KernelFiniteSize.csv')

# Per learner, ridge choice, alpha and d: mean, std, min and max over seeds; the best-of-grid figure takes each seed's
# best ridge (an oracle on the test set), the validated one the learner's own choice.
$bayes = [double]$all[0].BayesError
$summary = foreach ($g in $all | Where-Object { $_.Selection -ne 'Grid' -or $_.Best -eq 'True' } | Group-Object Series, Selection, Alpha, D) {
    $first = $g.Group[0]
    $errors = [double[]]@($g.Group.TestError)
    $mean = ($errors | Measure-Object -Average).Average
    $std = if ($errors.Count -gt 1) { [math]::Sqrt((($errors | ForEach-Object { ($_ - $mean) * ($_ - $mean) }) | Measure-Object -Sum).Sum / ($errors.Count - 1)) } else { 0.0 }
    $label = switch ($first.Selection) { 'Grid' { 'best ridge' } 'Validated' { 'validated ridge' } default { '' } }
    # Whether some seed's best ridge is an end of the grid (then the optimum may lie outside it).
    $grid = if ($first.Series -eq 'RF') { $RandomFeaturesRelativeRidge } else { $RelativeRidge }
    $edge = $first.Selection -eq 'Grid' -and @($g.Group | Where-Object {
            [math]::Abs([math]::Log([double]$_.RelativeRidge / ($grid | Measure-Object -Minimum).Minimum)) -lt 1e-3 -or
            [math]::Abs([math]::Log([double]$_.RelativeRidge / ($grid | Measure-Object -Maximum).Maximum)) -lt 1e-3 }).Count -gt 0
    [pscustomobject]@{
        Series         = ("{0} {1}" -f $first.Series, $label).Trim()
        Alpha          = [double]$first.Alpha
        D              = [int]$first.D
        N              = [int]$first.N
        Seeds          = $errors.Count
        TestError      = [math]::Round($mean, 4)
        Std            = [math]::Round($std, 4)
        Min            = [math]::Round(($errors | Measure-Object -Minimum).Minimum, 4)
        Max            = [math]::Round(($errors | Measure-Object -Maximum).Maximum, 4)
        RelativeRidges = if ($first.Selection -eq 'Fit') { '' } else { (@($g.Group | ForEach-Object { ([double]$_.RelativeRidge).ToString('G2', $inv) }) -join ' ') }
        GridEdge       = $edge
        Solver         = if ([int]$first.NystromCentres -gt 0) { "Nystrom M=$($first.NystromCentres)" } elseif ($first.Series -in 'RBF', 'NTK') { 'dense' } else { '' }
        BayesError     = [math]::Round($bayes, 4)
    }
}
$summary = @($summary | Sort-Object Alpha, Series, D)
$summary | Export-Csv -NoTypeInformation -Path (Join-Path $OutputDirectory 'KernelFiniteSize-summary.csv')
$summary | Format-Table -AutoSize Series, Alpha, D, N, Seeds,
    @{ Name = 'TestError'; Expression = { '{0:F4}' -f $_.TestError }; Align = 'Right' },
    @{ Name = 'Std'; Expression = { '{0:F4}' -f $_.Std }; Align = 'Right' },
    @{ Name = 'Min'; Expression = { '{0:F4}' -f $_.Min }; Align = 'Right' },
    @{ Name = 'Max'; Expression = { '{0:F4}' -f $_.Max }; Align = 'Right' }, RelativeRidges, GridEdge, Solver | Out-String -Width 200 | Write-Host

# The mean test error at every grid ridge (over seeds): whether the optimum is inside the grid or the error is flat
# towards one end (the ridgeless limit at small rho).
$ridgeCurve = foreach ($g in $all | Where-Object Selection -eq 'Grid' | Group-Object Series, Alpha, D, { ([double]$_.RelativeRidge).ToString('G3', $inv) }) {
    $first = $g.Group[0]
    [pscustomobject]@{
        Series        = $first.Series
        Alpha         = [double]$first.Alpha
        D             = [int]$first.D
        RelativeRidge = [double]([double]$first.RelativeRidge).ToString('G3', $inv)
        Seeds         = $g.Count
        TestError     = [math]::Round((@($g.Group.TestError | ForEach-Object { [double]$_ }) | Measure-Object -Average).Average, 4)
    }
}
@($ridgeCurve | Sort-Object Series, Alpha, D, RelativeRidge) | Export-Csv -NoTypeInformation -Path (Join-Path $OutputDirectory 'KernelFiniteSize-ridge.csv')

# A sheet and a chart per alpha: test error against d (log x), with the Bayes error as its own series.
$workbook = Join-Path $OutputDirectory 'KernelFiniteSize.xlsx'
Remove-Item $workbook -ErrorAction SilentlyContinue
$firstSheet = $true
foreach ($a in $Alpha) {
    $points = @($summary | Where-Object { $_.Alpha -eq $a } | Select-Object Series, D, TestError)
    if ($points.Count -eq 0) { continue }
    $points += @($Dimension | ForEach-Object { [pscustomobject]@{ Series = 'Bayes'; D = $_; TestError = [math]::Round($bayes, 4) } })
    $seedNote = if ($ReducedSeed -and ($Dimension | Where-Object { $_ -ge $ReducedSeedFromDimension })) { "$($Seed.Count) seeds, $($ReducedSeed.Count) from d = $ReducedSeedFromDimension" } else { "$($Seed.Count) seeds" }
    $title = "XOR mixture, snr = $Snr, alpha = $a ($seedNote): test error vs d"
    $sheet = 'alpha' + $a.ToString($inv)
    $points | Export-LearningCurveReport -Path $workbook -WorksheetName $sheet -X D -Y TestError -Series Series -GroupBy Series -LogX -Title $title -Append:(-not $firstSheet)
    $firstSheet = $false
    $points | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory "KernelFiniteSize-alpha$($a.ToString($inv)).png") -X D -Y TestError -Series Series -GroupBy Series -LogX -Title $title
}
Write-Host ("Wrote {0} rows, {1} and the charts in {2:F0} s" -f $all.Count, $workbook, $clock.Elapsed.TotalSeconds)
