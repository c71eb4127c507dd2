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
        # A bad pipeline item is a non-terminating error; -ErrorAction Stop makes it throw with the same id.
        $err = { $xor | Train-TwoLayerNet -LearningRate 1e4 -Time 5 -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.Diverged'
        $err.Exception.Message | Should -Match 'LearningRate'
    }

    It 'rejects a model whose dimension does not match the data' {
        $small = New-GaussianMixture -Dimension 10 -Samples 50 -Seed 1
        $large = New-GaussianMixture -Dimension 20 -Samples 50 -Seed 1
        $model = $small | Train-TwoLayerNet -Time 1
        (Get-ErrorId { $large | Train-TwoLayerNet -InitialModel $model -ErrorAction Stop }) | Should -Match '^FeatureLearning.DimensionMismatch'
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

    It 'reports a diverging trial as a non-terminating error and still returns the other learners'' rows' {
        $data = New-GaussianMixture -Dimension 10 -Samples 1 -Seed 2
        $diverging = Invoke-TwoLayerNet -AsSpec -LearningRate 1e6 -Time 2
        $rows = Compare-Learner -Data $data -Samples 20, 40 -Seed 0 -Learner $diverging, KernelRidge -TestSamples 200 -ErrorAction SilentlyContinue -ErrorVariable failed
        @($rows).Count | Should -Be 2
        @($rows.Learner | Select-Object -Unique) | Should -Be @('KernelRidge')
        @($failed).Count | Should -Be 2
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.Diverged*'
        $failed[0].TargetObject | Should -Be 'TwoLayerNet n=20 seed=0'
        "$($failed[0])" | Should -BeLike 'TwoLayerNet n=20 seed=0: *'
        # -ErrorAction Stop ends the call at the first failed trial.
        (Get-ErrorId { Compare-Learner -Data $data -Samples 20 -Seed 0 -Learner $diverging -TestSamples 200 }) | Should -BeLike 'FeatureLearning.Diverged*'
    }

    It 'rejects a dataset without a generator unless -TestData is given' {
        $raw = [FeatureLearning.Core.Data.Dataset]::new([double[]](1, 2, 3, 4), [double[]](1, -1), 2, $null, 0)
        $err = { Compare-Learner -Data $raw -Alpha 1 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.NoTestData'
        $err.Exception.Message | Should -Match '-TestData'
    }
}

Describe 'The mixture paper''s parametrisation: noise σ with unit means, and its learning rates' {
    It '-Noise <sigma> draws the very numbers of -Snr 1/σ² (same seed)' -ForEach @(@{ sigma = 0.5 }, @{ sigma = 0.3 }, @{ sigma = 1.7 }) {
        $byNoise = New-GaussianMixture -Dimension 25 -Samples 40 -Noise $sigma -Seed 6
        $bySnr = New-GaussianMixture -Dimension 25 -Samples 40 -Snr (1 / ($sigma * $sigma)) -Seed 6
        $byNoise.Generator.Snr | Should -Be (1 / ($sigma * $sigma))
        [Math]::Abs($byNoise.Generator.Noise - $sigma) | Should -BeLessThan 1e-14
        ($byNoise.X -join ',') | Should -Be ($bySnr.X -join ',')
        ($byNoise.Y -join ',') | Should -Be ($bySnr.Y -join ',')
        # The Bayes error on the paper's axis: its Figure 1 oracle reads 0.1449 at σ = 0.5 (spec table I.6a).
        if ($sigma -eq 0.5) { [Math]::Round((Get-BayesOptimalError -Noise 0.5), 4) | Should -Be 0.1449 }
        Get-BayesOptimalError -Noise $sigma | Should -Be (Get-BayesOptimalError -Snr (1 / ($sigma * $sigma)))
    }

    It 'refuses -Noise together with -Snr, and a noise that is <case>' -ForEach @(
        @{ case = 'NaN'; value = [double]::NaN }, @{ case = 'zero'; value = 0.0 }, @{ case = 'negative'; value = -0.5 }, @{ case = 'infinite'; value = [double]::PositiveInfinity }) {
        (Get-ErrorId { New-GaussianMixture -Dimension 10 -Samples 3 -Noise $value }) | Should -Match '^FeatureLearning.InvalidNoise'
        (Get-ErrorId { Get-TwoLayerNetTheory -Noise $value -Time 1 }) | Should -Match '^FeatureLearning.InvalidNoise'
        (Get-ErrorId { Get-BayesOptimalError -Noise $value }) | Should -Match '^FeatureLearning.InvalidNoise'
        $err = { New-GaussianMixture -Dimension 10 -Samples 3 -Snr 4 -Noise 0.5 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.ConflictingParameters'
        $err.Exception.Message | Should -Match '-Noise'
        (Get-ErrorId { Get-TwoLayerNetTheory -Snr 4 -Noise 0.5 -Time 1 }) | Should -Match '^FeatureLearning.ConflictingParameters'
    }

    It 'a net trained with -Convention Paper equals the net trained with the converted rates (η₁ = ησ², η₂ = η, reg₁ = reg/σ², init × σ)' {
        $paperData = New-GaussianMixture -Dimension 40 -Alpha 10 -Noise 0.5 -Seed 3
        $ourData = New-GaussianMixture -Dimension 40 -Alpha 10 -Snr 4 -Seed 3
        $common = @{ Epochs = 2; TestSamples = 2000; Seed = 1; HistoryPoints = 2 }
        $paper = $paperData | Train-TwoLayerNet -Convention Paper -LearningRate 0.5 -Regularization 0.01 @common
        $ours = $ourData | Train-TwoLayerNet -LearningRate 0.125 -SecondLayerLearningRate 0.5 -Regularization 0.04 -SecondLayerRegularization 0.01 -InitScale 0.5 @common
        $paper.TestError | Should -Be $ours.TestError
        $paper.GetModel().W.Count | Should -Be 160
        ($paper.GetModel().W -join ',') | Should -Be ($ours.GetModel().W -join ',')
        ($paper.GetModel().V -join ',') | Should -Be ($ours.GetModel().V -join ',')
        # The convention matters: the same η in the module's units is another dynamics.
        $module = $ourData | Train-TwoLayerNet -LearningRate 0.5 -Regularization 0.01 @common
        ($module.GetModel().V -join ',') | Should -Not -Be ($paper.GetModel().V -join ',')
    }

    It 'the theory gives the same curve from -Noise as from -Snr, and in paper units as with the converted rates' {
        $common = @{ Dimension = 200; Time = 6; Points = 4; MonteCarloSamples = 2000; Seed = 2 }
        $bySnr = Get-TwoLayerNetTheory -Snr 4 @common
        $byNoise = Get-TwoLayerNetTheory -Noise 0.5 @common
        ($byNoise.TestError -join ',') | Should -Be ($bySnr.TestError -join ',')
        ($byNoise.TestLoss -join ',') | Should -Be ($bySnr.TestLoss -join ',')
        $paper = Get-TwoLayerNetTheory -Noise 0.5 -Convention Paper -LearningRate 0.5 -Step 0.05 @common
        $converted = Get-TwoLayerNetTheory -Snr 4 -LearningRate 0.125 -SecondLayerLearningRate 0.5 -InitScale 0.5 -Step 0.05 @common
        ($paper.TestLoss -join ',') | Should -Be ($converted.TestLoss -join ',')
        ($paper.TestLoss -join ',') | Should -Not -Be ((Get-TwoLayerNetTheory -Snr 4 -LearningRate 0.5 -Step 0.05 @common).TestLoss -join ',')
    }

    It '-Convention Paper refuses data that is not a Gaussian mixture, and a bias' {
        $teacher = New-SingleIndexTask -Dimension 10 -Samples 50 -Seed 1
        (Get-ErrorId { $teacher | Train-TwoLayerNet -Convention Paper -Time 1 -ErrorAction Stop }) | Should -Match '^FeatureLearning.NoPaperUnits'
        $xor = New-GaussianMixture -Dimension 10 -Samples 50 -Noise 0.5 -Seed 1
        (Get-ErrorId { $xor | Train-TwoLayerNet -Convention Paper -Bias -Time 1 -ErrorAction Stop }) | Should -Match '^FeatureLearning.ConflictingParameters'
        (Get-ErrorId { $xor | Train-TwoLayerNet -SecondLayerLearningRate -1 -Time 1 -ErrorAction Stop }) | Should -Match '^FeatureLearning.InvalidHyperParameter'
        (Get-ErrorId { $xor | Train-TwoLayerNet -SecondLayerRegularization ([double]::NaN) -Time 1 -ErrorAction Stop }) | Should -Match '^FeatureLearning.InvalidHyperParameter'
    }

    It 'a spec in paper units survives -AsSpec and converts per task in Compare-Learner' {
        $spec = Invoke-TwoLayerNet -Convention Paper -LearningRate 0.5 -Epochs 1 -AsSpec
        $spec.Convention | Should -Be 'Paper'
        $data = New-GaussianMixture -Dimension 20 -Samples 10 -Noise 0.5 -Seed 1
        $row = Compare-Learner -Data $data -Samples 200 -Seed 0 -Learner $spec -TestSamples 500
        $direct = (New-GaussianMixture -Dimension 20 -Samples 10 -Snr 4 -Seed 1) |
            ForEach-Object { Compare-Learner -Data $_ -Samples 200 -Seed 0 -Learner (Invoke-TwoLayerNet -LearningRate 0.125 -SecondLayerLearningRate 0.5 -InitScale 0.5 -Epochs 1 -AsSpec) -TestSamples 500 }
        $row.TestError | Should -Be $direct.TestError
    }
}
