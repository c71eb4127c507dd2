# End to end through a real single-node Slurm cluster started by tests/slurm/start-slurm.sh (Debian's slurm-wlm and
# munge, installed with apt-get when missing). Skipped, with the reason, where the packages cannot be installed (not
# Linux, not root, no apt-get or no repository); a cluster that is installed but does not start is a failure.
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:SlurmDir = "/tmp/fl-slurm-pester-$PID"
    $script:SkipReason = $null
    $env:FL_SLURM_DIR = $SlurmDir
    $env:FL_SLURM_INSTALL = '1'
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
    Remove-Item Env:SLURM_CONF, Env:FL_SLURM_DIR, Env:FL_SLURM_INSTALL, Env:FL_SLURM_CTLD_PORT, Env:FL_SLURM_SLURMD_PORT -ErrorAction Ignore
}

Describe 'Submit-Sweep -Backend Slurm' {
    It 'gives the rows of a serial and a parallel local run, and resubmits a failed trial after its fix' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        if ($StartError) { throw $StartError }
        $plan = New-SweepPlan -Data $Data @PlanArguments
        $serial = Invoke-Sweep -Plan $plan -ThrottleLimit 1 | Sort-Object TrialId | ForEach-Object { & $Key $_ }
        $parallel = Invoke-Sweep -Plan $plan -ThrottleLimit 2 | Sort-Object TrialId | ForEach-Object { & $Key $_ }
        $parallel | Should -Be $serial

        # Break one trial: trial 5 (KernelRidge n=20 seed=2) gets its own learner whose ridge is negative, which throws inside the trial.
        $json = $plan.ToJson() | ConvertFrom-Json
        $plan.Describe($plan.Trial(5)) | Should -Be 'KernelRidge n=20 seed=2'
        $broken = $json.learners[1] | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $broken.ridge = -1
        $json.learners += $broken
        $json.trials[5].learner = 2
        $badPlan = Join-Path $SlurmDir 'bad-plan.json'
        $json | ConvertTo-Json -Depth 10 | Set-Content $badPlan

        $directory = Join-Path $SlurmDir 'sweep'
        $job = Submit-Sweep -Path $badPlan -Backend Slurm -Directory $directory -ChunkSize 3 -CpusPerTask 1 -TimeLimit 5 -Partition debug
        $job.Submissions.Count | Should -Be 1
        $job.Submissions[0].Chunks | Should -Be @('0-2', '3-5', '6-7')

        $rows = $job | Receive-Sweep -Wait -PollSeconds 1 -TimeoutSeconds 120 -ErrorVariable failures -ErrorAction SilentlyContinue
        @($rows).Count | Should -Be 7
        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.SweepTrialFailed*'
        $failure = $failures[0].TargetObject
        $failure.TrialId | Should -Be 5
        $failure.State | Should -Be 'Failed'
        $failure.ErrorId | Should -Be 'FeatureLearning.InvalidHyperParameter'
        $failure.SlurmJobId | Should -Be "$($job.Submissions[0].JobId)_1"
        $failure.StandardError | Should -Match 'Ridge must be non-negative'

        # Fix the setting in the shared plan and resubmit only the failed trial.
        $fixed = Get-Content "$directory/plan.json" -Raw | ConvertFrom-Json
        $fixed.learners[2].ridge = $null
        $fixed | ConvertTo-Json -Depth 10 | Set-Content "$directory/plan.json"
        $job = $job | Receive-Sweep -Resubmit -ErrorAction SilentlyContinue
        $job.Submissions.Count | Should -Be 2
        $job.Submissions[1].Chunks | Should -Be @('5')

        $final = Receive-Sweep -Directory $directory -Wait -PollSeconds 1 -TimeoutSeconds 120 -ErrorVariable stillFailing
        @($stillFailing).Count | Should -Be 0
        $final | ForEach-Object { & $Key $_ } | Should -Be $serial
    }

    It 'reports trials whose array task ended without results as missing, with the Slurm state and stderr' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        if ($StartError) { throw $StartError }
        $plan = New-SweepPlan -Data $Data -Samples 20 -Seed 1 -Learner KernelRidge -TestSamples 100
        $job = $plan | Submit-Sweep -Directory (Join-Path $SlurmDir 'broken-pwsh') -PowerShellPath '/nonexistent/pwsh' -ChunkSize 1
        $rows = $job | Receive-Sweep -Wait -PollSeconds 1 -TimeoutSeconds 60 -ErrorVariable missing -ErrorAction SilentlyContinue
        @($rows).Count | Should -Be 0
        @($missing).Count | Should -Be 1
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.SweepTrialMissing*'
        $missing[0].TargetObject.SlurmState | Should -Be 'FAILED'
        $missing[0].TargetObject.SlurmJobId | Should -Be "$($job.Submissions[0].JobId)_0"
        $missing[0].TargetObject.StandardError | Should -Match 'nonexistent/pwsh'
    }
}
