BeforeAll { . "$PSScriptRoot/TestHelpers.ps1" }

Describe 'New-MultiIndexTask' {
    It 'draws a regression task with unit-variance labels that carries its generator' {
        $data = New-MultiIndexTask -Dimension 12 -Rank 2 -Degree 3 -Samples 20000 -Seed 3
        $data.Count | Should -Be 20000
        $data.TaskType | Should -Be 'Regression'
        $data.Generator.Rank | Should -Be 2
        $data.Generator.TargetVariance | Should -BeGreaterThan 0.999999
        $variance = ($data.Y | ForEach-Object { $_ * $_ } | Measure-Object -Average).Average
        $variance | Should -BeGreaterThan 0.9
        $variance | Should -BeLessThan 1.1
    }

    It 'accepts -Alpha and user terms' {
        $data = New-MultiIndexTask -Dimension 10 -Alpha 3 -Terms @{ Coefficient = 1; Powers = 1, 1 }, @{ Coefficient = 1; Powers = 0, 3 } -Seed 1
        $data.Count | Should -Be 30
        $data.Generator.Terms.Count | Should -Be 2
        $data.Generator.Degree | Should -Be 3
    }

    It 'gives the same numbers for the same seed' {
        $a = New-MultiIndexTask -Dimension 8 -Samples 5 -Seed 7
        $b = New-MultiIndexTask -Dimension 8 -Samples 5 -Seed 7
        $a.Y | Should -Be $b.Y
    }

    It 'makes a second task with the same U and a new head from a source dataset' {
        $source = New-MultiIndexTask -Dimension 10 -Samples 50 -Seed 2
        $target = $source | New-MultiIndexTask -Samples 40
        $target.Generator.U | Should -Be $source.Generator.U
        $target.Generator.Head | Should -Be 1
        ($target.Generator.Terms.Coefficient -join ',') | Should -Not -Be ($source.Generator.Terms.Coefficient -join ',')
    }

    It 'rejects bad input with stable ids' {
        (Get-ErrorId { New-MultiIndexTask -Dimension 1 -Rank 2 -Samples 5 }) | Should -Match '^FeatureLearning.InvalidDimension'
        (Get-ErrorId { New-MultiIndexTask -Dimension 10 -Samples 5 -Noise -1 }) | Should -Match '^FeatureLearning.InvalidNoise'
        (Get-ErrorId { New-MultiIndexTask -Dimension 10 -Samples 5 -Terms @{ Coefficient = 1; Powers = 1 } }) | Should -Match '^FeatureLearning.InvalidTerms'
        $mixture = New-GaussianMixture -Dimension 10 -Samples 5
        (Get-ErrorId { $mixture | New-MultiIndexTask -Samples 5 }) | Should -Match '^FeatureLearning.NoGenerator'
    }
}

Describe 'Invoke-TwoPhaseNetwork' {
    BeforeAll {
        $script:task = New-MultiIndexTask -Dimension 16 -Rank 2 -Degree 3 -Samples 8000 -Seed 1
        $script:model = $task | Invoke-TwoPhaseNetwork -Width 128 -FirstPhaseSamples 6000 -TestSamples 2000 -Seed 2
    }

    It 'learns the target and reports its alignment with span(U)' {
        $model.TestError | Should -BeLessThan 0.3
        $model.InitialAlignment | Should -BeLessThan 0.3
        $model.SubspaceAlignment | Should -BeGreaterThan 0.8
        $model.FirstPhaseSamples | Should -Be 6000
        ($model.N - $model.FirstPhaseSamples) | Should -Be 2000   # the second phase fits the head on the rest
        ($model | Select-Object Learner, N, TestError, SubspaceAlignment | ConvertTo-Csv).Count | Should -Be 2
    }

    It 'is reproducible for the same seed' {
        $again = $task | Invoke-TwoPhaseNetwork -Width 128 -FirstPhaseSamples 6000 -TestSamples 2000 -Seed 2
        $again.TestError | Should -Be $model.TestError
    }

    It 'refits only the head on a second task from -Features, keeping the first layer' {
        $second = $task | New-MultiIndexTask -Samples 1000
        $head = $second | Invoke-TwoPhaseNetwork -Features $model -TestSamples 2000
        # The same learner with the first layer given: its Settings say so, and no sample goes to a first phase.
        $head.Learner | Should -Be 'TwoPhaseNetwork'
        $head.Settings | Should -BeLike 'head on learned features*'
        $head.FirstPhaseSamples | Should -Be 0
        $head.GetModel().W | Should -Be $model.GetModel().W
        $head.TestError | Should -BeLessThan 0.5
    }

    It 'maps data through the learned first layer' {
        $features = Get-LearnedFeatures -Model $model -Data ($task.Take(10))
        $features.Dimension | Should -Be 128
        $features.Count | Should -Be 10
        @($features.X | Where-Object { $_ -lt 0 }).Count | Should -Be 0
    }

    It 'rejects an odd width, a too small dataset and a wrong model' {
        (Get-ErrorId { $task | Invoke-TwoPhaseNetwork -Width 3 }) | Should -Match '^FeatureLearning.InvalidHyperParameter'
        (Get-ErrorId { $task | Invoke-TwoPhaseNetwork -FirstPhaseSamples 8000 }) | Should -Match '^FeatureLearning.InvalidSampleCount'
        $kernel = $task.Take(200) | Invoke-KernelRidge -Kernel Rbf -TestSamples 10
        (Get-ErrorId { $task | Invoke-TwoPhaseNetwork -Features $kernel }) | Should -Match '^FeatureLearning.WrongModel'
        $other = New-MultiIndexTask -Dimension 8 -Samples 20
        (Get-ErrorId { Get-LearnedFeatures -Model $model -Data $other }) | Should -Match '^FeatureLearning.DimensionMismatch'
    }
}
