# End to end through a real single-node Slurm cluster started by tests/slurm/start-slurm.sh (Debian's slurm-wlm and
# munge, installed with apt-get when missing), configured with MaxArraySize=3 so that plans are split across arrays for
# real. Skipped, with the reason, where the packages cannot be installed (not Linux, not root, no apt-get or no
# repository); a cluster that is installed but does not start is a failure.
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:SlurmDir = "/tmp/fl-slurm-pester-$PID"
    $script:SkipReason = $null
    $env:FL_SLURM_DIR = $SlurmDir
    $env:FL_SLURM_INSTALL = '1'
    $env:FL_SLURM_MAX_ARRAY_SIZE = '3'
    $script:StartError = $null
    # Ports of their own, so a cluster someone started by hand on the defaults does not interfere.
    $port = 20000 + 2 * ($PID % 10000)
    $env:FL_SLURM_CTLD_PORT = "$port"
    $env:FL_SLURM_SLURMD_PORT = "$($port + 1)"
    if (-not $IsLinux) { $script:SkipReason = 'the Slurm test needs Linux' }
    elseif ((& id -u) -ne '0') { $script:SkipReason = 'the Slurm test starts slurmctld and slurmd and needs root' }
    if (-not $SkipReason) {
        $started = & bash "$RepoRoot/tests/slurm/start-slurm.sh" 2>&1
        if ($LASTEXITCODE -eq 3) { $script:SkipReason = "slurm-wlm and munge cannot be installed here: $($started -join ' ')" }
        elseif ($LASTEXITCODE -ne 0) { $script:StartError = "the Slurm cluster did not start: $($started -join ' ')" }
        else { $env:SLURM_CONF = "$SlurmDir/slurm.conf" }
    }
    if ($SkipReason) { Write-Warning "Skipping the Slurm tests: $SkipReason." }

    $script:Data = New-GaussianMixture -Dimension 20 -Samples 10 -Snr 4 -Seed 3
    $script:PlanArguments = @{ Samples = 20, 40; Seed = 1, 2; Learner = 'TwoLayerNet', 'KernelRidge'; Time = 5; TestSamples = 500 }
    # Everything a row holds except the wall-clock Seconds.
    $script:Key = { param($r) '{0}|{1}|{2}|{3}|{4}|{5:R}|{6:R}|{7:R}|{8:R}' -f $r.TrialId, $r.Learner, $r.Task, $r.N, $r.Seed, $r.TestError, $r.TrainError, $r.TestMse, $r.BayesError }
}

AfterAll {
    if (Test-Path $SlurmDir) { & bash "$RepoRoot/tests/slurm/stop-slurm.sh" | Out-Null }
    Remove-Item "$SlurmDir.apt.log" -ErrorAction Ignore
    Remove-Item Env:SLURM_CONF, Env:FL_SLURM_DIR, Env:FL_SLURM_INSTALL, Env:FL_SLURM_CTLD_PORT, Env:FL_SLURM_SLURMD_PORT, Env:FL_SLURM_MAX_ARRAY_SIZE -ErrorAction Ignore
}

Describe 'Submit-Sweep -Backend Slurm' {
    It 'gives the rows of a serial and a parallel local run, and resubmits a failed trial after its fix' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        if ($StartError) { throw $StartError }
        $plan = New-SweepPlan -Data $Data @PlanArguments
        $serial = Invoke-Sweep -Plan $plan -ThrottleLimit 1 | Sort-Object TrialId | ForEach-Object { & $Key $_ }
        $parallel = Invoke-Sweep -Plan $plan -ThrottleLimit 2 | Sort-Object TrialId | ForEach-Object { & $Key $_ }
        $parallel | Should -Be $serial

        # Break one trial: trial 4 (TwoLayerNet n=20 seed=2) gets its own learner whose learning rate makes SGD diverge,
        # which only running the trial shows (settings are validated when the plan is read).
        $json = $plan.ToJson() | ConvertFrom-Json
        $plan.Describe($plan.Trial(4)) | Should -Be 'TwoLayerNet n=20 seed=2'
        $broken = $json.learners[0] | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $broken.learningRate = 1e6
        $json.learners += $broken
        $json.trials[4].learner = 2
        $badPlan = Join-Path $SlurmDir 'bad-plan.json'
        $json | ConvertTo-Json -Depth 10 | Set-Content $badPlan

        $directory = Join-Path $SlurmDir 'sweep'
        $job = Submit-Sweep -Path $badPlan -Backend Slurm -Directory $directory -ChunkSize 3 -CpusPerTask 1 -TimeLimit 5 -Partition debug
        $job.Arrays.Count | Should -Be 1
        Get-Content (Join-Path $directory $job.Arrays[0].ChunkFile) | Should -Be @('0-2', '3-5', '6-7')

        $rows = $job | Receive-Sweep -Wait -PollSeconds 1 -TimeoutSeconds 120 -ErrorVariable failures -ErrorAction SilentlyContinue
        @($rows).Count | Should -Be 7
        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.SweepTrialFailed*'
        $failure = $failures[0].TargetObject
        $failure.TrialId | Should -Be 4
        $failure.ErrorId | Should -Be 'FeatureLearning.Diverged'
        $failure.SlurmJobId | Should -Be "$($job.Arrays[0].JobId)_1"
        $failure.StandardError | Should -Match 'diverged'

        # Fix the setting in the shared plan and resubmit only the failed trial; the other rows still hold for the fixed plan.
        $fixed = Get-Content "$directory/plan.json" -Raw | ConvertFrom-Json
        $fixed.learners[2].learningRate = $json.learners[0].learningRate
        $fixed | ConvertTo-Json -Depth 10 | Set-Content "$directory/plan.json"
        $job = $job | Receive-Sweep -Resubmit -ErrorAction SilentlyContinue
        $job.Arrays.Count | Should -Be 2
        Get-Content (Join-Path $directory $job.Arrays[1].ChunkFile) | Should -Be @('4')

        $final = Receive-Sweep -Directory $directory -Wait -PollSeconds 1 -TimeoutSeconds 120 -ErrorVariable stillFailing
        @($stillFailing).Count | Should -Be 0
        $final | ForEach-Object { & $Key $_ } | Should -Be $serial
    }

    It 'runs non-mixture experiments (a multi-index grid, the ReLU teacher) through the cluster with the local rows' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        if ($StartError) { throw $StartError }
        # Paper 2's learners on its task (the two-phase net beside kernel ridge) and paper 4's (wide ReLU net beside NTK
        # ridge), small: the point is that every task and learner goes through the same worker, not the figures.
        $experiments = @(
            @{ Name = 'multi-index'; Data = (New-MultiIndexTask -Dimension 8 -Rank 2 -Samples 10 -Seed 4)
               Learner = (Invoke-TwoPhaseNetwork -Width 32 -AsSpec), (Invoke-KernelRidge -AsSpec) }
            @{ Name = 'relu-teacher'; Data = (New-AbsTeacherTask -Dimension 6 -Samples 10 -Seed 4)
               Learner = (Invoke-WideReluNetwork -Width 32 -Epochs 3 -AsSpec), (Invoke-KernelRidge -Kernel Ntk -AsSpec) }
        )
        $full = { param($r) (& $Key $r) + "|$($r.Settings)|$(($r.PSObject.Properties | Where-Object Name -NotIn 'Seconds' | ForEach-Object { '{0:R}' -f $_.Value }) -join '|')" }
        foreach ($experiment in $experiments) {
            $plan = New-SweepPlan -Data $experiment.Data -Samples 40, 80 -Seed 1, 2 -Learner $experiment.Learner -TestSamples 300
            $local = Invoke-Sweep -Plan $plan -ThrottleLimit 2 | Sort-Object TrialId | ForEach-Object { & $full $_ }
            $job = $plan | Submit-Sweep -Backend Slurm -Directory (Join-Path $SlurmDir $experiment.Name) -ChunkSize 3 -CpusPerTask 1 -TimeLimit 5 -Partition debug
            $rows = $job | Receive-Sweep -Wait -PollSeconds 1 -TimeoutSeconds 180
            @($rows).Count | Should -Be 8 -Because $experiment.Name
            ($rows | Sort-Object TrialId | ForEach-Object { & $full $_ }) | Should -Be $local -Because "$($experiment.Name): the cluster's rows are the local rows"
        }
    }

    It 'reports trials whose array task ended without results as lost, with the Slurm state and stderr' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        if ($StartError) { throw $StartError }
        $plan = New-SweepPlan -Data $Data -Samples 20 -Seed 1 -Learner KernelRidge -TestSamples 100
        $job = $plan | Submit-Sweep -Directory (Join-Path $SlurmDir 'broken-pwsh') -PowerShellPath '/nonexistent/pwsh' -ChunkSize 1
        $rows = $job | Receive-Sweep -Wait -PollSeconds 1 -TimeoutSeconds 60 -ErrorVariable lost -ErrorAction SilentlyContinue
        @($rows).Count | Should -Be 0
        @($lost).Count | Should -Be 1
        $lost[0].FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.SweepTrialsLost*'
        $lost[0].TargetObject.SlurmState | Should -Be 'FAILED'
        $lost[0].TargetObject.SlurmJobId | Should -Be "$($job.Arrays[0].JobId)_0"
        $lost[0].TargetObject.Trials | Should -Be '0'
        $lost[0].TargetObject.StandardError | Should -Match 'nonexistent/pwsh'
        $status = $job | Receive-Sweep -Status -ErrorAction SilentlyContinue
        $status.Lost | Should -Be 1
        $status.FailedTaskIds | Should -Be @("$($job.Arrays[0].JobId)_0")
    }

    It 'splits a plan across arrays under MaxArraySize, resumes a task killed mid-run and requeued, and gives the local rows; hostile names stay inert' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        if ($StartError) { throw $StartError }
        # Array task i runs (KernelRidge, TwoLayerNet) of one n and seed: the kernel row is written within a second, the
        # net then trains for about a second, long enough to be killed between the two.
        $plan = New-SweepPlan -Data $Data -Samples 20, 40 -Seed 1, 2, 3, 4 -Learner KernelRidge, TwoLayerNet -Time 40000 -TestSamples 300
        $local = Invoke-Sweep -Plan $plan -ThrottleLimit 2 | Sort-Object TrialId | ForEach-Object { & $Key $_ }

        # A job name and a directory that would run code if they reached bash unquoted, and a space sbatch must accept.
        $name = 'fl;`touch PWNED1`$(touch PWNED2) "q" it''s'
        $directory = Join-Path $SlurmDir "sweep dir 'a' `$(touch PWNED3) 100%"
        $job = $plan | Submit-Sweep -Directory $directory -ChunkSize 2 -JobName $name -Partition debug -TimeLimit 10 -Verbose 4>&1 |
            Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $job.Arrays.Count | Should -Be 3                       # 8 tasks in arrays of at most MaxArraySize = 3
        ($job.Arrays | ForEach-Object Tasks) | Should -Be @(3, 3, 2)
        $job.Sizing.Reasons -join ' ' | Should -Match '3 arrays of at most 3'

        $victim = $job.Arrays[1]
        $file = Join-Path $directory "results/$($victim.JobId)_1.jsonl"
        $deadline = [DateTime]::UtcNow.AddSeconds(180)
        while ([DateTime]::UtcNow -lt $deadline -and -not ((Test-Path -LiteralPath $file) -and @(Get-Content -LiteralPath $file).Count -ge 2)) { Start-Sleep -Milliseconds 50 }
        @(Get-Content -LiteralPath $file).Count | Should -Be 2 -Because 'the kill must come after the kernel row and before the net row'
        & scontrol requeue "$($victim.JobId)_1"
        $LASTEXITCODE | Should -Be 0

        $rows = $job | Receive-Sweep -Wait -PollSeconds 1 -TimeoutSeconds 300 -ErrorVariable problems
        @($problems).Count | Should -Be 0
        $rows | ForEach-Object { & $Key $_ } | Should -Be $local

        # The requeued task ran twice and its second run kept the first run's row: two rows, no duplicate.
        (& scontrol -o show job "$($victim.JobId)_1") -join ' ' | Should -Match 'Restarts=1'
        $lines = Get-Content -LiteralPath $file
        $lines.Count | Should -Be 3
        $log = Get-Content -LiteralPath (Join-Path $directory "logs/$($victim.JobId)_1.out") -Raw
        $log | Should -Match '\(restart 1\)'
        $log | Should -Match '1 of 2 trials already have rows'

        (& scontrol -o show job "$($job.Arrays[0].JobId)_0") -join ' ' | Should -Match ([regex]::Escape("JobName=$name "))
        # slurmd may be removing a finished job's spool directory while this lists the tree (seen once with both cores
        # busy): a listing that loses a directory under spool/ is listed again; any other error fails the test.
        $spool = Join-Path $SlurmDir 'spool'
        $listed = $false
        for ($try = 0; $try -lt 5 -and -not $listed; $try++) {
            try { $found = @(Get-ChildItem -Recurse $SlurmDir -Filter 'PWNED*' -ErrorAction Stop) + @(Get-ChildItem -Filter 'PWNED*'); $listed = $true }
            catch [IO.DirectoryNotFoundException] { if ("$_" -notlike "*$spool*") { throw }; Start-Sleep -Milliseconds 200 }
        }
        $listed | Should -BeTrue -Because 'the cluster directory must be listed whole once'
        $found | Should -BeNullOrEmpty
    }
}
