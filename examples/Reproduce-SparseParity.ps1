<#
.SYNOPSIS
    Reproduces the sparse-parity separation (Daniely and Malach, NeurIPS 2020): under the mixture D_A a depth-two
    ReLU net trained by gradient descent learns the parity of k hidden bits, while linear methods over fixed
    embeddings (ridge on raw bits, random features, kernel ridge) stay near 0.5 on the uniform half.
.DESCRIPTION
    Table 1 (D_A, n in {20, 30, 50}, k in {3, 4}, N training samples): accuracy overall, on the uniform half and on the
    structured half (bits of A = +1), for the net (TwoPhase: one first-layer gradient step, then GD on the second
    layer; and Adam on both layers), ridge on raw bits, random features (P = 5000 ReLU), kernel ridge (polynomial of
    degree k - 1, RBF, NTK) and the degree-k monomial kernel (the control, which contains the parity as one feature).
    Table 2 (uniform inputs, k in {3, 4}, width 64, batch 32): Adam steps until the monitored accuracy reaches 0.95, or -1 when not within the budget.
    Every cell runs over the seeds -Seed (default 1..5): each seed draws its own training set, test set and
    initialisation from one task per (n, k) (-TaskSeed fixes the hidden subset A). Each task is one sweep plan (its
    learners x seeds at N samples), run with -Backend Local (all cores), Serial or Slurm (-SlurmDirectory; one
    sub-folder per task). The per-seed CSVs hold the result rows (TestError = 1 - accuracy, UniformAccuracy,
    StructuredAccuracy, SubspaceAlignment = subset mass of the nets, StepsToTarget, Seed, ...) with Name, Bits, K and
    TestAccuracy added; the summary CSVs hold per cell the mean, standard deviation (over seeds, n - 1), minimum and
    maximum, and Learned = how many of the Seeds seeds learned (accuracy >= -LearnedAccuracy under D_A; reached the
    target within the budget under uniform inputs).
    Writes <OutputDirectory>/SparseParity.xlsx, SparseParity-DA.png (mean uniform-half accuracy under D_A vs n),
    SparseParity.png (uniform inputs: mean steps to learn vs n), SparseParity-DA.csv, SparseParity-DA-summary.csv,
    SparseParity-Uniform.csv and SparseParity-Uniform-summary.csv.
.EXAMPLE
    ./examples/Reproduce-SparseParity.ps1
.EXAMPLE
    ./examples/Reproduce-SparseParity.ps1 -Quick -OutputDirectory /tmp/fl
.EXAMPLE
    ./examples/Reproduce-SparseParity.ps1 -Seed 1,2,3,4,5,6,7,8,9,10 -Bits 50 -K 4
#>
[CmdletBinding()]
param(
    [string]$OutputDirectory = (Join-Path $PSScriptRoot '../out'),
    [int[]]$Bits = @(20, 30, 50),
    [int[]]$K = @(3, 4),
    [int]$Samples = 2000,
    [int]$RandomFeatures = 5000,
    [int[]]$UniformBits = @(10, 20, 30, 40, 50),
    [int]$UniformBudget = 20000,
    [int[]]$UniformK = @(3, 4),
    # Skip the D_A table (run only the uniform budget table).
    [switch]$UniformOnly,
    # The seeds of every cell: each draws its own training set, test set and initialisation.
    [int[]]$Seed = @(1, 2, 3, 4, 5),
    # The tasks' seed (the hidden subset A of each (n, k)).
    [int]$TaskSeed = 1,
    # A seed "learned" a D_A cell when its accuracy (both halves) is at least this.
    [double]$LearnedAccuracy = 0.95,
    # Where the trials run: Local (all cores), Serial (one at a time) or Slurm (-SlurmDirectory on a shared file system).
    [ValidateSet('Local', 'Serial', 'Slurm')]
    [string]$Backend = 'Local',
    [string]$SlurmDirectory,
    # A small, fast version for smoke tests (n = 20, k = 3, N = 1000, two seeds).
    [switch]$Quick
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
. (Join-Path $PSScriptRoot 'Shared/Invoke-ExperimentPlan.ps1')
if ($Quick) { $Bits = @(20); $K = @(3); $Samples = 1000; $UniformBits = @(10); $UniformBudget = 2000; $Seed = @(1, 2) }
New-Item -ItemType Directory -Force $OutputDirectory | Out-Null
$workbook = Join-Path $OutputDirectory 'SparseParity.xlsx'
$clock = [System.Diagnostics.Stopwatch]::StartNew()

# Every (n, k) task is one plan of its learners at N = $Samples; every plan row is a result row of the contract
# (TestError = 1 - accuracy, UniformAccuracy and StructuredAccuracy on the two halves of D_A, SubspaceAlignment = the
# first layer's squared-norm fraction on the subset A for the nets). Name tells the rows apart as the tables do.
function Add-Names($row, [hashtable]$names) {
    $row | Add-Member -NotePropertyMembers ([ordered]@{
        Name = $names["$($row.Learner) $($row.Settings)"]; Bits = $row.D; K = $order; TestAccuracy = 1 - $row.TestError
    }) -PassThru
}

$rows = @(foreach ($n in $(if ($UniformOnly) { @() } else { $Bits })) {
    foreach ($order in $K) {
        $data = New-SparseParity -Bits $n -K $order -Samples 1 -Distribution Mixture -Seed $TaskSeed
        $learners = [ordered]@{
            'Net TwoPhase (hinge)'              = Invoke-ParityNetwork -Width 512 -Algorithm TwoPhase -Steps 2000 -AsSpec
            'Net Adam (logistic)'               = Invoke-ParityNetwork -Width 128 -Algorithm Adam -Loss Logistic -Steps 2000 -AsSpec
            'Ridge on raw bits'                 = Invoke-KernelRidge -Kernel Linear -AsSpec
            "Random features P=$RandomFeatures" = Invoke-RandomFeatures -Features $RandomFeatures -AsSpec
            "Kernel Polynomial deg $($order - 1)" = Invoke-KernelRidge -Kernel Polynomial -Degree ($order - 1) -AsSpec
            'Kernel Rbf'                        = Invoke-KernelRidge -Kernel Rbf -AsSpec
            'Kernel Ntk'                        = Invoke-KernelRidge -Kernel Ntk -AsSpec
            "Monomial deg $order (control)"     = Invoke-KernelRidge -Kernel Monomial -Degree $order -Ridge 1e-6 -AsSpec
        }
        $names = @{}; foreach ($name in $learners.Keys) { $names["$($learners[$name])"] = $name }
        New-SweepPlan -Data $data -Samples $Samples -Seed $Seed -Learner @($learners.Values) |
            Invoke-ExperimentPlan -Backend $Backend -SlurmDirectory $SlurmDirectory -Name "DA-n$n-k$order" |
            ForEach-Object { Add-Names $_ $names }
        Write-Host ("n = {0}, k = {1} done ({2:F0} s)" -f $n, $order, $clock.Elapsed.TotalSeconds)
    }
})
# The rows grouped by the given columns, groups in the order of their first row (Group-Object sorts them).
function Group-InOrder($rows, [string[]]$by) {
    $groups = [ordered]@{}
    foreach ($row in $rows) {
        $key = ($by | ForEach-Object { $row.$_ }) -join '|'
        if (-not $groups.Contains($key)) { $groups[$key] = [System.Collections.Generic.List[object]]::new() }
        $groups[$key].Add($row)
    }
    foreach ($g in $groups.Values) { , $g.ToArray() }
}
# Mean, standard deviation over seeds (n - 1; 0 for one seed), minimum and maximum of a column, as Column, ColumnStd,
# ColumnMin, ColumnMax (NaN everywhere when no row has a finite value, as for the subset mass of a kernel).
function Get-Spread($group, [string]$column, [string]$as = $column) {
    $v = @($group | ForEach-Object { [double]$_.$column } | Where-Object { [double]::IsFinite($_) })
    $m = if ($v) { ($v | Measure-Object -Average).Average } else { [double]::NaN }
    $sd = if ($v.Count -gt 1) { [math]::Sqrt((($v | ForEach-Object { ($_ - $m) * ($_ - $m) }) | Measure-Object -Sum).Sum / ($v.Count - 1)) }
        elseif ($v) { 0.0 } else { [double]::NaN }
    [ordered]@{ $as = $m; "${as}Std" = $sd
        "${as}Min" = $(if ($v) { ($v | Measure-Object -Minimum).Minimum } else { [double]::NaN })
        "${as}Max" = $(if ($v) { ($v | Measure-Object -Maximum).Maximum } else { [double]::NaN }) }
}
$spread = { param($m, $sd, $lo, $hi) if ([double]::IsNaN($m)) { '-' } else { '{0:F3} ± {1:F3} ({2:F3}–{3:F3})' -f $m, $sd, $lo, $hi } }
if ($rows) {
    $rows | Export-Csv (Join-Path $OutputDirectory 'SparseParity-DA.csv') -NoTypeInformation
    # One row per (n, k, learner) over the seeds, in the order the learners ran.
    $summary = @(Group-InOrder $rows Bits, K, Name | ForEach-Object {
        $g = $_
        $cell = [ordered]@{ Name = $g[0].Name; Bits = $g[0].Bits; K = $g[0].K; N = $g[0].N; Seeds = $g.Count
            Learned = @($g | Where-Object { $_.TestAccuracy -ge $LearnedAccuracy }).Count; LearnedAccuracy = $LearnedAccuracy }
        $cell += Get-Spread $g TestAccuracy Accuracy
        $cell += Get-Spread $g UniformAccuracy
        $cell += Get-Spread $g StructuredAccuracy
        $cell += Get-Spread $g SubspaceAlignment SubsetMass
        $cell.Seconds = ($g | Measure-Object -Property Seconds -Average).Average
        [pscustomobject]$cell
    })
    $summary | Format-Table Name, Bits, K, N, @{ n = "Learned (acc >= $LearnedAccuracy)"; e = { '{0}/{1}' -f $_.Learned, $_.Seeds } },
        @{ n = 'Accuracy mean ± std (min–max)'; e = { & $spread $_.Accuracy $_.AccuracyStd $_.AccuracyMin $_.AccuracyMax } },
        @{ n = 'Uniform half'; e = { & $spread $_.UniformAccuracy $_.UniformAccuracyStd $_.UniformAccuracyMin $_.UniformAccuracyMax } },
        @{ n = 'Structured half'; e = { '{0:F3} ± {1:F3}' -f $_.StructuredAccuracy, $_.StructuredAccuracyStd } },
        @{ n = 'Subset mass'; e = { if ([double]::IsNaN($_.SubsetMass)) { '-' } else { '{0:F3} ± {1:F3}' -f $_.SubsetMass, $_.SubsetMassStd } } },
        @{ n = 'Seconds (mean)'; e = { '{0:F2}' -f $_.Seconds } } -AutoSize | Out-String -Width 250 | Write-Host
    $summary | Export-Csv (Join-Path $OutputDirectory 'SparseParity-DA-summary.csv') -NoTypeInformation
}

# Uniform inputs: no bit is correlated with the label, so the first layer gets no signal at initialisation. One plan per
# (n, k): Adam until the monitored accuracy reaches 0.95 (StepsToTarget, -1 when not within the budget).
$net = Invoke-ParityNetwork -Width 64 -Algorithm Adam -Loss Logistic -Steps $UniformBudget -TargetAccuracy 0.95 -HistoryPoints 400 -AsSpec
$uniform = @(foreach ($order in $UniformK) {
    foreach ($n in $UniformBits) {
        $data = New-SparseParity -Bits $n -K $order -Samples 1 -Distribution Uniform -Seed $TaskSeed
        New-SweepPlan -Data $data -Samples 50000 -Seed $Seed -Learner $net |
            Invoke-ExperimentPlan -Backend $Backend -SlurmDirectory $SlurmDirectory -Name "Uniform-n$n-k$order" |
            ForEach-Object { Add-Names $_ @{ "$net" = 'Net Adam (logistic)' } | Add-Member -NotePropertyName Budget -NotePropertyValue $UniformBudget -PassThru } |
            ForEach-Object { Write-Host ("uniform n = {0}, k = {1}, seed {2}: steps to 0.95 = {3} ({4:F0} s)" -f $n, $order, $_.Seed, $_.StepsToTarget, $_.Seconds); $_ }
    }
})
$uniform | Export-Csv (Join-Path $OutputDirectory 'SparseParity-Uniform.csv') -NoTypeInformation
# Per (k, n) over the seeds: Learned = seeds that reached the target within the budget; the steps' spread is over those.
$uniformSummary = @(Group-InOrder $uniform K, Bits | ForEach-Object {
    $g = $_
    $learned = @($g | Where-Object { $_.StepsToTarget -gt 0 })
    $cell = [ordered]@{ Name = $g[0].Name; Bits = $g[0].Bits; K = $g[0].K; N = $g[0].N; Budget = $UniformBudget; Seeds = $g.Count; Learned = $learned.Count }
    $cell += Get-Spread $learned StepsToTarget Steps
    $cell += Get-Spread $g TestAccuracy Accuracy
    $cell += Get-Spread $g SubspaceAlignment SubsetMass
    $cell.Seconds = ($g | Measure-Object -Property Seconds -Average).Average
    [pscustomobject]$cell
})
$uniformSummary | Format-Table Name, Bits, K, Budget, @{ n = 'Learned (within budget)'; e = { '{0}/{1}' -f $_.Learned, $_.Seeds } },
    @{ n = 'Steps to 0.95 mean ± std (min–max)'; e = { if ($_.Learned) { '{0:F0} ± {1:F0} ({2:F0}–{3:F0})' -f $_.Steps, $_.StepsStd, $_.StepsMin, $_.StepsMax } else { '-' } } },
    @{ n = 'Accuracy'; e = { & $spread $_.Accuracy $_.AccuracyStd $_.AccuracyMin $_.AccuracyMax } },
    @{ n = 'Subset mass'; e = { '{0:F3} ± {1:F3}' -f $_.SubsetMass, $_.SubsetMassStd } }, @{ n = 'Seconds (mean)'; e = { '{0:F1}' -f $_.Seconds } } -AutoSize |
    Out-String -Width 250 | Write-Host
$uniformSummary | Export-Csv (Join-Path $OutputDirectory 'SparseParity-Uniform-summary.csv') -NoTypeInformation

if ($rows) {
# The chart's X must be numeric: n on the axis, one series per learner and k, the mean over the seeds.
$summary | ForEach-Object { $_ | Add-Member -NotePropertyName Series -NotePropertyValue ("{0}, k={1}" -f $_.Name, $_.K) -PassThru } |
    Export-LearningCurveReport -Path $workbook -WorksheetName 'D_A' -X Bits -Y UniformAccuracy -Series Series -GroupBy Series `
        -Title "Sparse parity under D_A: accuracy on the uniform half vs n (mean of $($Seed.Count) seeds)"
}
$uniformSummary | Export-LearningCurveReport -Path $workbook -WorksheetName 'Uniform' -X Bits -Y Steps -Series K -GroupBy K `
    -Title "Uniform inputs: Adam steps to accuracy 0.95 (mean over the seeds that learned, of $($Seed.Count))" -Append:([bool]$rows)
# The picture of the headline: under D_A, accuracy on the uniform half vs n at the largest k, one line per learner.
if ($rows) {
    $kMax = ($K | Measure-Object -Maximum).Maximum
    @($summary | Where-Object K -eq $kMax) | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory 'SparseParity-DA.png') `
        -X Bits -Y UniformAccuracy -Series Name -GroupBy Name -Title "Sparse parity k=$kMax under D_A: accuracy on the uniform half (N = $Samples, mean of $($Seed.Count) seeds)"
}
# The picture of the uniform-input result: steps to learn against n, one line per k (log scale: the growth with n).
$plot = Join-Path $OutputDirectory 'SparseParity.png'
@($uniformSummary | Where-Object Learned -gt 0) | Export-LearningCurvePlot -Path $plot -X Bits -Y Steps -Series K -GroupBy K -LogY `
    -Title "Uniform inputs: Adam steps to accuracy 0.95 vs n (series: k; mean over the seeds that learned, of $($Seed.Count))"
Write-Host ("Wrote {0} and {1} in {2:F0} s" -f $workbook, $plot, $clock.Elapsed.TotalSeconds)
