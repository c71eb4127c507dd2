BeforeAll { . "$PSScriptRoot/TestHelpers.ps1" }

Describe 'ConvertTo-Dataset reads rows the way Import-Csv users expect' {
    It 'parses numbers in the invariant culture whatever the session culture, as Import-Csv text is written' {
        $previous = [System.Threading.Thread]::CurrentThread.CurrentCulture
        try {
            [System.Threading.Thread]::CurrentThread.CurrentCulture = 'de-DE'
            $data = @([pscustomobject]@{ a = '1.5'; b = '-2e-3'; y = '0.25' }, [pscustomobject]@{ a = '3'; b = '4'; y = '1' }) |
                ConvertTo-Dataset -LabelProperty y
            $data.X | Should -Be @(1.5, -0.002, 3, 4)
            $data.Y | Should -Be @(0.25, 1)
        }
        finally { [System.Threading.Thread]::CurrentThread.CurrentCulture = $previous }
    }

    It 'refuses "1,5", empty and NaN values with the row and column named, as a non-terminating error per row' {
        $rows = @(
            [pscustomobject]@{ a = '1'; y = '1' }
            [pscustomobject]@{ a = '1,5'; y = '2' }
            [pscustomobject]@{ a = ''; y = '3' }
            [pscustomobject]@{ a = 'NaN'; y = '4' }
            [pscustomobject]@{ a = '5'; y = '5' }
        )
        $data = $rows | ConvertTo-Dataset -LabelProperty y -ErrorVariable bad -ErrorAction SilentlyContinue
        $data.Count | Should -Be 2
        $data.Y | Should -Be @(1, 5)
        $bad.Count | Should -Be 3
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.InvalidData*'
        $bad[0].Exception.Message | Should -BeLike "Row 2 column 'a': '1,5' is not a number*"
        $bad[1].Exception.Message | Should -BeLike "Row 3 column 'a': the value is empty*"
        $bad[2].Exception.Message | Should -BeLike "Row 4 column 'a': 'NaN' is not finite*"
    }

    It '-ErrorAction Stop ends the conversion at the first bad row, as PowerShell users expect' {
        { @([pscustomobject]@{ a = 'x'; y = 1 }) | ConvertTo-Dataset -LabelProperty y -ErrorAction Stop } |
            Should -Throw -ErrorId 'FeatureLearning.InvalidData*'
    }

    It 'takes hashtables as well as objects (the report cmdlets do too)' {
        $data = @(@{ a = 1.0; y = -1 }, @{ a = 2.0; y = 1 }) | ConvertTo-Dataset -LabelProperty y
        $data.Dimension | Should -Be 1
        $data.TaskType | Should -Be 'Classification'
    }

    It 'maps 0/1 labels to -1/+1 with a warning, and keeps them as numbers with -Task Regression' {
        $rows = 1..6 | ForEach-Object { [pscustomobject]@{ a = $_; y = $_ % 2 } }
        $auto = $rows | ConvertTo-Dataset -LabelProperty y -WarningVariable w -WarningAction SilentlyContinue
        $auto.TaskType | Should -Be 'Classification'
        $auto.Y | Should -Be @(1, -1, 1, -1, 1, -1)
        $w.Count | Should -Be 1
        $w[0].Message | Should -BeLike '*0/1*-Task Regression*'
        $kept = $rows | ConvertTo-Dataset -LabelProperty y -Task Regression
        $kept.TaskType | Should -Be 'Regression'
        $kept.Y | Should -Be @(1, 0, 1, 0, 1, 0)
    }

    It '-Task Classification maps two values to -1/+1 and refuses a third' {
        $two = @(@{ a = 1; y = 3 }, @{ a = 2; y = 7 }) | ConvertTo-Dataset -LabelProperty y -Task Classification
        $two.Y | Should -Be @(-1, 1)
        { @(@{ a = 1; y = 1 }, @{ a = 2; y = 2 }, @{ a = 3; y = 3 }) | ConvertTo-Dataset -LabelProperty y -Task Classification } |
            Should -Throw -ErrorId 'FeatureLearning.InvalidLabels*'
    }

    It 'a learner on data without a task and without -TestData says so instead of returning NaN silently' {
        $data = 1..40 | ForEach-Object { [pscustomobject]@{ a = $_ / 40; y = 2 * $_ / 40 } } | ConvertTo-Dataset -LabelProperty y
        $model = $data | Invoke-KernelRidge -Kernel Linear -WarningVariable w -WarningAction SilentlyContinue
        [double]::IsNaN($model.TestError) | Should -BeTrue
        $w[0].Message | Should -BeLike '*-TestData*'
    }

    It 'the declared task type survives Export-Dataset and Import-Dataset' {
        $path = Join-Path $TestDrive 'user.json'
        1..6 | ForEach-Object { [pscustomobject]@{ a = $_; y = 1 - 2 * ($_ % 2) } } | ConvertTo-Dataset -LabelProperty y -Task Regression |
            Export-Dataset -Path $path
        (Import-Dataset -Path $path).TaskType | Should -Be 'Regression'
    }
}
