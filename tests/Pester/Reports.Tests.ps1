# Workbook and plot reports, read back by an independent reader (Debian's python3-openpyxl).
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "fl-pester-reports-$PID"
    New-Item -ItemType Directory -Force $folder | Out-Null

    $script:python = Find-OpenPyxl
    $script:noReader = 'python3 with openpyxl is not available (install python3-openpyxl); the workbook could not be read back.'

    $data = New-GaussianMixture -Dimension 8 -Samples 1 -Seed 1
    $script:rows = @(Compare-Learner -Data $data -Alpha 2, 4, 8 -Seed 0, 1 -Learner TwoLayerNet, RandomFeatures -Time 2 -TestSamples 200 -LearningRate 0.05)
    $net = New-GaussianMixture -Dimension 8 -Samples 80 -Seed 2 | Train-TwoLayerNet -Time 3 -HistoryPoints 5 -TestSamples 200 -LearningRate 0.05
    $script:history = @($net | Get-TrainingHistory)
}
AfterAll { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Export-LearningCurveReport' {
    It 'writes Compare-Learner rows as a table, a summary table and a chart that openpyxl reads' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'compare.xlsx'
        $file = $rows | Export-LearningCurveReport -Path $path -WorksheetName Xor -X Alpha -Y TestError -Series Learner -LogX -PassThru
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.FullName | Should -Be $path

        $book = Read-Workbook $path
        $book.sheets | Should -Be @('Xor', 'Xor Summary')
        $columns = $rows[0].PSObject.Properties.Name
        $book.tables['Xor']['Xor'] | Should -Be "A1:$([char]([int][char]'A' + $columns.Count - 1))$($rows.Count + 1)"
        $book.cells['Xor'][0] | Should -Be $columns
        $book.cells['Xor'][1][$columns.IndexOf('Alpha')] | Should -Be $rows[0].Alpha
        $book.types['Xor'][1][$columns.IndexOf('Alpha')] | Should -BeIn @('int', 'float')    # a number, not text
        $book.types['Xor'][1][$columns.IndexOf('N')] | Should -Be 'int'
        $book.types['Xor'][1][$columns.IndexOf('Learner')] | Should -Be 'str'

        # Summary: 2 learners × 3 alphas, each learner a contiguous block; the mean checked against Measure-Object.
        $book.tables['Xor Summary']['Xor_Summary'] | Should -Be 'A1:E7'
        $book.cells['Xor Summary'][0] | Should -Be @('Learner', 'Alpha', 'Mean TestError', 'Std TestError', 'Count')
        $first = $rows | Where-Object { $_.Learner -eq $book.cells['Xor Summary'][1][0] -and $_.Alpha -eq $book.cells['Xor Summary'][1][1] }
        $book.cells['Xor Summary'][1][2] | Should -BeGreaterOrEqual (($first.TestError | Measure-Object -Average).Average - 1e-12)
        $book.cells['Xor Summary'][1][2] | Should -BeLessOrEqual (($first.TestError | Measure-Object -Average).Average + 1e-12)
        $book.cells['Xor Summary'][1][4] | Should -Be 2

        $charts = $book.charts['Xor Summary']
        $charts.Count | Should -Be 1
        $charts[0].type | Should -Be 'ScatterChart'
        $charts[0].series.title | Should -Be @('TwoLayerNet', 'RandomFeatures')
        $charts[0].series[0].x | Should -Be "'Xor Summary'!`$B`$2:`$B`$4"
        $charts[0].series[1].y | Should -Be "'Xor Summary'!`$C`$5:`$C`$7"
        $charts[0].series[1].titleRef | Should -Be "'Xor Summary'!`$A`$5"
        $charts[0].series.points | Should -Be @(3, 3)
        $charts[0].logX | Should -Be 10
        $charts[0].logY | Should -BeNullOrEmpty
        $book.charts['Xor'].Count | Should -Be 0
    }

    It 'writes training-history rows (note properties) with -X T' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'history.xlsx'
        $history | Export-LearningCurveReport -Path $path -WorksheetName Training -X T -Y TestError -Series Learner -LogY
        $book = Read-Workbook $path
        $book.cells['Training'][0] | Should -Be $history[0].PSObject.Properties.Name
        $book.cells['Training'][0] | Should -Contain 'R1_1'
        $book.rows['Training'] | Should -Be ($history.Count + 1)
        $book.charts['Training Summary'][0].series.title | Should -Be @('TwoLayerNet')
        $book.charts['Training Summary'][0].series[0].points | Should -Be $history.Count
        $book.charts['Training Summary'][0].logY | Should -Be 10
    }

    It '-Append keeps the other sheets and replaces a sheet of the same name' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'append.xlsx'
        $rows | Export-LearningCurveReport -Path $path -WorksheetName Xor
        $history | Export-LearningCurveReport -Path $path -WorksheetName Training -X T -Append
        $rows | Select-Object -First 2 | Export-LearningCurveReport -Path $path -WorksheetName Xor -Append
        $book = Read-Workbook $path
        $book.sheets | Should -Be @('Training', 'Training Summary', 'Xor', 'Xor Summary')
        $book.tables['Xor']['Xor'] | Should -Match '1:[A-Z]+3$'
        $book.charts['Training Summary'].Count | Should -Be 1
        $book.charts['Xor Summary'].Count | Should -Be 1
    }

    It '-Append extends a workbook written by another program (openpyxl) without losing its sheets' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'foreign.xlsx'
        & $python -c "import openpyxl; wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'Raw'; ws.append(['a', 'b']); ws.append([1, 'x']); wb.create_sheet('Results')['A1'] = 'old'; wb.save(r'$path')"
        $rows | Export-LearningCurveReport -Path $path -Append
        $book = Read-Workbook $path
        $book.sheets | Should -Be @('Raw', 'Results', 'Results Summary')
        $book.cells['Raw'][0..1] | ForEach-Object { , $_[0..1] } | Should -Be @(@('a', 'b'), @(1, 'x'))
        $book.cells['Results'][0][0] | Should -Be 'Learner'
    }

    It 'rows without a Series column form one series; strings stay strings' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'plain.xlsx'
        1..4 | ForEach-Object { [pscustomobject]@{ Alpha = $_; TestError = 1 / $_; Note = "run $_"; Code = '007' } } |
            Export-LearningCurveReport -Path $path
        $book = Read-Workbook $path
        $book.charts['Results Summary'][0].series.title | Should -Be @('TestError')
        $book.cells['Results'][1] | Should -Be @(1, 1.0, 'run 1', '007')
        $book.types['Results'][1][3] | Should -Be 'str'
    }

    It 'writes booleans as boolean cells that openpyxl reads as True and False' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'flags.xlsx'
        1..3 | ForEach-Object { [pscustomobject]@{ Alpha = $_; TestError = 1 / $_; Reached = $_ -ge 2 } } | Export-LearningCurveReport -Path $path
        $book = Read-Workbook $path
        $book.cells['Results'][1][2] | Should -BeFalse
        $book.cells['Results'][2][2] | Should -BeTrue
        $book.types['Results'][1][2] | Should -Be 'bool'
    }

    It 'resolves a relative -Path against the PowerShell location' {
        Push-Location $folder
        try { $rows | Export-LearningCurveReport -Path 'relative.xlsx' } finally { Pop-Location }
        Test-Path (Join-Path $folder 'relative.xlsx') | Should -BeTrue
    }

    It 'a failing export leaves no file and no temporary file' {
        $path = Join-Path $folder 'failed.xlsx'
        $message = try { $rows | Export-LearningCurveReport -Path $path -X NoSuchColumn; '' } catch { $_.FullyQualifiedErrorId + ' ' + $_.Exception.Message }
        $message | Should -Match '^FeatureLearning.MissingColumn'
        $message | Should -Match 'Learner, Task, D, N, Alpha'
        Test-Path $path | Should -BeFalse
        @(Get-ChildItem $folder -Force -Filter '*.tmp*').Count | Should -Be 0
    }

    It 'reports empty input, a non-xlsx path, a missing folder and a bad sheet name with clear ids' {
        (Get-ErrorId { @() | Export-LearningCurveReport -Path (Join-Path $folder 'e.xlsx') }) | Should -Match '^FeatureLearning.EmptyInput'
        (Get-ErrorId { $rows | Export-LearningCurveReport -Path (Join-Path $folder 'e.csv') }) | Should -Match '^FeatureLearning.InvalidPath'
        (Get-ErrorId { $rows | Export-LearningCurveReport -Path (Join-Path $folder 'no/such/e.xlsx') }) | Should -Match '^FeatureLearning.InvalidPath'
        (Get-ErrorId { $rows | Export-LearningCurveReport -Path (Join-Path $folder 'e.xlsx') -WorksheetName 'a:b' }) | Should -Match '^FeatureLearning.InvalidWorksheetName'
        (Get-ErrorId { $rows | Export-LearningCurveReport -Path (Join-Path $folder 'e.xlsx') -X Learner }) | Should -Match '^FeatureLearning.NonNumericColumn'
        Test-Path (Join-Path $folder 'e.xlsx') | Should -BeFalse
    }
}

Describe 'Export-LearningCurvePlot' {
    It 'writes a PNG and an SVG' {
        $png = $rows | Export-LearningCurvePlot -Path (Join-Path $folder 'curve.png') -LogX -LogY -MarkerSeries RandomFeatures -PassThru
        $png | Should -BeOfType [System.IO.FileInfo]
        [IO.File]::ReadAllBytes($png.FullName)[1..3] | Should -Be ([byte[]][char[]]'PNG')
        $history | Export-LearningCurvePlot -Path (Join-Path $folder 'history.svg') -X T -Title 'Training'
        Get-Content (Join-Path $folder 'history.svg') -Raw | Should -Match '<svg'
    }

    It '-Show on a machine without a viewer writes the file and warns instead of failing' {
        $saved = $env:PATH
        try {
            $env:PATH = $folder   # no xdg-open (or any opener) on this PATH: the headless server case
            $png = $rows | Export-LearningCurvePlot -Path (Join-Path $folder 'shown.png') -Show -PassThru -WarningVariable plotWarnings -WarningAction SilentlyContinue
            $xlsx = $rows | Export-LearningCurveReport -Path (Join-Path $folder 'shown.xlsx') -Show -PassThru -WarningVariable bookWarnings -WarningAction SilentlyContinue
        }
        finally { $env:PATH = $saved }
        $png.Exists | Should -BeTrue
        $xlsx.Exists | Should -BeTrue
        ($plotWarnings -join ' ') | Should -Match 'could not open'
        ($bookWarnings -join ' ') | Should -Match 'could not open'
    }

    It 'rejects other extensions' {
        (Get-ErrorId { $rows | Export-LearningCurvePlot -Path (Join-Path $folder 'curve.gif') }) | Should -Match '^FeatureLearning.InvalidPath'
        Test-Path (Join-Path $folder 'curve.gif') | Should -BeFalse
    }
}
