<#
.SYNOPSIS
    Reproduces the XOR Gaussian-mixture result (Refinetti et al., ICML 2021): a four-unit ReLU net reaches the
    Bayes-optimal error while random features and kernel ridge stay near chance; all three learn the
    linearly separable control.
.DESCRIPTION
    Default setting: d = 500, snr = 4 (Bayes error 0.1449), alpha = n/d in {5, 10, 25, 50, 100, 200}, seeds 0..4
    (mean, standard deviation and range over seeds per learner and alpha).
    The net is trained by SGD for time t = 200 (epochs = 200/alpha); random features use P = 2d ReLU features;
    dense RBF kernel ridge runs up to n = 6000 (alpha <= 12 here) and is skipped beyond, with a warning.
    Writes <OutputDirectory>/GaussianMixture.xlsx (data, summary and chart per task), GaussianMixture.png (the XOR
    chart) and a CSV of every row.
.EXAMPLE
    ./examples/Reproduce-GaussianMixture.ps1
.EXAMPLE
    ./examples/Reproduce-GaussianMixture.ps1 -Quick -OutputDirectory /tmp/fl
#>
[CmdletBinding()]
param(
    [string]$OutputDirectory = (Join-Path $PSScriptRoot '../out'),
    [int]$Dimension = 500,
    [double]$Snr = 4,
    [double[]]$Alpha = @(5, 10, 25, 50, 100, 200),
    [int[]]$Seed = @(0, 1, 2, 3, 4),
    # A small, fast version (d = 100, three alphas, one seed) for smoke tests.
    [switch]$Quick
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
if ($Quick) { $Dimension = 100; $Alpha = @(2, 10, 50); $Seed = @(0) }
New-Item -ItemType Directory -Force $OutputDirectory | Out-Null
$workbook = Join-Path $OutputDirectory 'GaussianMixture.xlsx'
$clock = [System.Diagnostics.Stopwatch]::StartNew()

$xor = New-GaussianMixture -Dimension $Dimension -Samples 1 -Snr $Snr -Kind Xor -Seed 1
$bayes = $xor | Get-BayesOptimalError
Write-Host ("XOR mixture: d = {0}, snr = {1}, Bayes error {2:F4}" -f $Dimension, $Snr, $bayes)
$xorRows = @(Compare-Learner -Data $xor -Alpha $Alpha -Seed $Seed)

$control = New-GaussianMixture -Dimension $Dimension -Samples 1 -Snr $Snr -Kind TwoCluster -Seed 1
$controlRows = @(Compare-Learner -Data $control -Alpha ($Alpha | Select-Object -First 3) -Seed $Seed)

$rows = $xorRows + $controlRows
$rows | Export-Csv -NoTypeInformation -Path (Join-Path $OutputDirectory 'GaussianMixture.csv')

# Mean test error per task, learner and alpha (over seeds).
$summary = $rows | Group-Object Task, Learner, Alpha | ForEach-Object {
    $first = $_.Group[0]
    $errors = $_.Group.TestError
    [pscustomobject]@{
        Task       = $first.Task
        Learner    = $first.Learner
        Alpha      = $first.Alpha
        N          = $first.N
        Seeds      = $_.Count
        TestError  = [math]::Round(($errors | Measure-Object -Average).Average, 4)
        Std        = [math]::Round([math]::Sqrt((($errors | ForEach-Object { [math]::Pow($_ - ($errors | Measure-Object -Average).Average, 2) }) | Measure-Object -Sum).Sum / [math]::Max(1, $_.Count - 1)), 4)
        Min        = [math]::Round(($errors | Measure-Object -Minimum).Minimum, 4)
        Max        = [math]::Round(($errors | Measure-Object -Maximum).Maximum, 4)
        BayesError = [math]::Round($first.BayesError, 4)
        Seconds    = [math]::Round(($_.Group.Seconds | Measure-Object -Sum).Sum, 1)
    }
}
# Formatted here: PowerShell 7.6 tables show plain doubles with two decimals, which hides the gaps this result is about.
$summary | Sort-Object Task, Learner, Alpha | Format-Table -AutoSize Task, Learner, Alpha, N, Seeds,
    @{ Name = 'TestError'; Expression = { '{0:F4}' -f $_.TestError }; Align = 'Right' },
    @{ Name = 'Std'; Expression = { '{0:F4}' -f $_.Std }; Align = 'Right' },
    @{ Name = 'Min'; Expression = { '{0:F4}' -f $_.Min }; Align = 'Right' },
    @{ Name = 'Max'; Expression = { '{0:F4}' -f $_.Max }; Align = 'Right' },
    @{ Name = 'BayesError'; Expression = { '{0:F4}' -f $_.BayesError }; Align = 'Right' },
    @{ Name = 'Seconds'; Expression = { '{0:F1}' -f $_.Seconds }; Align = 'Right' } | Out-String -Width 200 | Write-Host

$xorRows | Export-LearningCurveReport -Path $workbook -WorksheetName 'Xor' -X Alpha -Y TestError -Series Learner -LogX `
    -Title ("XOR mixture, d = {0}, snr = {1}: test error vs alpha (Bayes {2:F3})" -f $Dimension, $Snr, $bayes)
$controlRows | Export-LearningCurveReport -Path $workbook -WorksheetName 'TwoCluster' -X Alpha -Y TestError -Series Learner -Append `
    -Title ("Two-cluster control, d = {0}, snr = {1}" -f $Dimension, $Snr)
$plot = Join-Path $OutputDirectory 'GaussianMixture.png'
$xorRows | Export-LearningCurvePlot -Path $plot -X Alpha -Y TestError -Series Learner -LogX `
    -Title ("XOR mixture, d = {0}, snr = {1} ({2} seeds)" -f $Dimension, $Snr, $Seed.Count)
Write-Host ("Wrote {0} and {1} in {2:F0} s" -f $workbook, $plot, $clock.Elapsed.TotalSeconds)
