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
    Each task is one sweep plan (its learners at N samples), run with -Backend Local (all cores), Serial or Slurm
    (-SlurmDirectory; one sub-folder per task). The CSVs hold the result rows (TestError = 1 - accuracy,
    UniformAccuracy, StructuredAccuracy, SubspaceAlignment = subset mass of the nets, StepsToTarget, ...) with Name,
    Bits, K and TestAccuracy added.
    Writes <OutputDirectory>/SparseParity.xlsx, SparseParity-DA.png (uniform-half accuracy under D_A vs n),
    SparseParity.png (uniform inputs: steps to learn vs n), SparseParity-DA.csv and
    SparseParity-Uniform.csv.
.EXAMPLE
    ./examples/Reproduce-SparseParity.ps1
.EXAMPLE
    ./examples/Reproduce-SparseParity.ps1 -Quick -OutputDirectory /tmp/fl
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
    [int]$Seed = 1,
    # Where the trials run: Local (all cores), Serial (one at a time) or Slurm (-SlurmDirectory on a shared file system).
    [ValidateSet('Local', 'Serial', 'Slurm')]
    [string]$Backend = 'Local',
    [string]$SlurmDirectory,
    # A small, fast version for smoke tests.
    [switch]$Quick
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
. (Join-Path $PSScriptRoot 'Shared/Invoke-ExperimentPlan.ps1')
if ($Quick) { $Bits = @(20); $K = @(3); $Samples = 1000; $UniformBits = @(10); $UniformBudget = 2000 }
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
        $data = New-SparseParity -Bits $n -K $order -Samples 1 -Distribution Mixture -Seed $Seed
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
$table = { $input | Format-Table Name, Bits, K, N, @{ n = 'Accuracy'; e = { '{0:F4}' -f $_.TestAccuracy } },
    @{ n = 'Uniform half'; e = { '{0:F4}' -f $_.UniformAccuracy } }, @{ n = 'Structured half'; e = { '{0:F4}' -f $_.StructuredAccuracy } },
    @{ n = 'Subset mass'; e = { if ([double]::IsNaN($_.SubspaceAlignment)) { '-' } else { '{0:F4}' -f $_.SubspaceAlignment } } },
    @{ n = 'Seconds'; e = { '{0:F2}' -f $_.Seconds } } -AutoSize | Out-String -Width 200 | Write-Host }
if ($rows) {
    $rows | & $table
    $rows | Export-Csv (Join-Path $OutputDirectory 'SparseParity-DA.csv') -NoTypeInformation
}

# Uniform inputs: no bit is correlated with the label, so the first layer gets no signal at initialisation. One plan per
# (n, k): Adam until the monitored accuracy reaches 0.95 (StepsToTarget, -1 when not within the budget).
$net = Invoke-ParityNetwork -Width 64 -Algorithm Adam -Loss Logistic -Steps $UniformBudget -TargetAccuracy 0.95 -HistoryPoints 400 -AsSpec
$uniform = @(foreach ($order in $UniformK) {
    foreach ($n in $UniformBits) {
        $data = New-SparseParity -Bits $n -K $order -Samples 1 -Distribution Uniform -Seed $Seed
        New-SweepPlan -Data $data -Samples 50000 -Seed $Seed -Learner $net |
            Invoke-ExperimentPlan -Backend $Backend -SlurmDirectory $SlurmDirectory -Name "Uniform-n$n-k$order" |
            ForEach-Object { Add-Names $_ @{ "$net" = 'Net Adam (logistic)' } | Add-Member -NotePropertyName Budget -NotePropertyValue $UniformBudget -PassThru } |
            ForEach-Object { Write-Host ("uniform n = {0}, k = {1}: steps to 0.95 = {2} ({3:F0} s)" -f $n, $order, $_.StepsToTarget, $_.Seconds); $_ }
    }
})
$uniform | Format-Table Name, Bits, K, N, Budget, StepsToTarget, @{ n = 'Accuracy'; e = { '{0:F4}' -f $_.TestAccuracy } },
    @{ n = 'Subset mass'; e = { '{0:F4}' -f $_.SubspaceAlignment } }, @{ n = 'Seconds'; e = { '{0:F1}' -f $_.Seconds } } -AutoSize |
    Out-String -Width 200 | Write-Host
$uniform | Export-Csv (Join-Path $OutputDirectory 'SparseParity-Uniform.csv') -NoTypeInformation

if ($rows) {
# The chart's X must be numeric: n on the axis, one series per learner and k.
$rows | ForEach-Object { $_ | Add-Member -NotePropertyName Series -NotePropertyValue ("{0}, k={1}" -f $_.Name, $_.K) -PassThru } |
    Export-LearningCurveReport -Path $workbook -WorksheetName 'D_A' -X Bits -Y UniformAccuracy -Series Series -GroupBy Series `
        -Title 'Sparse parity under D_A: accuracy on the uniform half vs n'
}
$uniform | Export-LearningCurveReport -Path $workbook -WorksheetName 'Uniform' -X Bits -Y StepsToTarget -Series K -GroupBy K `
    -Title 'Uniform inputs: Adam steps to accuracy 0.95 (-1 = not within budget)' -Append:([bool]$rows)
# The picture of the headline: under D_A, accuracy on the uniform half vs n at the largest k, one line per learner.
if ($rows) {
    $kMax = ($K | Measure-Object -Maximum).Maximum
    @($rows | Where-Object K -eq $kMax) | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory 'SparseParity-DA.png') `
        -X Bits -Y UniformAccuracy -Series Name -GroupBy Name -Title "Sparse parity k=$kMax under D_A: accuracy on the uniform half (N = $Samples)"
}
# The picture of the uniform-input result: steps to learn against n, one line per k (log scale: the growth with n).
$plot = Join-Path $OutputDirectory 'SparseParity.png'
@($uniform | Where-Object StepsToTarget -gt 0) | Export-LearningCurvePlot -Path $plot -X Bits -Y StepsToTarget -Series K -GroupBy K -LogY `
    -Title 'Uniform inputs: Adam steps to accuracy 0.95 vs n (series: k)'
Write-Host ("Wrote {0} and {1} in {2:F0} s" -f $workbook, $plot, $clock.Elapsed.TotalSeconds)
