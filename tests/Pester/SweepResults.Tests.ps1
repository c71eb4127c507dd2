# Results files shared by several writers and resumed with another plan (issue 17): a second Invoke-Sweep process on
# the same results file is refused while the first writes, and -Resume refuses a file of a plan that differs in any part.
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "fl-sweep-results-$PID"
    New-Item -ItemType Directory $Work -Force | Out-Null
}

AfterAll { Remove-Item $Work -Recurse -Force -ErrorAction Ignore }

Describe 'Invoke-Sweep -ResultsPath with two writers' {
    It 'refuses a second process while the first writes, loses none of the first''s rows, and resumes once it has gone' {
        $data = New-GaussianMixture -Dimension 8 -Samples 10 -Snr 4 -Seed 2
        # Two kernel trials finish at once; the nets then train far longer than the test lasts (until the process is stopped).
        $slow = Invoke-TwoLayerNet -AsSpec -Time 1e7
        $plan = Join-Path $Work 'two-writers.json'
        New-SweepPlan -Data $data -Samples 16 -Seed 0, 1 -Learner KernelRidge -Spec $slow -TestSamples 200 -Path $plan | Out-Null
        $results = Join-Path $Work 'two-writers.jsonl'

        $start = [Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        foreach ($argument in (Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command',
            "Import-Module '$RepoRoot/FeatureLearning.psd1'; Invoke-Sweep -Path '$plan' -ResultsPath '$results' -ThrottleLimit 2 | Out-Null") {
            $start.ArgumentList.Add($argument)
        }
        $first = [Diagnostics.Process]::Start($start)
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while ([DateTime]::UtcNow -lt $deadline -and -not ((Test-Path $results) -and @(Get-Content $results).Count -ge 3)) { Start-Sleep -Milliseconds 100 }
            @(Get-Content $results).Count | Should -Be 3          # header and the two kernel rows; the nets still train

            $second = $null
            try { Invoke-Sweep -Path $plan -ResultsPath $results -Resume -ErrorAction Stop | Out-Null }
            catch { $second = $_ }
            $second.FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.SweepResultsInUse*'
            $second.Exception.Message | Should -Match 'Another sweep is writing'
            $first.HasExited | Should -BeFalse
            @(Get-Content $results).Count | Should -Be 3          # the refused writer touched nothing
        }
        finally {
            if (-not $first.HasExited) { $first.Kill($true) }
            $first.WaitForExit()
        }
        # The first writer is gone (killed: its lock went with it); its rows are kept and only the nets remain to run.
        $kept = Invoke-Sweep -Path $plan -TrialId 0, 2 -ResultsPath $results -Resume -Verbose 4>&1
        ($kept | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join ' ' | Should -Match '2 of 2 trials already have rows'
        @($kept | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 2
    }
}

Describe 'Invoke-Sweep -Resume checks the plan' {
    It 'refuses the rows of a plan whose dimension changed although learner, n and seed match, and says what to do' {
        # Issue 17: D = 10 rows came back for a d = 12 plan.
        $results = Join-Path $Work 'dimension.jsonl'
        $d10 = New-SweepPlan -Data (New-GaussianMixture -Dimension 10 -Samples 10 -Snr 4 -Seed 1) -Samples 20 -Seed 0 -Learner KernelRidge -TestSamples 100
        $d12 = New-SweepPlan -Data (New-GaussianMixture -Dimension 12 -Samples 10 -Snr 4 -Seed 1) -Samples 20 -Seed 0 -Learner KernelRidge -TestSamples 100
        Invoke-Sweep -Plan $d10 -ResultsPath $results | Out-Null
        $refused = $null
        try { Invoke-Sweep -Plan $d12 -ResultsPath $results -Resume -ErrorAction Stop | Out-Null }
        catch { $refused = $_ }
        $refused.FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.SweepResultsMismatch*'
        $refused.Exception.Message | Should -Match 'another plan'
        $refused.Exception.Message | Should -Match 'new -ResultsPath'
        (Invoke-Sweep -Plan $d10 -ResultsPath $results -Resume).D | Should -Be 10
    }

    It 'refuses a results path on another provider (Env:, Variable:)' {
        $plan = New-SweepPlan -Data (New-GaussianMixture -Dimension 6 -Samples 10 -Snr 4 -Seed 1) -Samples 12 -Seed 0 -Learner KernelRidge -TestSamples 100
        Get-ErrorId { Invoke-Sweep -Plan $plan -ResultsPath Env:/FL_SWEEP_RESULTS } | Should -BeLike 'FeatureLearning.InvalidPath*'
        Test-Path Env:/FL_SWEEP_RESULTS | Should -BeFalse
    }

    It 'refuses results of another plan whose snr or test size changed' {
        $results = Join-Path $Work 'snr.jsonl'
        $plan = New-SweepPlan -Data (New-GaussianMixture -Dimension 6 -Samples 10 -Snr 4 -Seed 1) -Samples 12 -Seed 0 -Learner KernelRidge -TestSamples 100
        Invoke-Sweep -Plan $plan -ResultsPath $results | Out-Null
        $snr = New-SweepPlan -Data (New-GaussianMixture -Dimension 6 -Samples 10 -Snr 5 -Seed 1) -Samples 12 -Seed 0 -Learner KernelRidge -TestSamples 100
        $test = New-SweepPlan -Data (New-GaussianMixture -Dimension 6 -Samples 10 -Snr 4 -Seed 1) -Samples 12 -Seed 0 -Learner KernelRidge -TestSamples 101
        Get-ErrorId { Invoke-Sweep -Plan $snr -ResultsPath $results -Resume } | Should -BeLike 'FeatureLearning.SweepResultsMismatch*'
        Get-ErrorId { Invoke-Sweep -Plan $test -ResultsPath $results -Resume } | Should -BeLike 'FeatureLearning.SweepResultsMismatch*'
    }
}
