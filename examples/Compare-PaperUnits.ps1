<#
.SYNOPSIS
    The XOR mixture in the paper's units (Refinetti et al. 2021: unit means, noise σ, its learning rate) against the
    same number typed as the module's -LearningRate: two different dynamics on one dataset.
.DESCRIPTION
    For each seed: one XOR dataset drawn with -Noise σ (= -Snr 1/σ²), a net trained online for time -Time with
    -Convention Paper (η₁ = ησ², η₂ = η, init scale σ) and with -Convention Module (η₁ = η₂ = η, init scale 1), the
    same -LearningRate η for both. Prints per convention the median escape time (first history point whose monitor
    error is below (0.5 + final)/2) and the mean ± std of the final test error, against the Bayes error.
.EXAMPLE
    ./examples/Compare-PaperUnits.ps1
.EXAMPLE
    ./examples/Compare-PaperUnits.ps1 -Dimension 300 -Hidden 6 -Noise 0.5774 -Seed (0..4)
#>
[CmdletBinding()]
param(
    [int]$Dimension = 300,
    [int]$Hidden = 6,
    # σ = 1/√3: snr 3 (Bayes 0.1963).
    [double]$Noise = 1 / [Math]::Sqrt(3),
    [double]$LearningRate = 0.5,
    [double]$Time = 200,
    [int[]]$Seed = @(0, 1, 2, 3, 4),
    # Also emit the per-seed rows (Convention, Seed, Escape, TestError).
    [switch]$PerSeed
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
$watch = [Diagnostics.Stopwatch]::StartNew()
$rows = foreach ($s in $Seed) {
    $data = New-GaussianMixture -Dimension $Dimension -Samples 10 -Noise $Noise -Seed $s
    foreach ($convention in 'Paper', 'Module') {
        $net = $data | Train-TwoLayerNet -Algorithm Online -Hidden $Hidden -LearningRate $LearningRate -Convention $convention `
            -Time $Time -HistoryPoints 101 -MonitorSamples 4000 -TestSamples 20000 -Seed $s
        $history = @($net | Get-TrainingHistory)
        $final = $net.TestError
        $escape = ($history | Where-Object { $_.TestError -lt (0.5 + $final) / 2 } | Select-Object -First 1).T
        [pscustomobject]@{ Convention = $convention; Seed = $s; Escape = $escape; TestError = $final }
    }
}
$bayes = Get-BayesOptimalError -Noise $Noise
foreach ($group in $rows | Group-Object Convention) {
    $errors = $group.Group.TestError
    $mean = ($errors | Measure-Object -Average).Average
    $std = [Math]::Sqrt((($errors | ForEach-Object { ($_ - $mean) * ($_ - $mean) }) | Measure-Object -Sum).Sum / [Math]::Max(1, $errors.Count - 1))
    $escapes = @($group.Group.Escape | Sort-Object)
    [pscustomobject]@{
        Convention = $group.Name; Seeds = $errors.Count
        MedianEscape = $escapes[[int][Math]::Floor(($escapes.Count - 1) / 2)]
        Escapes = ($group.Group.Escape -join ' ')
        TestError = '{0:F4} ± {1:F4}' -f $mean, $std
        Bayes = [Math]::Round($bayes, 4)
    }
}
if ($PerSeed) { $rows }
Write-Host "Run time $([Math]::Round($watch.Elapsed.TotalSeconds)) s"
