BeforeAll { . "$PSScriptRoot/TestHelpers.ps1" }

Describe 'New-SingleIndexTask' {
    It 'draws n = alpha*d regression samples that carry their generator' {
        $data = New-SingleIndexTask -Dimension 40 -Alpha 2.5 -Link Sin -Noise 0.1 -Seed 4
        $data.Count | Should -Be 100
        $data.Dimension | Should -Be 40
        $data.TaskType | Should -Be 'Regression'
        $data.Generator.Link | Should -Be 'Sin'
        $data.Generator.BayesError | Should -BeGreaterThan 0.0099
    }

    It 'gives the same numbers for the same seed and different ones for another seed' {
        $a = New-SingleIndexTask -Dimension 10 -Samples 5 -Seed 7
        $b = New-SingleIndexTask -Dimension 10 -Samples 5 -Seed 7
        $c = New-SingleIndexTask -Dimension 10 -Samples 5 -Seed 8
        $a.Y | Should -Be $b.Y
        ($a.Y -join ',') | Should -Not -Be ($c.Y -join ',')
    }

    It 'rejects bad input with stable ids' {
        Get-ErrorId { New-SingleIndexTask -Dimension 10 -Samples 5 -Noise -1 } | Should -BeLike 'FeatureLearning.InvalidNoise*'
        Get-ErrorId { New-SingleIndexTask -Dimension 10 -Alpha 0 } | Should -BeLike 'FeatureLearning.InvalidSampleCount*'
    }
}

Describe 'Invoke-OneStepNetwork and Invoke-SpikedRandomFeatures' {
    It 'return a trained model with the spike properties, reproducibly' {
        $data = New-SingleIndexTask -Dimension 60 -Alpha 2 -Seed 1
        $a = $data | Invoke-OneStepNetwork -StepSize 1 -Alpha0 1 -TestSamples 500 -Seed 3
        $b = $data | Invoke-OneStepNetwork -StepSize 1 -Alpha0 1 -TestSamples 500 -Seed 3
        $a.Learner | Should -Be 'OneStepNetwork'
        $a.TestError | Should -Be $b.TestError
        $a.SpikeOverlap | Should -BeGreaterThan 0
        $a.SpikeOverlap | Should -BeLessOrEqual 1
        $a.Width | Should -Be 60
        $a.TheoryGamma | Should -BeGreaterThan 0.5
        # The trained spike is a finite-size draw of the theory's overlap γ: close to it at d = 60, not equal.
        [math]::Abs($a.SpikeOverlap - $a.TheoryGamma) | Should -BeLessThan 0.15
        $s = $data | Invoke-SpikedRandomFeatures -StepSize 1 -Alpha0 1 -TestSamples 500 -Seed 3
        $s.Learner | Should -Be 'SpikedRandomFeatures'
        $s.SpikeOverlap | Should -BeGreaterThan ($s.TheoryGamma - 1e-9)
        $s.SpikeOverlap | Should -BeLessThan ($s.TheoryGamma + 1e-9)
    }

    It 'with -StepSize 0 leaves the first layer at initialisation' {
        $data = New-SingleIndexTask -Dimension 40 -Alpha 1 -Seed 2
        $m = $data | Invoke-OneStepNetwork -StepSize 0 -TestSamples 200
        [double]::IsNaN($m.SpikeOverlap) | Should -BeTrue
        $m.MeanRowNormSquared | Should -BeGreaterThan 0.999999
        $m.MeanRowNormSquared | Should -BeLessThan 1.000001
    }

    It 'rejects bad parameters and foreign data with stable ids' {
        $data = New-SingleIndexTask -Dimension 20 -Alpha 1 -Seed 2
        Get-ErrorId { $data | Invoke-OneStepNetwork -StepSize -1 } | Should -BeLike 'FeatureLearning.InvalidHyperParameter*'
        { $data | Invoke-OneStepNetwork -StepSize -1 } | Should -Throw '*-StepSize*'
        Get-ErrorId { $data | Invoke-OneStepNetwork -Beta 0 } | Should -BeLike 'FeatureLearning.InvalidHyperParameter*'
        $mixture = New-GaussianMixture -Dimension 20 -Samples 30
        # No theory spike for a task that is not single-index: the error says to give the spike.
        Get-ErrorId { $mixture | Invoke-SpikedRandomFeatures -StepSize 1 } | Should -BeLike 'FeatureLearning.NoSpike*'
    }
}

Describe 'Get-SpikedRandomFeaturesTheory' {
    It 'returns one converged row per alpha, below random features for the giant step (table II.6a)' {
        $srf = @(Get-SpikedRandomFeaturesTheory -Alpha 0.5, 2, 5 -StepSize 1 -Alpha0 0.5 -Ridge 0.01)
        $rf = @(Get-SpikedRandomFeaturesTheory -Alpha 0.5, 2, 5 -StepSize 0 -Ridge 0.01)
        $srf.Count | Should -Be 3
        $srf.Alpha | Should -Be @(0.5, 2, 5)
        $srf | ForEach-Object { $_.Converged | Should -BeTrue }
        [math]::Abs($srf[1].TestError - 0.1747) | Should -BeLessThan 0.002
        [math]::Abs($rf[1].TestError - 0.2054) | Should -BeLessThan 0.002
        $rf[2].TestError | Should -BeGreaterThan $rf[2].LinearFloor
    }

    It 'reports non-convergence as a terminating error' {
        Get-ErrorId { Get-SpikedRandomFeaturesTheory -Alpha 1 -MaxIterations 1 } | Should -BeLike 'FeatureLearning.NotConverged*'
        Get-ErrorId { Get-SpikedRandomFeaturesTheory -Alpha -1 } | Should -BeLike 'FeatureLearning.InvalidAlpha*'
        Get-ErrorId { Get-SpikedRandomFeaturesTheory -Alpha 1 -Beta 0 } | Should -BeLike 'FeatureLearning.InvalidBeta*'
    }
}
