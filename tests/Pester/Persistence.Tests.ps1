BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "fl-pester-persist-$PID"
    New-Item -ItemType Directory -Force $folder | Out-Null
}
AfterAll { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Export and Import of datasets and models' {
    It 'a dataset round-trips with its generator' {
        $data = New-GaussianMixture -Dimension 20 -Samples 50 -Seed 4
        $file = $data | Export-Dataset -Path (Join-Path $folder 'd.json') -PassThru
        $file.Length | Should -BeGreaterThan 0
        $back = Import-Dataset $file.FullName
        $back.X | Should -Be $data.X
        ($back | Get-BayesOptimalError) | Should -Be ($data | Get-BayesOptimalError)
    }

    It 'a trained net round-trips and keeps its history' {
        $net = New-GaussianMixture -Dimension 20 -Samples 200 -Seed 4 | Train-TwoLayerNet -Time 3 -HistoryPoints 4 -TestSamples 500
        $net | Export-TrainedModel -Path (Join-Path $folder 'm.json')
        $back = Get-Item (Join-Path $folder 'm.json') | Import-TrainedModel
        $back.TestError | Should -Be $net.TestError
        $back.GetModel().W | Should -Be $net.GetModel().W
        @($back | Get-TrainingHistory).Count | Should -Be 4
    }

    It 'a corrupt file and a foreign file get clear errors' {
        Set-Content (Join-Path $folder 'corrupt.json') '{"format":"FeatureLearning.Model","version":1,"learner":'
        (Get-ErrorId { Import-TrainedModel (Join-Path $folder 'corrupt.json') }) | Should -Match '^FeatureLearning.CorruptFile'
        Set-Content (Join-Path $folder 'foreign.json') '{"name":"something else"}'
        (Get-ErrorId { Import-Dataset (Join-Path $folder 'foreign.json') }) | Should -Match '^FeatureLearning.ForeignFile'
        (Get-ErrorId { Import-Dataset (Join-Path $folder 'missing.json') }) | Should -Match '^FeatureLearning.FileNotFound'
    }

    It 'writing into a missing folder fails and leaves nothing behind' {
        $data = New-GaussianMixture -Dimension 5 -Samples 5
        (Get-ErrorId { $data | Export-Dataset -Path (Join-Path $folder 'no/such/dir/d.json') }) | Should -Match '^FeatureLearning.InvalidPath'
        @(Get-ChildItem $folder -Filter '*.tmp' -Force).Count | Should -Be 0
    }
}

Describe 'Determinism' {
    It 'the same seed gives bit-identical results with 1 and with 2 processor threads' {
        $script = @"
Import-Module '$(Join-Path $RepoRoot 'FeatureLearning.psd1')'
`$d = New-GaussianMixture -Dimension 64 -Alpha 8 -Seed 5
`$a = (`$d | Train-TwoLayerNet -Time 5 -Seed 2 -TestSamples 3000).GetModel().W
`$b = (`$d | Invoke-RandomFeatures -Features 300 -Seed 2 -TestSamples 3000).GetModel().Readout
`$c = (`$d | Invoke-KernelRidge -Seed 2 -TestSamples 3000).GetModel().Alpha
[Convert]::ToBase64String([byte[]](`$a + `$b + `$c | ForEach-Object { [BitConverter]::GetBytes([double]`$_) } | ForEach-Object { `$_ }))
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
