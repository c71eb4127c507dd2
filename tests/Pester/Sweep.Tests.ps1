BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:Data = New-GaussianMixture -Dimension 16 -Samples 10 -Snr 4 -Seed 5
    $script:PlanArguments = @{ Samples = 16, 32; Seed = 0, 1; Learner = 'TwoLayerNet', 'RandomFeatures', 'KernelRidge'; Time = 4; TestSamples = 400 }
    $script:Key = { param($r) '{0}|{1}|{2}|{3}|{4:R}|{5:R}|{6:R}|{7:R}' -f $r.Learner, $r.Task, $r.N, $r.Seed, $r.TestError, $r.TrainError, $r.TestMse, $r.BayesError }
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "fl-sweep-pester-$PID"
    New-Item -ItemType Directory $Work -Force | Out-Null
}

AfterAll { Remove-Item $Work -Recurse -Force -ErrorAction Ignore }

Describe 'New-SweepPlan' {
    It 'lists the trials Compare-Learner runs, in its order, and saves versioned JSON that loads back' {
        $path = Join-Path $Work 'plan.json'
        $plan = New-SweepPlan -Data $Data @PlanArguments -Path $path
        $plan.TrialCount | Should -Be 12
        ($plan.Trials | ForEach-Object { $plan.Describe($_) })[0..3] | Should -Be @('TwoLayerNet n=16 seed=0', 'RandomFeatures n=16 seed=0', 'KernelRidge n=16 seed=0', 'TwoLayerNet n=32 seed=0')
        $json = Get-Content $path -Raw | ConvertFrom-Json
        $json.format | Should -Be 'FeatureLearning.SweepPlan'
        $json.version | Should -Be 2
        $json.task.task | Should -Be 'GaussianMixture'
        $loaded = [FeatureLearning.Core.Sweeps.SweepPlan]::Load($path)
        $loaded.ToJson() | Should -Be $plan.ToJson()
    }

    It 'refuses to overwrite a plan without -Force' {
        $path = Join-Path $Work 'twice.json'
        New-SweepPlan -Data $Data @PlanArguments -Path $path | Out-Null
        Get-ErrorId { New-SweepPlan -Data $Data @PlanArguments -Path $path } | Should -BeLike 'FeatureLearning.SweepPlanExists*'
    }

    It 'says clearly when a file is not a plan, is corrupt, or has an unknown version' {
        $foreign = Join-Path $Work 'foreign.json'; '{"name": "something else"}' | Set-Content $foreign
        Get-ErrorId { Invoke-Sweep -Path $foreign } | Should -BeLike 'FeatureLearning.InvalidSweepPlan*'
        $corrupt = Join-Path $Work 'corrupt.json'; '{"format": "FeatureLearning.SweepPlan", "version": 1, "task": ' | Set-Content $corrupt
        Get-ErrorId { Invoke-Sweep -Path $corrupt } | Should -BeLike 'FeatureLearning.InvalidSweepPlan*'
        $future = Join-Path $Work 'future.json'
        (New-SweepPlan -Data $Data @PlanArguments).ToJson() -replace '"version": 2', '"version": 99' | Set-Content $future
        Get-ErrorId { Invoke-Sweep -Path $future } | Should -BeLike 'FeatureLearning.UnsupportedSweepPlanVersion*'
    }
}

Describe 'Invoke-Sweep' {
    It 'gives Compare-Learner''s numbers, serially and with trials in parallel' {
        $plan = New-SweepPlan -Data $Data @PlanArguments
        $compare = Compare-Learner -Data $Data @PlanArguments | ForEach-Object { & $Key $_ }
        $serial = Invoke-Sweep -Plan $plan -ThrottleLimit 1 | Sort-Object TrialId | ForEach-Object { & $Key $_ }
        $parallel = Invoke-Sweep -Plan $plan -ThrottleLimit 3 -ThreadsPerTrial 1 | Sort-Object TrialId | ForEach-Object { & $Key $_ }
        $serial | Should -Be $compare
        $parallel | Should -Be $compare
    }

    It 'resumes a results file: keeps its rows and runs only the missing trials' {
        $plan = New-SweepPlan -Data $Data @PlanArguments
        $results = Join-Path $Work 'resume.jsonl'
        $first = Invoke-Sweep -Plan $plan -TrialId 0, 1, 5 -ResultsPath $results
        @($first).Count | Should -Be 3
        Get-ErrorId { Invoke-Sweep -Plan $plan -ResultsPath $results } | Should -BeLike 'FeatureLearning.SweepResultsExist*'
        # A run killed mid-write leaves half a line: it must be ignored and cut.
        [IO.File]::AppendAllText($results, '{"trial":7,"row":{"learner":"Tw')
        $all = Invoke-Sweep -Plan $plan -ResultsPath $results -Resume -ThrottleLimit 2 -Verbose 4>&1
        $messages = $all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $rows = $all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        ($messages.Message -join ' ') | Should -Match '3 of 12 trials already have rows'
        ($messages.Message -join ' ') | Should -Match 'Running 9 trials'
        @($rows).Count | Should -Be 12
        ($rows | Sort-Object TrialId | ForEach-Object { & $Key $_ }) | Should -Be (Invoke-Sweep -Plan $plan | Sort-Object TrialId | ForEach-Object { & $Key $_ })
        @(Get-Content $results).Count | Should -Be 13   # header + 12 rows, the broken line gone
    }

    It 'reports a trial that throws as a non-terminating error and runs the others' {
        # Settings are checked when the plan is made, so the failure is one that only running shows: SGD diverging.
        $diverging = Invoke-TwoLayerNet -AsSpec -LearningRate 1e6 -Time 2
        $plan = New-SweepPlan -Data $Data -Samples 16 -Seed 0 -Learner KernelRidge, $diverging -TestSamples 200
        $rows = Invoke-Sweep -Plan $plan -ErrorVariable failed -ErrorAction SilentlyContinue
        @($rows).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.Diverged*'
        $failed[0].TargetObject.Id | Should -Be 1
    }

    It 'stops on Ctrl+C (PowerShell.Stop) and leaves a results file that resumes' {
        # Two cheap trials finish, then long nets run until the pipeline is stopped.
        $slow = Invoke-TwoLayerNet -AsSpec -Time 1e7
        $plan = New-SweepPlan -Data $Data -Samples 16 -Seed 0, 1 -Learner KernelRidge, $slow -TestSamples 200
        $results = Join-Path $Work 'stopped.jsonl'
        $shell = [PowerShell]::Create()
        # Import first, synchronously: a stopped multi-statement batch can still run its next statement on a thread-pool
        # thread after Dispose, which crashes the host.
        $null = $shell.AddCommand('Import-Module').AddArgument((Join-Path $RepoRoot 'FeatureLearning.psd1')).Invoke()
        $shell.Commands.Clear()
        $null = $shell.AddCommand('Invoke-Sweep').AddParameter('Plan', $plan).AddParameter('ResultsPath', $results).AddParameter('ThrottleLimit', 2)
        $running = $shell.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ([DateTime]::UtcNow -lt $deadline -and -not ((Test-Path $results) -and @(Get-Content $results).Count -ge 3)) { Start-Sleep -Milliseconds 100 }
        # Stopping must end the running nets (which would otherwise train for a very long time); 60 s only guards against a hang.
        $stopping = $shell.BeginStop($null, $null)
        $stopping.AsyncWaitHandle.WaitOne(60000) | Should -BeTrue
        $shell.EndStop($stopping)
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $shell.Dispose()
        $kept = @(Get-Content $results)
        $kept.Count | Should -Be 3            # header + the two kernel trials; the nets were stopped, not written
        $rows = Invoke-Sweep -Plan $plan -TrialId 0, 2 -ResultsPath $results -Resume
        @($rows).Count | Should -Be 2
    }

    It 'rejects a results file of another plan' {
        $results = Join-Path $Work 'other.jsonl'
        $plan = New-SweepPlan -Data $Data @PlanArguments
        Invoke-Sweep -Plan $plan -TrialId 0 -ResultsPath $results | Out-Null
        $other = New-SweepPlan -Data $Data -Samples 16 -Seed 0 -Learner KernelRidge -TestSamples 200
        Get-ErrorId { Invoke-Sweep -Plan $other -ResultsPath $results -Resume } | Should -BeLike 'FeatureLearning.SweepResultsMismatch*'
    }
}

Describe 'Submit-Sweep and Receive-Sweep without a cluster' {
    It 'fails clearly when sbatch is missing' {
        $plan = New-SweepPlan -Data $Data @PlanArguments
        $path = $env:PATH
        try {
            $env:PATH = '/nonexistent'
            Get-ErrorId { Submit-Sweep -Plan $plan -Backend Slurm -Directory (Join-Path $Work 'nosbatch') } | Should -BeLike 'FeatureLearning.SlurmNotFound*'
        }
        finally { $env:PATH = $path }
    }

    It 'says when a directory holds no sweep job' {
        Get-ErrorId { Receive-Sweep -Directory $Work } | Should -BeLike 'FeatureLearning.SweepJobNotFound*'
    }
}
