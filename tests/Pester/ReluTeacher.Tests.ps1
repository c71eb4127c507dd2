BeforeAll { . "$PSScriptRoot/TestHelpers.ps1" }

Describe 'New-AbsTeacherTask' {
    It 'draws y = aᵀ|W*x| with an orthonormal W* and carries its generator and error levels' {
        $data = New-AbsTeacherTask -Dimension 8 -Samples 200000 -Weights Random -Seed 3
        $g = $data.Generator
        $g.TaskName | Should -Be 'AbsTeacher'
        ($g.A | Measure-Object -Sum).Sum | Should -BeGreaterThan 0.999999
        $x = $data.X[40..47]
        $expected = 0; for ($i = 0; $i -lt 8; $i++) { $dot = 0; for ($k = 0; $k -lt 8; $k++) { $dot += $g.WStar[$i * 8 + $k] * $x[$k] }; $expected += $g.A[$i] * [math]::Abs($dot) }
        $data.Y[5] | Should -BeGreaterThan ($expected - 1e-12)
        $data.Y[5] | Should -BeLessThan ($expected + 1e-12)
        # Monte Carlo variance of the labels against Σ a_i²(1 − 2/π).
        $mean = ($data.Y | Measure-Object -Average).Average
        $variance = ($data.Y | ForEach-Object { ($_ - $mean) * ($_ - $mean) } | Measure-Object -Average).Average
        ($variance / $g.TargetVariance) | Should -BeGreaterThan 0.98
        ($variance / $g.TargetVariance) | Should -BeLessThan 1.02
        $g.KernelFloorMse | Should -BeLessThan $g.NullMse
    }

    It 'uses a given weight vector, -Alpha and the seed' {
        $data = New-AbsTeacherTask -Dimension 4 -Alpha 5 -A 0.4, 0.3, 0.2, 0.1 -Seed 2
        $data.Count | Should -Be 20
        $data.Generator.WeightKind | Should -Be 'Given'
        $data.Generator.A | Should -Be @(0.4, 0.3, 0.2, 0.1)
        (New-AbsTeacherTask -Dimension 4 -Samples 5 -Seed 9).Y | Should -Be (New-AbsTeacherTask -Dimension 4 -Samples 5 -Seed 9).Y
    }

    It 'rejects bad teacher weights, noise and sizes with stable ids' {
        (Get-ErrorId { New-AbsTeacherTask -Dimension 3 -Samples 5 -A 1, -1, 0 }) | Should -Match '^FeatureLearning.InvalidTeacherWeights'
        (Get-ErrorId { New-AbsTeacherTask -Dimension 3 -Samples 5 -A 1, 1 }) | Should -Match '^FeatureLearning.InvalidTeacherWeights'
        (Get-ErrorId { New-AbsTeacherTask -Dimension 3 -Samples 5 -Weights Given }) | Should -Match '^FeatureLearning.InvalidTeacherWeights'
        (Get-ErrorId { New-AbsTeacherTask -Dimension 3 -Samples 5 -Weights Random -A 1, 1, 1 }) | Should -Match '^FeatureLearning.InvalidTeacherWeights'
        (Get-ErrorId { New-AbsTeacherTask -Dimension 3 -Samples 5 -Noise ([double]::NaN) }) | Should -Match '^FeatureLearning.InvalidNoise'
        (Get-ErrorId { New-AbsTeacherTask -Dimension 1000 -Samples 100000000 }) | Should -Match '^FeatureLearning.InvalidSampleCount'
        (Get-ErrorId { New-AbsTeacherTask -Dimension 3 -Alpha ([double]::PositiveInfinity) }) | Should -Match '^FeatureLearning.InvalidSampleCount'
    }

    It 'round-trips through Export-Dataset and Import-Dataset with its teacher' {
        $path = Join-Path ([IO.Path]::GetTempPath()) "fl-teacher-$PID.json"
        try {
            $data = New-AbsTeacherTask -Dimension 5 -Samples 30 -Weights Random -Seed 4
            $data | Export-Dataset -Path $path
            $loaded = Import-Dataset -Path $path
            $loaded.Generator.WStar | Should -Be $data.Generator.WStar
            $loaded.Generator.A | Should -Be $data.Generator.A
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }
}

Describe 'Invoke-WideReluNetwork' {
    BeforeAll {
        $script:task = New-AbsTeacherTask -Dimension 8 -Samples 1024 -Seed 1
        $script:net = $task | Invoke-WideReluNetwork -Width 128 -Algorithm Adam -LearningRate 0.002 -InitScale 0.01 -Epochs 60 -BatchSize 64 -HistoryPoints 6 -TestSamples 4000 -Seed 1
    }

    It 'goes below the kernel floor and aligns a unit with every teacher row' {
        $net.TestError | Should -BeLessThan (0.2 * $net.KernelFloorError)
        $net.MinAlignment | Should -BeGreaterThan 0.9
        $net.InitialMinAlignment | Should -BeLessThan 0.9
        $history = @($net | Get-TrainingHistory)
        $history.Count | Should -Be 7
        $history[0].TestMse | Should -BeGreaterThan $history[-1].TestMse
        $history[0].MinAlignment | Should -Be $net.InitialMinAlignment
    }

    It 'reports per-direction alignment, flat history rows and a console view' {
        $rows = @($net | Measure-TeacherAlignment)
        $rows.Count | Should -Be 8
        ($rows | Measure-Object MaxCosine -Minimum).Minimum | Should -Be $net.MinAlignment
        ($rows.TeacherWeight | Select-Object -Unique) | Should -Be 0.125
        $history = @($net | Get-TrainingHistory)
        $history.Count | Should -Be 7
        $history[-1].MinAlignment | Should -Be $net.MinAlignment
        ($net | Out-String) | Should -Match 'd\*MSE'
    }

    It 'trains with full-batch gradient descent and SGD, and keeps a fixed second layer fixed' {
        $small = New-AbsTeacherTask -Dimension 6 -Samples 200 -Seed 2
        $gd = $small | Invoke-WideReluNetwork -Width 64 -Epochs 20 -LearningRate 0.5 -TestSamples 500 -Seed 3
        $gd.Steps | Should -Be 20
        $gdHistory = @($gd | Get-TrainingHistory)
        $gdHistory[-1].TrainMse | Should -BeLessThan $gdHistory[0].TrainMse
        $sgd = $small | Invoke-WideReluNetwork -Algorithm Sgd -BatchSize 50 -Width 64 -Epochs 5 -FixedSecondLayer -StageOneEpochs 2 -TestSamples 500 -Seed 3
        $sgd.Steps | Should -Be 20
        @($sgd | Get-TrainingHistory)[-1].LearningRate | Should -Be 0.05
        $initial = [FeatureLearning.Core.ReluTeacher.WideReluTrainer]::Initialise(6, [FeatureLearning.Core.ReluTeacher.WideReluOptions]@{ Width = 64; Seed = 3 })
        $sgd.GetModel().A | Should -Be $initial.A
    }

    It 'saves and loads the trained net' {
        $path = Join-Path ([IO.Path]::GetTempPath()) "fl-widerelu-$PID.json"
        try {
            $net | Export-TrainedModel -Path $path
            $loaded = Import-TrainedModel -Path $path
            $loaded.GetModel().W | Should -Be $net.GetModel().W
            $loaded.TestError | Should -Be $net.TestError
            $loaded.GetGenerator().WStar | Should -Be $task.Generator.WStar
            $loaded.GetGenerator().WStar.Count | Should -Be 64
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }

    It 'rejects bad hyper-parameters with stable ids' {
        $small = New-AbsTeacherTask -Dimension 4 -Samples 20
        (Get-ErrorId { $small | Invoke-WideReluNetwork -LearningRate ([double]::PositiveInfinity) }) | Should -Match '^FeatureLearning.InvalidHyperParameter'
        (Get-ErrorId { $small | Invoke-WideReluNetwork -LearningRate -1 }) | Should -Match '^FeatureLearning.InvalidHyperParameter'
        (Get-ErrorId { $small | Invoke-WideReluNetwork -InitScale -1 }) | Should -Match '^FeatureLearning.InvalidHyperParameter'
        (Get-ErrorId { $small | Invoke-WideReluNetwork -WeightDecay ([double]::PositiveInfinity) }) | Should -Match '^FeatureLearning.InvalidHyperParameter'
        (Get-ErrorId { $small | Invoke-WideReluNetwork -StageTwoFactor 0 }) | Should -Match '^FeatureLearning.InvalidHyperParameter'
        $wide = New-AbsTeacherTask -Dimension 1000 -Samples 2
        (Get-ErrorId { $wide | Invoke-WideReluNetwork -Width 1000000 }) | Should -Match '^FeatureLearning.InvalidHyperParameter'
        (Get-ErrorId { $small | Invoke-WideReluNetwork -Width 16 -LearningRate 1e7 -InitScale 1 -Epochs 30 -HistoryPoints 30 }) | Should -Match '^FeatureLearning.Diverged'
        $kernel = $small | Invoke-KernelRidge -Kernel Ntk -Ridge 1
        (Get-ErrorId { $kernel | Measure-TeacherAlignment }) | Should -Match '^FeatureLearning.WrongModel'
        (Get-ErrorId { $net | Measure-TeacherAlignment -Teacher $small }) | Should -Match '^FeatureLearning.DimensionMismatch'
    }

    It 'is bit-identical with 1 and with 2 processor threads' {
        $script = @"
Import-Module '$(Join-Path $RepoRoot 'FeatureLearning.psd1')'
`$n = New-AbsTeacherTask -Dimension 10 -Samples 300 -Seed 5 | Invoke-WideReluNetwork -Width 200 -Algorithm Adam -Epochs 3 -BatchSize 100 -TestSamples 200 -Seed 6
[Convert]::ToBase64String([byte[]](`$n.GetModel().W + `$n.GetModel().A + `$n.TestError | ForEach-Object { [BitConverter]::GetBytes([double]`$_) } | ForEach-Object { `$_ }))
"@
        $pwsh = Join-Path $PSHOME pwsh
        $results = foreach ($threads in 1, 2) {
            $env:DOTNET_PROCESSOR_COUNT = $threads
            try { & $pwsh -NoProfile -Command $script } finally { Remove-Item Env:DOTNET_PROCESSOR_COUNT }
        }
        $results[0].Length | Should -BeGreaterThan 1000
        $results[0] | Should -Be $results[1]
    }
}

Describe 'Ctrl+C in Invoke-WideReluNetwork' {
    It 'stops a long training run promptly' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Join-Path $RepoRoot 'FeatureLearning.psd1')'; New-AbsTeacherTask -Dimension 32 -Samples 4000 | Invoke-WideReluNetwork -Width 1024 -Epochs 1000000")
            $handle = $ps.BeginInvoke()
            Start-Sleep -Seconds 2
            $handle.IsCompleted | Should -BeFalse -Because 'the run is long enough to be interrupted'
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Kernels on the teacher task' {
    It 'NTK ridge lands between the kernel floor and the null error' {
        # d = 32, n = 2000 ≪ d⁴/24: the kernel learns the (radial) quadratic part but not the degree ≥ 4 part.
        $data = New-AbsTeacherTask -Dimension 32 -Samples 2000 -Seed 7
        $fit = $data | Invoke-KernelRidge -Kernel Ntk -TestSamples 5000 -Seed 7
        $g = $data.Generator
        $fit.TestMse | Should -BeGreaterThan $g.KernelFloorMse
        $fit.TestMse | Should -BeLessThan (0.5 * $g.NullMse)
    }

    It 'Measure-TangentKernel puts the closed form within Monte Carlo error of a random net of width 20000' {
        $rows = @(New-AbsTeacherTask -Dimension 16 -Samples 100 -Seed 8 | Measure-TangentKernel -Width 20000 -Pairs 10 -Seed 8)
        $rows.Count | Should -Be 10
        $rows | ForEach-Object { [math]::Abs($_.ZScore) | Should -BeLessThan 4.5 }
        ($rows | Out-String) | Should -Match 'RelErr'
        $task = New-AbsTeacherTask -Dimension 8 -Samples 50 -Seed 1
        @($task | Measure-TangentKernel -Model $net -Pairs 3).Count | Should -Be 3
        (Get-ErrorId { $task.Take(1) | Measure-TangentKernel -Width 10 }) | Should -Match '^FeatureLearning.InvalidSampleCount'
        (Get-ErrorId { New-AbsTeacherTask -Dimension 1000 -Samples 3 | Measure-TangentKernel -Width 100000 }) | Should -Match '^FeatureLearning.InvalidHyperParameter'
    }

    It 'Invoke-TangentKernelRidge fits a random NTK net and a trained net, and rejects a wrong model' {
        $small = New-AbsTeacherTask -Dimension 8 -Samples 400 -Seed 9
        $random = $small | Invoke-TangentKernelRidge -Width 2000 -Ridge 0.4 -TestSamples 1000 -Seed 9
        $closed = $small | Invoke-KernelRidge -Kernel Ntk -Ridge 0.4 -TestSamples 1000 -Seed 9
        $random.Learner | Should -Be 'TangentKernelRidge'
        ($random.TestMse / $closed.TestMse) | Should -BeGreaterThan 0.9
        ($random.TestMse / $closed.TestMse) | Should -BeLessThan 1.1
        $trained = $task | Invoke-TangentKernelRidge -Network $net -TestSamples 2000 -Seed 1
        $trained.TestMse | Should -BeLessThan (0.2 * $task.Generator.KernelFloorMse)
        (Get-ErrorId { $small | Invoke-TangentKernelRidge -Network $closed }) | Should -Match '^FeatureLearning.WrongModel'
        (Get-ErrorId { $small | Invoke-TangentKernelRidge -Width 10 -Ridge -1 }) | Should -Match '^FeatureLearning.InvalidHyperParameter'
    }
}

Describe 'Reproduce-ReluTeacher.ps1 -Learners' {
    It 'runs only the chosen learners: GD alone gives GD rows at every seed and no Adam, kernel or tangent-kernel row' {
        $out = Join-Path ([IO.Path]::GetTempPath()) "fl-relu-learners-$PID"
        $script = Join-Path $script:RepoRoot 'examples/Reproduce-ReluTeacher.ps1'
        try {
            $log = & (Join-Path $PSHOME pwsh) -NoProfile -c "& '$script' -Dimensions 8 -Seeds 1, 2 -GradientDescentDimensions 8 -GradientDescentEpochs 5 -Learners GradientDescent -OutputDirectory '$out'" 2>&1 | Out-String
            $LASTEXITCODE | Should -Be 0 -Because $log
            $rows = @(Import-Csv (Join-Path $out 'ReluTeacher.csv'))
            @($rows.Learner | Sort-Object -Unique) | Should -Be @('WideReluNet GD')
            @($rows.Seed) | Should -Be @('1', '2')
            @($rows.Epochs) | Should -Be @('5', '5')
            $summary = @(Import-Csv (Join-Path $out 'ReluTeacher-summary.csv'))
            $summary.Count | Should -Be 1
            $summary[0].Seeds | Should -Be '2'
        }
        finally { Remove-Item $out -Recurse -Force -ErrorAction SilentlyContinue }
    }
}
