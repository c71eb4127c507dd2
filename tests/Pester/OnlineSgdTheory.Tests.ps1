BeforeAll { . "$PSScriptRoot/TestHelpers.ps1" }

Describe 'Get-TwoLayerNetTheory' {
    BeforeAll {
        $script:data = New-GaussianMixture -Dimension 100 -Samples 10 -Snr 9 -Seed 1
    }

    It 'is exported with its alias' {
        (Get-Command Invoke-OnlineSgdOde).ResolvedCommandName | Should -Be 'Get-TwoLayerNetTheory'
    }

    It 'emits one flat row per point with the columns of Get-TrainingHistory' {
        $theory = Get-TwoLayerNetTheory -Data $data -Hidden 2 -Time 4 -Points 3 -MonteCarloSamples 500
        $theory.Count | Should -Be 3
        $theory[0].Learner | Should -Be 'Theory'
        $theory.T | Should -Be @(0, 2, 4)
        $model = $data | Train-TwoLayerNet -Algorithm Online -Hidden 2 -Time 1 -HistoryPoints 2 -MonitorSamples 100 -TestSamples 0
        $history = $model | Get-TrainingHistory
        $theory[0].PSObject.Properties.Name | Should -Be $history[0].PSObject.Properties.Name
        ($theory + $history | ConvertTo-Csv).Count | Should -Be 6
    }

    It 'starts from the overlaps of the net Invoke-TwoLayerNet trains with the same seed' {
        $theory = Get-TwoLayerNetTheory -Data $data -Hidden 3 -Time 1 -Points 2 -MonteCarloSamples 500 -Seed 5
        $history = $data | Train-TwoLayerNet -Algorithm Online -Hidden 3 -Time 1 -HistoryPoints 2 -MonitorSamples 0 -TestSamples 0 -Seed 5 | Get-TrainingHistory
        foreach ($column in 'R1_1', 'R3_2', 'Q1_1', 'Q2_3', 'V3') { $theory[0].$column | Should -Be $history[0].$column }
    }

    It 'continues a simulation from a history row (warm start) on the simulation clock' {
        $history = $data | Train-TwoLayerNet -Algorithm Online -Hidden 2 -Time 4 -HistoryPoints 3 -MonitorSamples 100 -TestSamples 0 | Get-TrainingHistory
        $warm = Get-TwoLayerNetTheory -Data $data -InitialState $history[1] -Time 4 -Points 2 -MonteCarloSamples 500
        $warm.T | Should -Be @(2, 4)
        $warm[0].Q1_2 | Should -Be $history[1].Q1_2
    }

    It 'gives the same curve for the same seed' {
        $a = Get-TwoLayerNetTheory -Snr 4 -Dimension 50 -Hidden 2 -Time 2 -Points 2 -MonteCarloSamples 500 -Seed 3
        $b = Get-TwoLayerNetTheory -Snr 4 -Dimension 50 -Hidden 2 -Time 2 -Points 2 -MonteCarloSamples 500 -Seed 3
        $a[-1].Q1_1 | Should -Be $b[-1].Q1_1
        $a[-1].TestError | Should -Be $b[-1].TestError
    }

    It 'rejects a dataset without a mixture generator' {
        $raw = [FeatureLearning.Core.Data.Dataset]::new([double[]](1, 2, 3, 4), [double[]](1, -1), 2, $null, 0)
        (Get-ErrorId { Get-TwoLayerNetTheory -Data $raw -Time 1 }) | Should -Match '^FeatureLearning.NoGenerator'
    }

    It 'reports an unstable integration with an error that names -LearningRate or -Step' {
        $err = { Get-TwoLayerNetTheory -Data $data -Hidden 2 -LearningRate 50 -Step 0.05 -Time 20 -Points 2 -MonteCarloSamples 300 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.(Diverged|NotPositiveSemiDefinite)'
        $err.Exception.Message | Should -Match '-Step|-LearningRate'
    }

    It 'integrates the erf net in closed form close to the Monte Carlo route, and refuses a closed form for ReLU' {
        $control = New-GaussianMixture -Dimension 100 -Samples 10 -Snr 4 -Kind TwoCluster -Seed 1
        $closed = Get-TwoLayerNetTheory -Data $control -Hidden 1 -Activation Erf -LearningRate 0.3 -Time 3 -Step 0.1 -Points 2 -ClosedForm -MonteCarloSamples 500
        $mc = Get-TwoLayerNetTheory -Data $control -Hidden 1 -Activation Erf -LearningRate 0.3 -Time 3 -Step 0.1 -Points 2 -MonteCarloSamples 30000 -EvaluationSamples 1000
        [math]::Abs($closed[-1].Q1_1 - $mc[-1].Q1_1) | Should -BeLessThan 0.01
        [math]::Abs($closed[-1].TestLoss - $mc[-1].TestLoss) | Should -BeLessThan 0.01
        (Get-ErrorId { Get-TwoLayerNetTheory -Data $data -Time 1 -ClosedForm }) | Should -Match '^FeatureLearning.NoClosedForm'
    }

    It 'emits the ensemble mean with its spread, the members on request, the same numbers for the same seed' {
        $a = @(Get-TwoLayerNetTheory -Data $data -Hidden 2 -Time 2 -Points 3 -MonteCarloSamples 300 -Ensemble 4 -Seed 2 -PassThruMembers)
        $members = @($a | Where-Object Learner -eq 'TheoryMember')
        $summary = @($a | Where-Object Learner -eq 'TheoryEnsemble')
        $members.Count | Should -Be 12
        $summary.Count | Should -Be 3
        $summary[-1].Members | Should -Be 4
        $last = @($members | Where-Object T -eq 2)
        [math]::Abs($summary[-1].TestError - ($last | Measure-Object TestError -Average).Average) | Should -BeLessThan 1e-12
        [math]::Abs($summary[-1].TestErrorStd - ($last | Measure-Object TestError -StandardDeviation).StandardDeviation) | Should -BeLessThan 1e-12
        foreach ($column in 'TestErrorQ10', 'TestErrorMedian', 'TestErrorQ90', 'TestLossStd') { $summary[-1].PSObject.Properties.Name | Should -Contain $column }
        $b = @(Get-TwoLayerNetTheory -Data $data -Hidden 2 -Time 2 -Points 3 -MonteCarloSamples 300 -Ensemble 4 -Seed 2 -SgdNoise)
        $b[0].Learner | Should -Be 'TheoryEnsembleNoise'
        $c = @(Get-TwoLayerNetTheory -Data $data -Hidden 2 -Time 2 -Points 3 -MonteCarloSamples 300 -Ensemble 4 -Seed 2 -SgdNoise)
        $c[-1].Q1_1 | Should -Be $b[-1].Q1_1
    }

    It 'refuses -SgdNoise without -Ensemble, -Dimension with -Data without -Ensemble, and an ensemble from a given state' {
        (Get-ErrorId { Get-TwoLayerNetTheory -Data $data -Time 1 -SgdNoise }) | Should -Match '^FeatureLearning.ConflictingParameters'
        (Get-ErrorId { Get-TwoLayerNetTheory -Data $data -Time 1 -Dimension 500 }) | Should -Match '^FeatureLearning.ConflictingParameters'
        $history = $data | Train-TwoLayerNet -Algorithm Online -Hidden 2 -Time 1 -HistoryPoints 2 -MonitorSamples 0 -TestSamples 0 | Get-TrainingHistory
        (Get-ErrorId { Get-TwoLayerNetTheory -Data $data -InitialState $history[1] -Time 2 -Ensemble 3 }) | Should -Match '^FeatureLearning.ConflictingParameters'
    }

    It 'rejects a warm-start row without order parameters' {
        $row = [pscustomobject]@{ T = 1; TestError = 0.3 }
        (Get-ErrorId { Get-TwoLayerNetTheory -Data $data -InitialState $row -Time 2 }) | Should -Match '^FeatureLearning.InvalidState'
    }
}

Describe 'examples/Merge-OnlineSgdEnsembleGaps.ps1' {
    BeforeAll {
        # Two synthetic batches (K = 2, d = 10, t = 0 and 10): two seeds each; ensembles of 3 members given by their
        # means and standard deviations, in the two files the example script writes.
        $script:root = Join-Path ([IO.Path]::GetTempPath()) "fl-pester-merge-$PID"
        $batches = @(
            @{ Name = 'b1'; Seeds = 0, 1; Sim = 0.5, 0.3; Cold = 0.45, 0.35; Ens = 0.4; EnsStd = 0.1; Noise = 0.38; NoiseStd = 0.05 }
            @{ Name = 'b2'; Seeds = 2, 3; Sim = 0.2, 0.4; Cold = 0.3, 0.3; Ens = 0.6; EnsStd = 0.2; Noise = 0.5; NoiseStd = 0.1 }
        )
        foreach ($b in $batches) {
            $dir = Join-Path $root $b.Name
            New-Item -ItemType Directory -Force -Path $dir | Out-Null
            $rows = foreach ($t in 0, 10) {
                for ($i = 0; $i -lt 2; $i++) {
                    [pscustomobject]@{ Seed = $b.Seeds[$i]; T = $t; TestError = $b.Sim[$i]; Start = 'sim'; Snr = 4; Hidden = 2; D = 10 }
                    [pscustomobject]@{ Seed = $b.Seeds[$i]; T = $t; TestError = $b.Cold[$i]; Start = 'cold'; Snr = 4; Hidden = 2; D = 10 }
                }
                [pscustomobject]@{ Seed = 0; T = $t; TestError = $b.Ens; Start = 'ensemble'; Snr = 4; Hidden = 2; D = 10 }
                [pscustomobject]@{ Seed = 0; T = $t; TestError = $b.Noise; Start = 'noise'; Snr = 4; Hidden = 2; D = 10 }
            }
            $rows | Export-Csv (Join-Path $dir 'OnlineSgdTheory.csv') -NoTypeInformation
            $gapRows = foreach ($t in 0, 10) { [pscustomobject]@{ Snr = 4; K = 2; D = 10; T = $t; EnsembleStd = $b.EnsStd; NoiseStd = $b.NoiseStd } }
            $gapRows | Export-Csv (Join-Path $dir 'OnlineSgdTheory-gaps.csv') -NoTypeInformation
        }
        $script:pooled = Join-Path $root 'pooled'
        $merge = (Resolve-Path "$PSScriptRoot/../../examples/Merge-OnlineSgdEnsembleGaps.ps1").Path
        $command = "& '$merge' -InputDirectory '$(Join-Path $root b1)','$(Join-Path $root b2)' -Members 3 -OutputDirectory '$pooled' -ChartDimension 10 -TableTimes 0,10 -NoiseEffectTimes 10"
        $script:log = & (Join-Path $PSHOME pwsh) -NoProfile -c $command 2>&1 | Out-String
        $script:exitCode = $LASTEXITCODE
    }
    AfterAll { Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue }

    It 'pools seeds, pairs them with their cold ODE and pools the ensembles from their batch means and spreads' {
        $exitCode | Should -Be 0 -Because $log
        $row = Import-Csv (Join-Path $pooled 'OnlineSgdEnsemble-gaps.csv') | Where-Object T -eq 10
        [double]$row.SimMean | Should -BeLessThan (0.35 + 1e-12)
        [double]$row.SimMean | Should -BeGreaterThan (0.35 - 1e-12)
        # Paired differences 0.05, -0.05, -0.1, 0.1: mean 0, s.e. = sqrt(0.025 / 3) / 2.
        [math]::Abs([double]$row.NoiseEffectSimulated) | Should -BeLessThan 1e-12
        [math]::Abs([double]$row.NoiseEffectSimulatedStandardError - [math]::Sqrt(0.025 / 3) / 2) | Should -BeLessThan 1e-12
        # Ensembles of 3 + 3 members: mean 0.5; sum of squares 2(0.01) + 3(0.01) + 2(0.04) + 3(0.01) = 0.16 over 5.
        [math]::Abs([double]$row.EnsembleMean - 0.5) | Should -BeLessThan 1e-12
        [math]::Abs([double]$row.EnsembleStd - [math]::Sqrt(0.16 / 5)) | Should -BeLessThan 1e-12
        [math]::Abs([double]$row.EnsembleGap - (0.35 - 0.5)) | Should -BeLessThan 1e-12
        [int]$row.EnsembleMembers | Should -Be 6
        Test-Path (Join-Path $pooled 'ensemble-ode-gap-K2.png') | Should -BeTrue
        (Get-Content (Join-Path $pooled 'OnlineSgdEnsemble-tables.md') -Raw) | Should -Match '\| 2 \| 10 \| 4 / 6, 6 \|'
    }
}
