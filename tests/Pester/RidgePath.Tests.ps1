# Measure-RidgePath: each row is Compare-Learner's row for the learner with that ridge fixed (same training rows and
# test set per n and seed), the best ridge is the least test error, bad grids and learners without a ridge are
# refused with stable ids, and the cmdlet reports progress and stops on Ctrl+C.
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:data = New-GaussianMixture -Dimension 15 -Samples 1 -Snr 4 -Seed 2
    $script:grid = 0.01, 1, 30
}

Describe 'Measure-RidgePath' {
    It 'gives, for <name>, the row Compare-Learner gives for the spec with that fixed ridge' -ForEach @(
        @{ name = 'RBF kernel ridge (shared path)'; spec = { Invoke-KernelRidge -Kernel Rbf -AsSpec }; fixed = { param($r) Invoke-KernelRidge -Kernel Rbf -Ridge $r -AsSpec } }
        @{ name = 'NTK kernel ridge, Nystrom (shared path)'; spec = { Invoke-KernelRidge -Kernel Ntk -Solver Nystrom -Centers 40 -AsSpec }; fixed = { param($r) Invoke-KernelRidge -Kernel Ntk -Solver Nystrom -Centers 40 -Ridge $r -AsSpec } }
        @{ name = 'random features (refit per ridge)'; spec = { Invoke-RandomFeatures -AsSpec }; fixed = { param($r) Invoke-RandomFeatures -Ridge $r -AsSpec } }
    ) {
        $rows = @(Measure-RidgePath -Data $data -Alpha 5, 10 -Seed 0, 1 -TestSamples 300 -Learner (& $spec) -Ridge $grid -IncludeValidated)
        $rows.Count | Should -Be (2 * 2 * ($grid.Count + 1))
        $rows[0].PSObject.TypeNames[0] | Should -Be 'FeatureLearning.RidgePathRow'
        foreach ($r in $grid) {
            $expected = @(Compare-Learner -Data $data -Alpha 5, 10 -Seed 0, 1 -TestSamples 300 -Learner (& $fixed $r))
            foreach ($e in $expected) {
                $actual = @($rows | Where-Object { $_.N -eq $e.N -and $_.Seed -eq $e.Seed -and $_.Ridge -eq $r -and -not $_.Validated })
                $actual.Count | Should -Be 1
                Assert-SameRow $e $actual[0] -Rounding -Because "n = $($e.N), seed $($e.Seed), ridge $r"
            }
        }
        # The validated row is Compare-Learner's default row (the learner's own ridge choice).
        $auto = @(Compare-Learner -Data $data -Alpha 5, 10 -Seed 0, 1 -TestSamples 300 -Learner (& $spec))
        foreach ($e in $auto) {
            $v = @($rows | Where-Object { $_.N -eq $e.N -and $_.Seed -eq $e.Seed -and $_.Validated })
            $v.Count | Should -Be 1
            $v[0].TestError | Should -Be $e.TestError
            $v[0].Ridge | Should -Be $e.Ridge
            $v[0].Best | Should -BeFalse
        }
        # One best per (n, seed), at the least test error of the grid.
        foreach ($g in $rows | Where-Object { -not $_.Validated } | Group-Object N, Seed) {
            @($g.Group | Where-Object Best).Count | Should -Be 1
            ($g.Group | Where-Object Best).TestError | Should -Be ($g.Group | Measure-Object TestError -Minimum).Minimum
        }
    }

    It 'refuses <name> with <id>' -ForEach @(
        @{ name = 'a NaN ridge'; ridge = @(1, [double]::NaN); learner = 'KernelRidge'; id = 'FeatureLearning.InvalidHyperParameter' }
        @{ name = 'a negative ridge'; ridge = @(-1); learner = 'RandomFeatures'; id = 'FeatureLearning.InvalidHyperParameter' }
        @{ name = 'the net, which has no ridge'; ridge = @(1); learner = 'TwoLayerNet'; id = 'FeatureLearning.NoRidgeSetting' }
    ) {
        $err = { Measure-RidgePath -Data $data -Samples 50 -Seed 0 -TestSamples 50 -Learner $learner -Ridge $ridge } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike "$id*"
    }

    It 'refuses an empty grid' {
        { Measure-RidgePath -Data $data -Samples 50 -Seed 0 -Learner KernelRidge -Ridge @() } | Should -Throw
    }

    It 'runs the task''s learners that have a ridge when -Learner is omitted' {
        $rows = @(Measure-RidgePath -Data $data -Samples 60 -Seed 0 -TestSamples 50 -Ridge 1)
        ($rows.Learner | Sort-Object) -join ',' | Should -Be 'KernelRidge,RandomFeatures'
    }

    It 'writes progress' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Join-Path $RepoRoot 'FeatureLearning.psd1')'; New-GaussianMixture -Dimension 20 -Samples 1 | Measure-RidgePath -Samples 400 -Seed 0, 1 -TestSamples 200 -Learner KernelRidge -Ridge 0.1, 1, 10")
            $out = $ps.Invoke()
            $out.Count | Should -Be 6
            $ps.Streams.Progress.Count | Should -BeGreaterThan 0
        }
        finally { $ps.Dispose() }
    }

    It 'stops on Ctrl+C' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Join-Path $RepoRoot 'FeatureLearning.psd1')'; New-GaussianMixture -Dimension 200 -Samples 1 | Measure-RidgePath -Samples 4000 -Seed (0..50) -TestSamples 200 -Learner KernelRidge -Ridge (1..40)")
            $handle = $ps.BeginInvoke()
            Start-Sleep -Seconds 2
            $handle.IsCompleted | Should -BeFalse -Because 'the run is long enough to be interrupted'
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
    }
}
