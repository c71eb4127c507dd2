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
    # A small, fast version for smoke tests.
    [switch]$Quick
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
if ($Quick) { $Bits = @(20); $K = @(3); $Samples = 1000; $UniformBits = @(10); $UniformBudget = 2000 }
New-Item -ItemType Directory -Force $OutputDirectory | Out-Null
$workbook = Join-Path $OutputDirectory 'SparseParity.xlsx'
$clock = [System.Diagnostics.Stopwatch]::StartNew()

function Row($name, $bitCount, $order, $acc, $seconds) {
    [pscustomobject]@{
        Learner = $name; Bits = $bitCount; K = $order; N = $Samples; TestAccuracy = [math]::Round($acc.TestAccuracy, 4)
        UniformAccuracy = [math]::Round($acc.UniformAccuracy, 4); StructuredAccuracy = [math]::Round($acc.StructuredAccuracy, 4)
        SubsetMass = if ($acc.PSObject.Properties['SubsetMass']) { [math]::Round($acc.SubsetMass, 4) } else { [double]::NaN }
        Seconds = [math]::Round($seconds, 2); Seed = $Seed
    }
}

$rows = foreach ($n in $(if ($UniformOnly) { @() } else { $Bits })) {
    foreach ($order in $K) {
        $data = New-SparseParity -Bits $n -K $order -Samples $Samples -Distribution Mixture -Seed $Seed
        $net = $data | Invoke-ParityNetwork -Width 512 -Algorithm TwoPhase -Steps 2000 -Seed $Seed
        Row 'Net TwoPhase (hinge)' $n $order $net $net.Seconds
        $adam = $data | Invoke-ParityNetwork -Width 128 -Algorithm Adam -Loss Logistic -Steps 2000 -Seed $Seed
        Row 'Net Adam (logistic)' $n $order $adam $adam.Seconds
        $baselines = @(
            @{ Name = 'Ridge on raw bits'; Fit = { $data | Invoke-KernelRidge -Kernel Linear -Seed $Seed } }
            @{ Name = "Random features P=$RandomFeatures"; Fit = { $data | Invoke-RandomFeatures -Features $RandomFeatures -Seed $Seed } }
            @{ Name = "Kernel Polynomial deg $($order - 1)"; Fit = { $data | Invoke-KernelRidge -Kernel Polynomial -Degree ($order - 1) -Seed $Seed } }
            @{ Name = 'Kernel Rbf'; Fit = { $data | Invoke-KernelRidge -Kernel Rbf -Seed $Seed } }
            @{ Name = 'Kernel Ntk'; Fit = { $data | Invoke-KernelRidge -Kernel Ntk -Seed $Seed } }
            @{ Name = "Monomial deg $order (control)"; Fit = { $data | Invoke-KernelRidge -Kernel Monomial -Degree $order -Ridge 1e-6 -Seed $Seed } }
        )
        foreach ($b in $baselines) {
            $model = & $b.Fit
            $acc = $model | Measure-ParityAccuracy -Seed $Seed
            Row $b.Name $n $order $acc $model.Seconds
        }
        Write-Host ("n = {0}, k = {1} done ({2:F0} s)" -f $n, $order, $clock.Elapsed.TotalSeconds)
    }
}
if ($rows) {
$rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
$rows | Export-Csv (Join-Path $OutputDirectory 'SparseParity-DA.csv') -NoTypeInformation
}

# Uniform inputs: no bit is correlated with the label, so the first layer gets no signal at initialisation.
$uniform = foreach ($order in $UniformK) { foreach ($n in $UniformBits) {
    $data = New-SparseParity -Bits $n -K $order -Samples 50000 -Distribution Uniform -Seed $Seed
    $r = $data | Invoke-ParityNetwork -Width 64 -Algorithm Adam -Loss Logistic -Steps $UniformBudget -TargetAccuracy 0.95 -HistoryPoints 400 -Seed $Seed
    [pscustomobject]@{
        Learner = 'Net Adam (logistic)'; Distribution = 'Uniform'; Bits = $n; K = $order; N = 50000; Budget = $UniformBudget
        StepsToTarget = $r.StepsToTarget; TestAccuracy = [math]::Round($r.TestAccuracy, 4); SubsetMass = [math]::Round($r.SubsetMass, 4)
        Seconds = [math]::Round($r.Seconds, 1); Seed = $Seed
    }
    Write-Host ("uniform n = {0}, k = {1}: steps to 0.95 = {2} ({3:F0} s)" -f $n, $order, $r.StepsToTarget, $r.Seconds)
} }
$uniform | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
$uniform | Export-Csv (Join-Path $OutputDirectory 'SparseParity-Uniform.csv') -NoTypeInformation

if ($rows) {
# The chart's X must be numeric: n on the axis, one series per learner and k.
$rows | ForEach-Object { $_ | Add-Member -NotePropertyName Series -NotePropertyValue ("{0}, k={1}" -f $_.Learner, $_.K) -PassThru } |
    Export-LearningCurveReport -Path $workbook -WorksheetName 'D_A' -X Bits -Y UniformAccuracy -Series Series `
        -Title 'Sparse parity under D_A: accuracy on the uniform half vs n'
}
$uniform | Export-LearningCurveReport -Path $workbook -WorksheetName 'Uniform' -X Bits -Y StepsToTarget -Series K `
    -Title 'Uniform inputs: Adam steps to accuracy 0.95 (-1 = not within budget)' -Append:([bool]$rows)
# The picture of the headline: under D_A, accuracy on the uniform half vs n at the largest k, one line per learner.
if ($rows) {
    $kMax = ($K | Measure-Object -Maximum).Maximum
    @($rows | Where-Object K -eq $kMax) | Export-LearningCurvePlot -Path (Join-Path $OutputDirectory 'SparseParity-DA.png') `
        -X Bits -Y UniformAccuracy -Series Learner -Title "Sparse parity k=$kMax under D_A: accuracy on the uniform half (N = $Samples)"
}
# The picture of the uniform-input result: steps to learn against n, one line per k (log scale: the growth with n).
$plot = Join-Path $OutputDirectory 'SparseParity.png'
@($uniform | Where-Object StepsToTarget -gt 0) | Export-LearningCurvePlot -Path $plot -X Bits -Y StepsToTarget -Series K -LogY `
    -Title 'Uniform inputs: Adam steps to accuracy 0.95 vs n (series: k)'
Write-Host ("Wrote {0} and {1} in {2:F0} s" -f $workbook, $plot, $clock.Elapsed.TotalSeconds)
