<#
.SYNOPSIS
    Measures the local parallel speed-up of Invoke-Sweep: the same plan with -ThrottleLimit 1 and -ThrottleLimit <cores>,
    checks that both give identical rows, and writes the timings (out/SweepSpeedup.csv, and a workbook).
.EXAMPLE
    dotnet pwsh -NoProfile -File examples/Measure-SweepSpeedup.ps1
#>
[CmdletBinding()]
param(
    [int]$Dimension = 100,
    [int]$Trials = 8,
    [double]$Time = 40000,
    [int]$Repeats = 3,
    # Threads a trial may use in the serial run. 1 makes it truly serial; 0 is Invoke-Sweep's default, which lets a
    # lone trial's parallel loops (test-set evaluation) use every core, so the serial run is already partly parallel.
    [int]$SerialThreadsPerTrial = 1,
    [Alias('OutDirectory', 'OutDir')]
    [string]$OutputDirectory = (Join-Path $PSScriptRoot '../out')
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../FeatureLearning.psd1') -Force
New-Item -ItemType Directory -Force $OutputDirectory | Out-Null

# Independent trials of equal cost: the net at alpha = 2 over $Trials seeds.
$data = New-GaussianMixture -Dimension $Dimension -Samples 10 -Snr 4 -Seed 1
$plan = New-SweepPlan -Data $data -Alpha 2 -Seed (0..($Trials - 1)) -Learner TwoLayerNet -Time $Time -TestSamples 2000
$cores = [Environment]::ProcessorCount
$key = { param($r) '{0}|{1}|{2}|{3:R}|{4:R}|{5:R}' -f $r.TrialId, $r.N, $r.Seed, $r.TestError, $r.TrainError, $r.TestMse }

# The machine's own ceiling: the same CPU-bound loop on 1 thread twice, then on 2 threads at once. On a shared machine
# this is below 2 when other processes hold the cores, and the sweep cannot beat it.
Add-Type -TypeDefinition @'
public static class SweepSpeedupProbe
{
    static double Work(long n) { double x = 0; for (long i = 0; i < n; i++) x += System.Math.Sqrt(i ^ 0x5bd1e995); return x; }
    public static double Ceiling(long n)
    {
        Work(1000);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Work(n); Work(n);
        double one = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var a = new System.Threading.Thread(() => Work(n)); var b = new System.Threading.Thread(() => Work(n));
        a.Start(); b.Start(); a.Join(); b.Join();
        return one / clock.Elapsed.TotalSeconds;
    }
}
'@

# Warm up (JIT) before timing.
Invoke-Sweep -Plan $plan -TrialId 0 -ThrottleLimit 1 | Out-Null

$timings = foreach ($repeat in 1..$Repeats) {
    foreach ($throttle in 1, $cores) {
        $load = (Get-Content /proc/loadavg -ErrorAction Ignore) -split ' ' | Select-Object -First 1
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $threads = if ($throttle -eq 1 -and $SerialThreadsPerTrial -gt 0) { @{ ThreadsPerTrial = $SerialThreadsPerTrial } } else { @{} }
        $rows = Invoke-Sweep -Plan $plan -ThrottleLimit $throttle @threads
        $seconds = $clock.Elapsed.TotalSeconds
        [pscustomobject]@{
            Repeat = $repeat; ThrottleLimit = $throttle; Trials = $plan.TrialCount; Seconds = [Math]::Round($seconds, 2)
            LoadAverageBefore = $load; Rows = ($rows | Sort-Object TrialId | ForEach-Object { & $key $_ }) -join ';'
        }
    }
}
$ceiling = [SweepSpeedupProbe]::Ceiling(200000000)
Write-Host ("machine ceiling right after the runs (2 spinning threads vs 1): {0:F2}x" -f $ceiling)
$serialRows = ($timings | Where-Object ThrottleLimit -EQ 1 | Select-Object -First 1).Rows
$identical = @($timings | Where-Object Rows -NE $serialRows).Count -eq 0
$summary = $timings | Select-Object Repeat, ThrottleLimit, Trials, Seconds, LoadAverageBefore
$summary | Export-Csv (Join-Path $OutputDirectory 'SweepSpeedup.csv') -NoTypeInformation
# The workbook cmdlet comes from the reports branch; the CSV above holds the same numbers.
if (Get-Command Export-LearningCurveReport -ErrorAction Ignore) {
    $summary | Export-LearningCurveReport -Path (Join-Path $OutputDirectory 'SweepSpeedup.xlsx') -WorksheetName Speedup -X ThrottleLimit -Y Seconds -Series Trials -Title 'Invoke-Sweep wall time'
}
$summary | Format-Table | Out-String | Write-Host
foreach ($repeat in 1..$Repeats) {
    $t1 = ($timings | Where-Object { $_.Repeat -eq $repeat -and $_.ThrottleLimit -eq 1 }).Seconds
    $tn = ($timings | Where-Object { $_.Repeat -eq $repeat -and $_.ThrottleLimit -eq $cores }).Seconds
    Write-Host ("repeat {0}: speed-up with {1} parallel trials on {1} cores = {2:F2}x" -f $repeat, $cores, ($t1 / $tn))
}
Write-Host "rows identical serially and in parallel: $identical"
