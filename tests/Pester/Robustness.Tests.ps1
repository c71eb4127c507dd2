BeforeAll { . "$PSScriptRoot/TestHelpers.ps1" }

Describe 'ConvertTo-Dataset and bad data' {
    It 'builds a dataset from pipeline objects' {
        $data = 1..20 | ForEach-Object { [pscustomobject]@{ a = $_; b = -$_; y = if ($_ % 2) { 1 } else { -1 } } } | ConvertTo-Dataset -LabelProperty y
        $data.Count | Should -Be 20
        $data.Dimension | Should -Be 2
        $data.TaskType | Should -Be 'Classification'
    }

    It 'rejects a non-number with its row and property' {
        $err = { [pscustomobject]@{ a = 'x'; y = 1 } | ConvertTo-Dataset -LabelProperty y } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.InvalidData'
        $err.Exception.Message | Should -Match "'a'"
    }

    It 'learners reject NaN in the data, naming the sample' -ForEach @(@{ learner = 'Invoke-TwoLayerNet' }, @{ learner = 'Invoke-RandomFeatures' }, @{ learner = 'Invoke-KernelRidge' }) {
        $data = @([pscustomobject]@{ a = 1; b = [double]::NaN; y = 1 }, [pscustomobject]@{ a = 2; b = 3; y = -1 }) | ConvertTo-Dataset -LabelProperty y
        $err = { $data | & $learner } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.NonFiniteData'
        $err.Exception.Message | Should -Match 'Sample 0'
    }

    It 'an unknown kernel or activation is a parameter error that lists the valid names' {
        $data = New-GaussianMixture -Dimension 5 -Samples 20
        $err = { $data | Invoke-KernelRidge -Kernel Gaussian } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^CannotConvertArgumentNoMessage|^ParameterArgumentTransformationError'
        $err.Exception.Message | Should -Match 'Rbf'
        $err = { $data | Train-TwoLayerNet -Activation Sigmoid } | Should -Throw -PassThru
        $err.Exception.Message | Should -Match 'Relu'
    }

    It 'a dense kernel that cannot fit in memory is refused up front with the alternative' {
        $x = [double[]]::new(2 * 1000000); $y = [double[]]::new(1000000)
        for ($i = 0; $i -lt $y.Length; $i++) { $y[$i] = 1 }
        $big = [FeatureLearning.Core.Data.Dataset]::new($x, $y, 2, $null, 0)
        $err = { $big | Invoke-KernelRidge -Ridge 1 -Solver Dense } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.InsufficientMemory'
        $err.Exception.Message | Should -Match 'GB'
        $err.Exception.Message | Should -Match 'random features'
        $err.Exception.Message | Should -Match '-Solver Nystrom'
    }

    It 'rejects Nyström settings that cannot work, naming them' -ForEach @(
        @{ setting = @{ Centers = 0 }; name = 'Centers' }, @{ setting = @{ Iterations = 0 }; name = 'Iterations' }, @{ setting = @{ Tolerance = 1.5 }; name = 'Tolerance' }) {
        $data = New-GaussianMixture -Dimension 5 -Samples 40 -Seed 1
        $err = { $data | Invoke-KernelRidge -Ridge 1 -Solver Nystrom @setting -TestSamples 10 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.InvalidHyperParameter'
        $err.Exception.Message | Should -Match $name
    }

    It 'fits by Nyström through the cmdlet, close to the dense solve' {
        $data = New-GaussianMixture -Dimension 20 -Samples 600 -Seed 2 -Kind TwoCluster
        $dense = $data | Invoke-KernelRidge -Ridge 1 -Gamma 0.5 -Solver Dense -TestSamples 2000 -Seed 3
        $nystrom = $data | Invoke-KernelRidge -Ridge 1 -Gamma 0.5 -Solver Nystrom -Centers 600 -Tolerance 1e-9 -TestSamples 2000 -Seed 3
        $nystrom.Model.Solver | Should -Be 'Nystrom'
        [math]::Abs($nystrom.TestError - $dense.TestError) | Should -BeLessOrEqual 0.001
    }
}

Describe 'Ctrl+C' {
    It 'stops a long training run promptly (StopProcessing cancels the core)' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Join-Path $RepoRoot 'FeatureLearning.psd1')'; New-GaussianMixture -Dimension 500 -Samples 10 | Train-TwoLayerNet -Algorithm Online -Time 100000")
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
