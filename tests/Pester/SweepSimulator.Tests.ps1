# Submit-Sweep and Receive-Sweep against tests/slurm/sim: stand-ins for sbatch, squeue, sacct, scontrol and sacctmgr
# (python3, standard library only) that behave like a large cluster with limits, queueing, failures, preemption and
# requeue. The simulator does not run trials: a task that runs writes a real row (taken from a results file Invoke-Sweep
# wrote) for each of its trials in the real results format. Everything on our side is the real code path.
# python3 is installed with apt-get where it is missing and we are root; skipped, with the reason, where it cannot be.
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    if (-not (Get-Command python3 -ErrorAction Ignore) -and $IsLinux -and (& id -u) -eq '0' -and (Get-Command apt-get -ErrorAction Ignore)) {
        & apt-get install -y -q python3 *> $null
        if ($LASTEXITCODE -ne 0) { & apt-get update -q *> $null; & apt-get install -y -q python3 *> $null }
    }
    $script:SkipReason = if (-not (Get-Command python3 -ErrorAction Ignore)) { 'python3 is not available to run the Slurm simulator (apt-get install python3)' }
    elseif ($IsWindows) { 'the Slurm simulator runs on Linux and macOS' }
    $script:Sim = Join-Path $RepoRoot 'tests/slurm/sim'
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "fl-slurmsim-$PID"
    New-Item -ItemType Directory $Work -Force | Out-Null
    $script:OldPath = $env:PATH
    $env:PATH = "$Sim$([IO.Path]::PathSeparator)$env:PATH"

    # A cluster of its own per test: a state directory and its configuration.
    function New-Cluster([string]$Name, [hashtable]$Config) {
        $directory = Join-Path $Work $Name
        New-Item -ItemType Directory $directory -Force | Out-Null
        $env:FLSIM_DIR = $directory
        $Config | ConvertTo-Json | Set-Content (Join-Path $directory 'config.json')
        $directory
    }
    function Get-ClusterState { Get-Content (Join-Path $env:FLSIM_DIR 'state.json') -Raw | ConvertFrom-Json -AsHashtable }

    $script:Data = New-GaussianMixture -Dimension 4 -Samples 10 -Snr 4 -Seed 1
    $script:Small = New-SweepPlan -Data $Data -Samples 4, 8 -Seed 0 -Learner KernelRidge -TestSamples 10
    if (-not $SkipReason) {
        # The row every simulated trial writes: a real one, from a real run of trial 0.
        $script:Big = New-SweepPlan -Data $Data -Samples (1..50) -Seed (0..1999) -Learner KernelRidge -TestSamples 10
        $script:Template = Join-Path $Work 'template.jsonl'
        $script:TemplateRow = Invoke-Sweep -Plan $Big -TrialId 0 -ResultsPath $Template
    }
}

AfterAll {
    $env:PATH = $OldPath
    Remove-Item Env:FLSIM_DIR -ErrorAction Ignore
    Remove-Item $Work -Recurse -Force -ErrorAction Ignore
}

Describe 'Slurm sweeps at scale (simulated cluster)' {
    It 'submits 100 000 trials under the cluster''s limits and recovers every failed, lost and preempted trial' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        # MaxArraySize 101, 400 array tasks per user, 400 slots; every 50th task run (2 %) ends badly: preempted, node
        # failure (both requeued by Slurm), time limit, cancelled, a trial throwing, in turn.
        New-Cluster 'big' @{ max_array_size = 101; max_submit_jobs = 400; slots = 400; fail_every = 50
            template = $Template; trials_per_tick = 1000 } | Out-Null
        $directory = Join-Path $Work 'big-sweep'
        $job = $Big | Submit-Sweep -Directory $directory -TrialSeconds 2 -TargetTaskMinutes 5 -TimeLimit 5
        # 5-minute tasks hold 150 trials of 2 s; 80 % of the 5-minute limit holds 120; 100 000 / 120 = 834 tasks, more than
        # the 400 one may queue, so 400 go now and the rest wait, in arrays of at most 100 (a quarter of the limit).
        $job.Sizing.ChunkSize | Should -Be 120
        $job.Sizing.Tasks | Should -Be 834
        $job.Arrays.Count | Should -Be 9
        @($job.Arrays | Where-Object { -not $_.IsHeld }).Count | Should -Be 4
        $job.Arrays | ForEach-Object { $_.Tasks | Should -BeLessOrEqual 100 }

        $status = $job | Receive-Sweep -Wait -PollSeconds 0.1 -Status -ErrorAction SilentlyContinue -ErrorVariable problems
        ($status.Done + $status.Failed + $status.Lost) | Should -Be 100000
        ($status.Queued + $status.Running) | Should -Be 0
        $status.Lost + $status.Failed | Should -BeGreaterThan 0
        @($problems.TargetObject.SlurmJobId | Sort-Object -Unique) | Should -Be @($status.FailedTaskIds | Sort-Object)
        @($problems | Where-Object FullyQualifiedErrorId -like 'FeatureLearning.SweepTrialFailed*').TargetObject.ErrorId | Sort-Object -Unique |
            Should -Be 'FeatureLearning.SimulatedError'

        $cluster = Get-ClusterState
        # The simulated sbatch refuses arrays above MaxArraySize and queues above the submit limit: all 9 were accepted.
        $cluster.submissions.Count | Should -Be 9
        foreach ($kind in 'preempt', 'node_fail', 'timeout', 'cancelled', 'trial_error') { $cluster.outcomes[$kind] | Should -BeGreaterThan 0 -Because "a run must have ended by $kind" }
        @($cluster.jobs.Values.tasks | Where-Object { $_.restarts -gt 0 }).Count | Should -BeGreaterThan 0 -Because 'preempted tasks are requeued'

        for ($round = 2; $status.Missing.Count -gt 0 -and $round -le 6; $round++) {
            $missing = $status.Missing.Count
            $job = $job | Receive-Sweep -Resubmit -ErrorAction SilentlyContinue
            ($job.Arrays | Where-Object Submission -EQ $round | Measure-Object TrialCount -Sum).Sum | Should -Be $missing
            $status = $job | Receive-Sweep -Wait -PollSeconds 0.1 -Status -ErrorAction SilentlyContinue
        }
        $status.Done | Should -Be 100000

        # One CSV of all rows in trial order: each trial once, the columns of the row objects.
        $csv = Join-Path $Work 'big.csv'
        Receive-Sweep -Directory $directory -CsvPath $csv | Should -BeNullOrEmpty
        $lines = [IO.File]::ReadAllLines($csv)
        $lines.Count | Should -Be 100001
        $ids = $lines[1..100000] | ForEach-Object { [int]$_.Substring(0, $_.IndexOf(',')) }
        (Compare-Object $ids (0..99999) -SyncWindow 0 | Measure-Object).Count | Should -Be 0
        $header = $lines[0] -replace '"', '' -split ','
        $header | Should -Be (@('TrialId') + @($TemplateRow.PSObject.Properties.Name | Where-Object { $_ -ne 'TrialId' }))
        $row = Import-Csv $csv | Select-Object -Skip 12345 -First 1
        $row.TrialId | Should -Be '12345'
        [double]$row.TestError | Should -Be $TemplateRow.TestError
    }

    It '-WhatIf writes the scripts and prints the sbatch commands, and submits nothing' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        New-Cluster 'whatif' @{ max_array_size = 2 } | Out-Null
        $plan = Join-Path $Work 'whatif-plan.json'
        $Small.Save($plan)
        $directory = Join-Path $Work 'whatif-sweep'
        $pwsh = Join-Path $PSHOME 'pwsh.dll'
        $out = & ([Environment]::ProcessPath) $pwsh -NoProfile -NonInteractive -Command `
            "Import-Module '$RepoRoot/FeatureLearning.psd1'; Submit-Sweep -Path '$plan' -Directory '$directory' -ChunkSize 1 -WhatIf | Out-Null" 2>&1
        $LASTEXITCODE | Should -Be 0
        ($out -join "`n") | Should -Match ([regex]::Escape("What if: Performing the operation `"Submit job array 1 of 1 (2 tasks, 2 trials)`" on target `"sbatch --parsable $directory/submit-1-1.sbatch`""))
        Test-Path (Join-Path $directory 'submit-1-1.sbatch') | Should -BeTrue
        Test-Path (Join-Path $directory 'chunks/1-1.txt') | Should -BeTrue
        Test-Path (Join-Path $directory 'sweep-job.json') | Should -BeFalse
        (Get-ClusterState).jobs.Count | Should -Be 0 -Because 'the dry run only read the limits'
        # The dry run leaves the directory free for the real submission.
        $job = Submit-Sweep -Path $plan -Directory $directory -ChunkSize 1
        $job.Arrays[0].JobId | Should -Not -BeNullOrEmpty
        (Get-ClusterState).submissions.Count | Should -Be 1

        # A read-only CSV target is kept unless -Force; a path on another provider is refused.
        $readOnly = Join-Path $Work 'read-only.csv'
        'old' | Set-Content $readOnly
        (Get-Item $readOnly).IsReadOnly = $true
        Get-ErrorId { $job | Receive-Sweep -CsvPath $readOnly } | Should -BeLike 'FeatureLearning.ReadOnlyTarget*'
        Get-Content $readOnly | Should -Be 'old'
        Get-ErrorId { $job | Receive-Sweep -CsvPath Env:/FL_SWEEP_CSV } | Should -BeLike 'FeatureLearning.InvalidPath*'
        Get-ErrorId { Receive-Sweep -Directory Variable:/x } | Should -BeLike 'FeatureLearning.InvalidPath*'
    }

    It 'keeps hostile values inert: sbatch reads each back exactly, and control characters are refused before anything is written' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        New-Cluster 'hostile' @{} | Out-Null
        $values = 'x; touch PWNED', '$(touch PWNED)', '`touch PWNED`', 'it''s "quoted"', 'two  spaces', '#hash', '100%A'
        $i = 0
        foreach ($value in $values) {
            $i++
            $directory = Join-Path $Work "hostile $i $value"
            $job = $Small | Submit-Sweep -Directory $directory -ChunkSize 2 -JobName $value -Partition $value -ExtraSbatchArgument "--comment=$value" `
                -ModulePath (Join-Path $Work "$value/FeatureLearning.psd1") -PowerShellPath 'pwsh', $value
            $submitted = (Get-ClusterState).jobs[$job.Arrays[0].JobId]
            $submitted.options['job-name'] | Should -Be $value
            $submitted.options['partition'] | Should -Be $value
            $submitted.options['chdir'] | Should -Be $directory
            $submitted.options['output'] | Should -Be "$($directory.Replace('%', '%%'))/logs/%A_%a.out"
            $submitted.extra | Should -Contain "--comment=$value"
            $submitted.command[0..1] | Should -Be @('pwsh', $value)
            $submitted.command[$submitted.command.IndexOf('-Module') + 1] | Should -Be (Join-Path $Work "$value/FeatureLearning.psd1")
        }
        @(Get-ChildItem -Recurse $Work -Filter 'PWNED*') | Should -BeNullOrEmpty

        $before = (Get-ClusterState).submissions.Count
        foreach ($parameter in 'JobName', 'Partition', 'Directory', 'ModulePath', 'PowerShellPath', 'ExtraSbatchArgument', 'SetupCommand', 'TimeLimit') {
            $arguments = @{ Directory = (Join-Path $Work "newline-$parameter"); ChunkSize = 1 }
            $arguments[$parameter] = if ($parameter -eq 'Directory') { Join-Path $Work "new`nline" } else { "fl`ntouch /tmp/pwned" }
            Get-ErrorId { $Small | Submit-Sweep @arguments } | Should -BeIn @('FeatureLearning.InvalidSlurmValue,FeatureLearning.PowerShell.Sweeps.SubmitSweepCommand',
                'FeatureLearning.InvalidTimeLimit,FeatureLearning.PowerShell.Sweeps.SubmitSweepCommand') -Because "-$parameter must refuse a newline"
            Test-Path $arguments.Directory | Should -BeFalse
        }
        (Get-ClusterState).submissions.Count | Should -Be $before
        Test-Path '/tmp/pwned' | Should -BeFalse
    }

    It 'falls back to scontrol where accounting is off, reports lost tasks with their final state, and summarises beyond 20' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        New-Cluster 'noaccounting' @{ accounting = $false; sacctmgr = $false; fail_rate = 1.0; fail_kinds = @{ timeout = 1 }; template = $Template } | Out-Null
        $plan = New-SweepPlan -Data $Data -Samples (1..25) -Seed 0 -Learner KernelRidge -TestSamples 10
        $job = $plan | Submit-Sweep -Directory (Join-Path $Work 'noaccounting-sweep') -ChunkSize 1 -Verbose 4>&1 |
            Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] -or $_.Message -match 'sacctmgr did not answer' }
        $job[0].Message | Should -Match 'Connection refused'
        $job = $job[1]
        $status = $job | Receive-Sweep -Wait -PollSeconds 0.1 -Status -ErrorAction SilentlyContinue -ErrorVariable lost
        $status.Lost | Should -Be 25
        $status.FailedTaskIds.Count | Should -Be 25
        # 25 lost tasks: 20 errors one by one, then one for the other 5.
        @($lost).Count | Should -Be 21
        $lost[0..19].TargetObject.SlurmState | Sort-Object -Unique | Should -Be 'TIMEOUT'
        $lost[20].Exception.Message | Should -Match '^5 more trials lost in 5 array tasks that ended TIMEOUT'
        @($lost[20].TargetObject).Count | Should -Be 5
        (Get-ClusterState).calls.scontrol | Should -BeGreaterThan 1 -Because 'sacct failed, so the final states came from scontrol'
    }
}
