BeforeAll { . "$PSScriptRoot/TestHelpers.ps1" }

Describe 'One bad item does not stop a pipeline, as PowerShell users expect' {
    BeforeAll {
        $folder = Join-Path $TestDrive 'models'
        New-Item -ItemType Directory $folder | Out-Null
        $data = New-GaussianMixture -Dimension 6 -Samples 120 -Seed 1
        $data | Invoke-KernelRidge -TestSamples 200 | Export-TrainedModel -Path (Join-Path $folder 'a-model.json')
        $data | Invoke-RandomFeatures -Features 10 -TestSamples 200 | Export-TrainedModel -Path (Join-Path $folder 'b-model.json')
        $data | Export-Dataset -Path (Join-Path $folder 'c-data.json')
        Set-Content (Join-Path $folder 'd-broken.json') '{"format": "FeatureLearning.Model", "version": 2'
    }

    It 'Get-ChildItem *.json | Import-TrainedModel writes an error per unreadable file and keeps the models, as Import-Csv does per file' {
        $models = Get-ChildItem $folder -Filter *.json | Import-TrainedModel -ErrorVariable bad -ErrorAction SilentlyContinue
        @($models).Count | Should -Be 2
        $models.Learner | Should -Be @('KernelRidge', 'RandomFeatures')
        $bad.Count | Should -Be 2
        $bad.FullyQualifiedErrorId | Should -Contain 'FeatureLearning.ForeignFile,FeatureLearning.PowerShell.Persistence.ImportTrainedModelCommand'
        $bad.FullyQualifiedErrorId | Should -Contain 'FeatureLearning.CorruptFile,FeatureLearning.PowerShell.Persistence.ImportTrainedModelCommand'
    }

    It '-ErrorAction Stop makes the first unreadable file end the command' {
        { Get-ChildItem $folder -Filter *.json | Import-TrainedModel -ErrorAction Stop } | Should -Throw -ErrorId 'FeatureLearning.ForeignFile*'
    }

    It 'Import-Dataset -Path resolves wildcards through the provider, relative to the current location, as Import-Csv does' {
        Push-Location $folder
        try {
            $found = Import-Dataset -Path '*-data.json'
            @($found).Count | Should -Be 1
            $found.Count | Should -Be 120
        }
        finally { Pop-Location }
    }

    It '-LiteralPath takes a name with wildcard characters as it is' {
        $odd = Join-Path $folder 'odd[1].json'
        Copy-Item -LiteralPath (Join-Path $folder 'c-data.json') -Destination $odd
        (Import-Dataset -LiteralPath $odd).Count | Should -Be 120
    }

    It 'a path that matches nothing, or a non-file provider, is a clear error' {
        Get-ErrorId { Import-Dataset -Path (Join-Path $folder 'nothing-*.json') -ErrorAction Stop } | Should -BeLike 'FeatureLearning.FileNotFound*'
        Get-ErrorId { Import-TrainedModel -Path 'Env:/PATH' -ErrorAction Stop } | Should -BeLike 'FeatureLearning.NotAFileSystemPath*'
        Get-ErrorId { Import-Dataset -Path $folder -ErrorAction Stop } | Should -BeLike 'FeatureLearning.InvalidPath*'
    }

    It 'a learner piped several datasets writes an error for the one it cannot fit and fits the others' {
        $good = New-GaussianMixture -Dimension 6 -Samples 80 -Seed 2
        $bad = ConvertTo-Dataset -LabelProperty y -InputObject ([pscustomobject]@{ a = 1; y = 1 })
        $models = @($good, $bad, $good) | Invoke-TwoLayerNet -Time 1 -Algorithm Online -TestSamples 100 -ErrorVariable errors -ErrorAction SilentlyContinue
        @($models).Count | Should -Be 2
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.NoGenerator*'
    }

    It 'a bad setting stops the learner before any data (it would fail for every item)' {
        Get-ErrorId { New-GaussianMixture -Dimension 6 -Samples 50 | Invoke-RandomFeatures -Ridge -1 } | Should -BeLike 'FeatureLearning.InvalidHyperParameter*'
    }
}
