BeforeAll { . "$PSScriptRoot/TestHelpers.ps1" }

Describe 'New-SparseParity' {
    It 'draws ±1 bits whose labels are the parity of the given subset' {
        $data = New-SparseParity -Bits 8 -Subset 1, 4, 6 -Samples 50 -Distribution Uniform -Seed 2
        $data.Count | Should -Be 50
        $data.Dimension | Should -Be 8
        $data.Generator.Subset | Should -Be @(1, 4, 6)
        for ($r = 0; $r -lt 50; $r++) {
            $expected = $data.X[$r * 8 + 1] * $data.X[$r * 8 + 4] * $data.X[$r * 8 + 6]
            $data.Y[$r] | Should -Be $expected
        }
    }

    It 'gives the same numbers for the same seed and n = alpha * bits' {
        $a = New-SparseParity -Bits 20 -K 4 -Alpha 2 -Seed 7
        $b = New-SparseParity -Bits 20 -K 4 -Alpha 2 -Seed 7
        $a.Count | Should -Be 40
        $a.X | Should -Be $b.X
        $a.Generator.Subset | Should -Be $b.Generator.Subset
    }

    It 'rejects bad parameters with stable ids' {
        (Get-ErrorId { New-SparseParity -Bits 5 -K 7 -Samples 3 }) | Should -Match '^FeatureLearning.InvalidSubsetSize'
        (Get-ErrorId { New-SparseParity -Bits 5 -Subset 1, 9 -Samples 3 }) | Should -Match '^FeatureLearning.InvalidSubset'
        (Get-ErrorId { New-SparseParity -Bits 5 -K 2 -Samples 3 -Noise 0.9 }) | Should -Match '^FeatureLearning.InvalidNoise'
        (Get-ErrorId { New-SparseParity -Bits 5 -K 2 -Alpha -1 }) | Should -Match '^FeatureLearning.InvalidSampleCount'
    }
}

Describe 'Invoke-ParityNetwork' {
    It 'learns the parity under the mixture and puts its first-layer mass on the subset' {
        $r = New-SparseParity -Bits 15 -K 3 -Samples 600 -Seed 1 | Invoke-ParityNetwork -Width 128 -Steps 600 -TestSamples 2000 -Seed 1
        $r.TestError | Should -BeLessThan 0.05
        $r.UniformAccuracy | Should -BeGreaterThan 0.9
        # Accuracy on the whole test set is the two halves' mean (the mixture gives each half probability 1/2).
        (1 - $r.TestError) | Should -BeGreaterOrEqual ([math]::Min($r.UniformAccuracy, $r.StructuredAccuracy))
        $history = @($r | Get-TrainingHistory)
        $history.Count | Should -BeGreaterThan 2
        $history[-1].SubsetMass | Should -BeGreaterThan 0.8
        # The first-layer step does the feature learning (mass k/n = 0.2 on the subset for uniform weights), then it stays.
        ($history.SubsetMass | Measure-Object -Minimum).Minimum | Should -BeGreaterThan 0.8
        $r.GetModel().Learner | Should -Be 'ParityNetwork'
    }

    It 'trains on any ±1 classification data, and rejects a regression task and an odd TwoPhase width' {
        # Nothing in the algorithm needs parity data: a Gaussian mixture's ±1 labels train, and are learned above chance.
        $mixture = New-GaussianMixture -Dimension 5 -Samples 400 -Seed 1 -Kind TwoCluster
        $fit = $mixture | Invoke-ParityNetwork -Width 32 -Steps 200 -MaxSteps 400 -TestSamples 1000 -Seed 1
        $fit.TestError | Should -BeLessThan 0.4
        $regression = New-AbsTeacherTask -Dimension 5 -Samples 20 -Seed 1
        (Get-ErrorId { $regression | Invoke-ParityNetwork }) | Should -Match '^FeatureLearning.WrongTask'
        $data = New-SparseParity -Bits 6 -K 2 -Samples 20 -Seed 1
        (Get-ErrorId { $data | Invoke-ParityNetwork -Width 33 }) | Should -Match '^FeatureLearning.InvalidHyperParameter'
    }
}

Describe 'Measure-ParityAccuracy and the monomial control' {
    It 'scores the monomial kernel at accuracy 1 on noiseless data and ridge on raw bits at chance or below on the uniform half' {
        $data = New-SparseParity -Bits 10 -K 3 -Samples 500 -Seed 3
        $control = $data | Invoke-KernelRidge -Kernel Monomial -Degree 3 -Ridge 1e-8 -TestSamples 500 | Measure-ParityAccuracy -TestSamples 1000
        $control.TestAccuracy | Should -Be 1
        $control.UniformAccuracy | Should -Be 1
        $linear = $data | Invoke-KernelRidge -Kernel Linear -Ridge 1 -TestSamples 500 | Measure-ParityAccuracy -TestSamples 1000
        $linear.StructuredAccuracy | Should -BeGreaterThan 0.9
        $linear.UniformAccuracy | Should -BeLessThan 0.6
    }

    It 'refuses a model trained on another task' {
        $model = New-GaussianMixture -Dimension 5 -Samples 50 -Seed 1 | Invoke-KernelRidge -Kernel Linear -Ridge 1 -TestSamples 10
        (Get-ErrorId { $model | Measure-ParityAccuracy }) | Should -Match '^FeatureLearning.WrongTask'
    }
}
