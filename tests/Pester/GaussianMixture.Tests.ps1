BeforeAll { . "$PSScriptRoot/TestHelpers.ps1" }

Describe 'Module import' {
    It 'imports with no warning and exports the user names' {
        $warnings = & { Import-Module (Join-Path $RepoRoot 'FeatureLearning.psd1') -Force -WarningVariable w 3>$null; $w }
        $warnings | Should -BeNullOrEmpty
        Get-Command Train-TwoLayerNet | Should -Not -BeNullOrEmpty
        (Get-Command Train-TwoLayerNet).CommandType | Should -Be 'Alias'
        (Get-Command Train-TwoLayerNet).ResolvedCommandName | Should -Be 'Invoke-TwoLayerNet'
        foreach ($name in 'New-GaussianMixture', 'Invoke-KernelRidge', 'Invoke-RandomFeatures', 'Compare-Learner', 'Get-BayesOptimalError') {
            Get-Command $name -Module FeatureLearning | Should -Not -BeNullOrEmpty
        }
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        foreach ($command in Get-Command -Module FeatureLearning -CommandType Cmdlet) {
            $command.Verb | Should -BeIn $approved
        }
    }
}

Describe 'New-GaussianMixture' {
    It 'draws n = alpha*d samples that carry their generator' {
        $data = New-GaussianMixture -Dimension 40 -Alpha 2.5 -Snr 3 -Seed 4
        $data.Count | Should -Be 100
        $data.Dimension | Should -Be 40
        $data.Generator | Should -Not -BeNullOrEmpty
        $data.Generator.Snr | Should -Be 3
        @($data.Y | Where-Object { $_ -ne 1 -and $_ -ne -1 }).Count | Should -Be 0
    }

    It 'gives the same numbers for the same seed and different ones for another seed' {
        $a = New-GaussianMixture -Dimension 10 -Samples 5 -Seed 7
        $b = New-GaussianMixture -Dimension 10 -Samples 5 -Seed 7
        $c = New-GaussianMixture -Dimension 10 -Samples 5 -Seed 8
        $a.X | Should -Be $b.X
        ($a.X -join ',') | Should -Not -Be ($c.X -join ',')
    }

    It 'rejects a non-positive dimension with a parameter error' {
        { New-GaussianMixture -Dimension 0 -Samples 10 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,FeatureLearning.PowerShell.Data.NewGaussianMixtureCommand'
    }

    It 'rejects a negative alpha with an error that says what to change' {
        $err = { New-GaussianMixture -Dimension 10 -Alpha -1 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.InvalidSampleCount'
        $err.Exception.Message | Should -Match 'Alpha'
    }

    It 'rejects a non-positive snr' {
        (Get-ErrorId { New-GaussianMixture -Dimension 10 -Samples 3 -Snr 0 }) | Should -Match '^FeatureLearning.InvalidSnr'
    }
}

Describe 'Get-BayesOptimalError' {
    It 'matches the closed form for the two-cluster mixture' {
        # Phi(-m) with m = sqrt(snr) = 1: 0.158655...
        Get-BayesOptimalError -Snr 1 -Kind TwoCluster | Should -BeGreaterThan 0.15865
        Get-BayesOptimalError -Snr 1 -Kind TwoCluster | Should -BeLessThan 0.15866
    }

    It 'reads the task of a dataset from the pipeline' {
        $e = New-GaussianMixture -Dimension 20 -Samples 10 -Snr 4 | Get-BayesOptimalError
        $e | Should -BeGreaterThan 0.14
        $e | Should -BeLessThan 0.15
    }
}

Describe 'Learners on the two-cluster control' {
    BeforeAll {
        $script:control = New-GaussianMixture -Dimension 50 -Alpha 20 -Snr 4 -Kind TwoCluster -Seed 1
        $script:bayes = $control | Get-BayesOptimalError
    }

    It 'a K=1 erf net learns the linearly separable task' {
        $model = $control | Train-TwoLayerNet -Hidden 1 -Activation Erf -Time 50 -TestSamples 4000 -Seed 2
        $model.TestError | Should -BeLessThan ($bayes + 0.03)
    }

    It 'random features learn it' {
        ($control | Invoke-RandomFeatures -TestSamples 4000).TestError | Should -BeLessThan ($bayes + 0.03)
    }

    It 'kernel ridge learns it with <kernel>' -ForEach @(@{ kernel = 'Rbf' }, @{ kernel = 'Linear' }, @{ kernel = 'ArcCosine' }, @{ kernel = 'Polynomial' }, @{ kernel = 'Ntk' }) {
        ($control | Invoke-KernelRidge -Kernel $kernel -TestSamples 4000).TestError | Should -BeLessThan ($bayes + 0.03)
    }
}

Describe 'Invoke-TwoLayerNet on XOR' {
    It 'an odd (erf) net without biases stays at chance: it cannot represent an even target' {
        $xor = New-GaussianMixture -Dimension 50 -Alpha 20 -Snr 4 -Seed 3
        $model = $xor | Train-TwoLayerNet -Activation Erf -Time 40 -TestSamples 4000
        $model.TestError | Should -BeGreaterThan 0.46
        $model.TestError | Should -BeLessThan 0.54
    }

    It 'records a history with order parameters' {
        $xor = New-GaussianMixture -Dimension 30 -Samples 300 -Seed 3
        $model = $xor | Train-TwoLayerNet -Time 10 -HistoryPoints 6 -Hidden 2
        $rows = $model | Get-TrainingHistory
        $rows.Count | Should -Be 6
        $rows[0].T | Should -Be 0
        $rows[-1].T | Should -BeGreaterOrEqual 10
        $rows[0].PSObject.Properties.Name | Should -Contain 'R2_2'
        $rows[0].PSObject.Properties.Name | Should -Contain 'Q1_2'
    }

    It 'gives the same model for the same seed' {
        $xor = New-GaussianMixture -Dimension 20 -Samples 200 -Seed 3
        $a = $xor | Train-TwoLayerNet -Time 5 -Seed 9 -TestSamples 100
        $b = $xor | Train-TwoLayerNet -Time 5 -Seed 9 -TestSamples 100
        $a.GetModel().W | Should -Be $b.GetModel().W
        $a.TestError | Should -Be $b.TestError
    }

    It 'detects a diverging learning rate instead of returning NaN' {
        $xor = New-GaussianMixture -Dimension 50 -Samples 500 -Seed 3
        $err = { $xor | Train-TwoLayerNet -LearningRate 1e4 -Time 5 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.Diverged'
        $err.Exception.Message | Should -Match 'LearningRate'
    }

    It 'rejects a model whose dimension does not match the data' {
        $small = New-GaussianMixture -Dimension 10 -Samples 50 -Seed 1
        $large = New-GaussianMixture -Dimension 20 -Samples 50 -Seed 1
        $model = $small | Train-TwoLayerNet -Time 1
        (Get-ErrorId { $large | Train-TwoLayerNet -InitialModel $model }) | Should -Match '^FeatureLearning.DimensionMismatch'
    }
}

Describe 'Compare-Learner' {
    It 'emits one flat row per learner, n and seed with the documented columns' {
        $data = New-GaussianMixture -Dimension 20 -Samples 10 -Seed 1
        $rows = Compare-Learner -Data $data -Alpha 2, 4 -Seed 0, 1 -Time 5 -TestSamples 500
        $rows.Count | Should -Be 12
        foreach ($column in 'Learner', 'Task', 'D', 'N', 'Alpha', 'Seed', 'TestError', 'TrainError', 'Seconds', 'BayesError') {
            $rows[0].PSObject.Properties.Name | Should -Contain $column
        }
        ($rows | Select-Object -ExpandProperty Learner -Unique) | Should -Be @('TwoLayerNet', 'RandomFeatures', 'KernelRidge')
        $csv = $rows | ConvertTo-Csv
        $csv.Count | Should -Be 13
    }

    It 'asks for -TestData when the data has no generator to draw test sets from' {
        $raw = [FeatureLearning.Core.Data.Dataset]::new([double[]](1, 2, 3, 4), [double[]](1, -1), 2, $null, 0)
        (Get-ErrorId { Compare-Learner -Data $raw -Alpha 1 }) | Should -Match '^FeatureLearning.NoTestData'
    }
}
