<#
.SYNOPSIS
    Submits a sweep of 10^5 or 10^6 trials to the simulated Slurm cluster (tests/slurm/sim) under its limits, with 1 % of
    the task runs ending badly, recovers everything, and measures Receive-Sweep: wall time and peak memory.
.DESCRIPTION
    The simulator does not run trials: each array task that runs writes a real row (from one real trial) for each of its
    trials, in the real results format. Everything on the module's side is the real code path: Submit-Sweep reads the
    limits and sizes chunks and arrays (some held back), Receive-Sweep -Wait submits the held arrays and follows the
    queue, -Resubmit sends what failed or was lost, until every trial has a row. Then Receive-Sweep is timed in fresh
    processes: -Status (index only) and -CsvPath (index and one CSV of all rows), each against a baseline process that
    only imports the module and loads the plan. Prints a table and writes it to out/SweepCollection.csv.
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Measure-SweepCollection.ps1 -Trials 100000, 1000000
#>
[CmdletBinding()]
param(
    [int[]]$Trials = @(100000, 1000000),
    [string]$WorkDirectory = (Join-Path ([IO.Path]::GetTempPath()) "fl-sweep-collection-$PID"),
    [string]$OutputDirectory = (Join-Path $PSScriptRoot '../out'),
    [switch]$Keep
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path "$PSScriptRoot/..").Path
Import-Module (Join-Path $root 'FeatureLearning.psd1') -Force
$env:PATH = "$root/tests/slurm/sim$([IO.Path]::PathSeparator)$env:PATH"
New-Item -ItemType Directory $WorkDirectory, $OutputDirectory -Force | Out-Null
$pwsh = @([Environment]::ProcessPath) + $(if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })

# Runs a script in a fresh PowerShell and returns what it printed last (a JSON object).
function Invoke-Fresh([string]$Script) {
    $out = & $pwsh[0] @($pwsh[1..9]) -NoProfile -NonInteractive -Command "Import-Module '$root/FeatureLearning.psd1'; $Script"
    if ($LASTEXITCODE -ne 0) { throw "child failed: $out" }
    @($out)[-1] | ConvertFrom-Json
}

$results = foreach ($count in $Trials) {
    $work = Join-Path $WorkDirectory $count
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory $work | Out-Null
    $env:FLSIM_DIR = Join-Path $work 'cluster'
    New-Item -ItemType Directory $env:FLSIM_DIR | Out-Null

    $data = New-GaussianMixture -Dimension 4 -Samples 10 -Snr 4 -Seed 1
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $plan = New-SweepPlan -Data $data -Samples (1..50) -Seed (0..($count / 50 - 1)) -Learner KernelRidge -TestSamples 10
    $planSeconds = $clock.Elapsed.TotalSeconds
    $template = Join-Path $work 'template.jsonl'
    Invoke-Sweep -Plan $plan -TrialId 0 -ResultsPath $template | Out-Null

    # A cluster with Slurm's default MaxArraySize, 1 000 array tasks per user, 2 000 slots; every 100th task run (1 %) ends
    # badly: preempted and node failure (requeued by Slurm), time limit, cancelled, a trial throwing, in turn. Trials
    # "take" 9 s: 100 to a 15-minute task, 106 at most under the 20-minute limit, so 10^6 trials need 10 000 tasks, ten
    # times what one may queue: arrays of 250 tasks, four submitted at once and the rest held for Receive-Sweep.
    @{ max_array_size = 1001; max_submit_jobs = 1000; slots = 2000; fail_every = 100; template = $template; trials_per_tick = 100000 } |
        ConvertTo-Json | Set-Content (Join-Path $env:FLSIM_DIR 'config.json')
    $directory = Join-Path $work 'sweep'
    $clock.Restart()
    $job = $plan | Submit-Sweep -Directory $directory -TrialSeconds 9 -TargetTaskMinutes 15 -TimeLimit 20
    $submitSeconds = $clock.Elapsed.TotalSeconds
    Write-Host "$count trials: $($job.Sizing.ChunkSize) a task, $($job.Sizing.Tasks) tasks in $($job.Arrays.Count) arrays, $($job.HeldArrays) held; submitted in $([Math]::Round($submitSeconds, 1)) s"
    $job.Sizing.Reasons | ForEach-Object { Write-Host "  $_" }

    $clock.Restart()
    $status = $job | Receive-Sweep -Wait -PollSeconds 0.1 -Status -ErrorAction SilentlyContinue
    $firstMissing = $status.Missing.Count
    $failedTasks = $status.FailedTaskIds.Count
    $rounds = 0
    while ($status.Missing.Count -gt 0 -and $rounds -lt 10) {
        $rounds++
        $job = $job | Receive-Sweep -Resubmit -ErrorAction SilentlyContinue
        $status = $job | Receive-Sweep -Wait -PollSeconds 0.1 -Status -ErrorAction SilentlyContinue
    }
    $runSeconds = $clock.Elapsed.TotalSeconds
    $cluster = Get-Content (Join-Path $env:FLSIM_DIR 'state.json') -Raw | ConvertFrom-Json -AsHashtable
    $bad = ($cluster.outcomes.GetEnumerator() | Where-Object Key -ne 'ok' | Measure-Object Value -Sum).Sum
    Write-Host "  $($cluster.runs) task runs, $bad ended badly ($(($cluster.outcomes.GetEnumerator() | Where-Object Key -ne 'ok' | ForEach-Object { "$($_.Key) $($_.Value)" }) -join ', ')); after the first wait $firstMissing trials in $failedTasks tasks were failed or lost; $rounds resubmission(s); $($status.Done) of $count done"
    if ($status.Done -ne $count) { throw "not every trial was recovered: $status" }

    $load = (Get-Content /proc/loadavg -ErrorAction Ignore) -split ' ' | Select-Object -First 3
    # Baselines: a process that only imports the module, and one that also deserializes plan.json (what Receive-Sweep
    # avoids while plan.json is unchanged since it was summarised in plans/summary.json).
    $import = Invoke-Fresh "@{ Cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds; Peak = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 } | ConvertTo-Json -Compress"
    $baseline = Invoke-Fresh "`$c = [Diagnostics.Stopwatch]::StartNew(); `$p = [FeatureLearning.Core.Sweeps.SweepPlan]::Load('$directory/plan.json'); `$t = `$c.Elapsed.TotalSeconds; @{ Seconds = `$t; Peak = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 } | ConvertTo-Json -Compress"
    $csv = Join-Path $work 'rows.csv'
    foreach ($mode in 'Status', 'Csv') {
        $call = if ($mode -eq 'Status') { "Receive-Sweep -Directory '$directory' -Status" } else { "Receive-Sweep -Directory '$directory' -CsvPath '$csv' -Status" }
        $m = Invoke-Fresh "`$c = [Diagnostics.Stopwatch]::StartNew(); `$s = $call -Verbose 4>`$null; `$t = `$c.Elapsed.TotalSeconds; @{ Seconds = `$t; Read = `$s.ReadTime.TotalSeconds; Lines = `$s.LinesRead; Files = `$s.FilesRead; Done = `$s.Done; Cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds; Peak = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 } | ConvertTo-Json -Compress"
        [pscustomobject]@{
            Trials = $count; Mode = $mode; Files = $m.Files; Seconds = [Math]::Round($m.Seconds, 2); ReadingSeconds = [Math]::Round($m.Read, 2)
            CpuSeconds = [Math]::Round($m.Cpu - $import.Cpu, 2); PeakMB = [Math]::Round($m.Peak / 1MB); ImportPeakMB = [Math]::Round($import.Peak / 1MB)
            PlanLoadSeconds = [Math]::Round($baseline.Seconds, 2); PlanLoadPeakMB = [Math]::Round($baseline.Peak / 1MB)
            CsvMB = if ($mode -eq 'Csv') { [Math]::Round((Get-Item $csv).Length / 1MB) } else { $null }
            PlanJsonMB = [Math]::Round((Get-Item "$directory/plan.json").Length / 1MB); Load = $load -join ' '
            ChunkSize = $job.Sizing.ChunkSize; Arrays = $job.Arrays.Count; TaskRuns = $cluster.runs; BadRuns = $bad; Resubmissions = $rounds
            SubmitSeconds = [Math]::Round($submitSeconds, 1); UntilAllDoneSeconds = [Math]::Round($runSeconds, 1); Polls = $cluster.calls.squeue
        }
    }
    if (-not $Keep) { Remove-Item $work -Recurse -Force -ErrorAction Ignore }
}
$results | Format-Table Trials, Mode, Files, Seconds, ReadingSeconds, CpuSeconds, PeakMB, ImportPeakMB, PlanLoadSeconds, PlanLoadPeakMB, CsvMB, PlanJsonMB, Load -AutoSize | Out-Host
$results | Export-Csv (Join-Path $OutputDirectory 'SweepCollection.csv') -NoTypeInformation
Remove-Item Env:FLSIM_DIR -ErrorAction Ignore
