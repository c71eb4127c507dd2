# Interoperability with ImportExcel itself (7.8.10, the module most PowerShell users write Excel files with), found at
# ../shared/vendor/ImportExcel next to the repository and never copied into it. Without that folder every test here is
# skipped with the reason. Rows are compared generically, property by property, so new columns are covered as they come.
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem

    $importExcel = Join-Path $RepoRoot '..' 'shared' 'vendor' 'ImportExcel' 'ImportExcel.psd1'
    $script:missing = if (-not (Test-Path $importExcel)) {
        "ImportExcel is not at $([IO.Path]::GetFullPath($importExcel)) (../shared/vendor/ImportExcel next to the repository); the interoperability tests need the real module"
    }
    if ($missing) { Write-Host "ImportExcel interoperability tests skipped: $missing." -ForegroundColor Yellow; return }
    # On Linux ImportExcel warns at import that -AutoSize needs libgdiplus; nothing here uses -AutoSize.
    & { $WarningPreference = 'SilentlyContinue'; Import-Module $importExcel -Force -Global -ErrorAction Stop }

    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "fl-pester-importexcel-$PID"
    New-Item -ItemType Directory -Force $folder | Out-Null

    $data = New-GaussianMixture -Dimension 8 -Samples 1 -Seed 1
    $script:rows = @(Compare-Learner -Data $data -Alpha 2, 4, 8 -Seed 0, 1 -Learner TwoLayerNet, RandomFeatures -Time 2 -TestSamples 200 -LearningRate 0.05)
    $net = New-GaussianMixture -Dimension 8 -Samples 80 -Seed 2 | Train-TwoLayerNet -Time 3 -HistoryPoints 5 -TestSamples 200 -LearningRate 0.05
    $script:history = @($net | Get-TrainingHistory)

    # A value as a worksheet cell holds it and a reader returns it: numbers are doubles (so a long beyond 2^53 is the
    # double nearest to it), NaN and infinities have no cell value (an empty cell or an error value), text that looks
    # like a number may come back as that number, enums and other objects are their text. Returns what differs.
    function Compare-CellValue($Expected, $Actual, [string]$Where) {
        if ($null -eq $Expected) { if ($null -ne $Actual -and "$Actual" -ne '') { "${Where}: expected an empty cell, read '$Actual'" }; return }
        if ($Expected -is [bool]) { if ($Actual -isnot [bool] -or $Actual -ne $Expected) { "${Where}: expected boolean $Expected, read '$Actual'" }; return }
        $numeric = $Expected -is [double] -or $Expected -is [float] -or $Expected -is [decimal] -or $Expected -is [int] -or $Expected -is [long] -or
            $Expected -is [short] -or $Expected -is [byte] -or $Expected -is [uint32] -or $Expected -is [uint64]
        if ($numeric) {
            $value = [double]$Expected
            if ([double]::IsNaN($value) -or [double]::IsInfinity($value)) {
                if ($Actual -is [double] -and [double]::IsFinite($Actual)) { "${Where}: expected no number (Excel cannot store $value), read $Actual" }
                return
            }
            if ($Actual -isnot [double] -or $Actual -ne $value) { "${Where}: expected the number $($value.ToString('R')), read '$Actual' ($(if ($null -ne $Actual) { $Actual.GetType().Name }))" }
            return
        }
        if ($Expected -is [string] -and $Actual -is [double]) {
            if ($Actual -ne [double]::Parse($Expected, [cultureinfo]::InvariantCulture)) { "${Where}: expected '$Expected', read $Actual" }
            return
        }
        if ("$Actual" -cne "$Expected") { "${Where}: expected '$Expected', read '$Actual'" }
    }

    # Every property of every row, read back in the same order.
    function Assert-RowsReadBack([object[]]$Expected, [object[]]$Actual, [string]$Sheet) {
        $Actual.Count | Should -Be $Expected.Count -Because "$Sheet has one row per piped object"
        $columns = @($Expected[0].PSObject.Properties.Name)
        @($Actual[0].PSObject.Properties.Name) | Should -Be $columns -Because "$Sheet has one column per property, in order"
        $differences = for ($i = 0; $i -lt $Expected.Count; $i++) {
            foreach ($column in $columns) { Compare-CellValue $Expected[$i].$column $Actual[$i].$column "$Sheet row $($i + 2), $column" }
        }
        $differences | Should -BeNullOrEmpty
    }

    # A part of the .xlsx (a zip of XML parts), read without any spreadsheet library.
    function Read-XlsxPart([string]$Path, [string]$Part) {
        $zip = [IO.Compression.ZipFile]::OpenRead($Path)
        try {
            $entry = $zip.GetEntry($Part)
            if (-not $entry) { return $null }
            $reader = [IO.StreamReader]::new($entry.Open())
            try { [xml]$reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
    }

    function Get-ColumnLetter([int]$Index) {
        $letters = ''
        for ($n = $Index + 1; $n -gt 0; $n = [math]::Floor(($n - 1) / 26)) { $letters = [char](65 + ($n - 1) % 26) + $letters }
        $letters
    }
}
AfterAll {
    if (-not $missing) {
        Remove-Module ImportExcel -ErrorAction SilentlyContinue
        Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Describe 'ImportExcel reads what FeatureLearning produces' {
    It 'Compare-Learner rows piped into Export-Excel with a native chart come back from Import-Excel unchanged' {
        if ($missing) { Set-ItResult -Skipped -Because $missing; return }
        $path = Join-Path $folder 'export-excel.xlsx'
        $chart = New-ExcelChartDefinition -XRange Alpha -YRange TestError -ChartType XYScatter -Title 'Test error vs alpha' -SeriesHeader TestError
        $rows | Export-Excel -Path $path -WorksheetName Rows -TableName Rows -AutoNameRange -ExcelChartDefinition $chart

        Assert-RowsReadBack $rows @(Import-Excel -Path $path -WorksheetName Rows) 'Rows'

        # The chart is a native XY chart whose series point at the Alpha and TestError columns' data cells.
        $ns = @{ c = 'http://schemas.openxmlformats.org/drawingml/2006/chart'; s = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main' }
        $chartXml = Read-XlsxPart $path 'xl/charts/chart1.xml'
        $chartXml | Should -Not -BeNullOrEmpty -Because 'Export-Excel wrote a chart part'
        $series = Select-Xml -Xml $chartXml -XPath '//c:scatterChart/c:ser' -Namespace $ns
        @($series).Count | Should -Be 1
        $references = @{
            x = (Select-Xml -Xml $chartXml -XPath '//c:scatterChart/c:ser/c:xVal//c:f' -Namespace $ns).Node.InnerText
            y = (Select-Xml -Xml $chartXml -XPath '//c:scatterChart/c:ser/c:yVal//c:f' -Namespace $ns).Node.InnerText
        }
        $names = @{}
        foreach ($name in (Select-Xml -Xml (Read-XlsxPart $path 'xl/workbook.xml') -XPath '//s:definedName' -Namespace $ns).Node) { $names[$name.name] = $name.InnerText }
        $columns = @($rows[0].PSObject.Properties.Name)
        foreach ($axis in @(@{ Ref = $references.x; Column = 'Alpha' }, @{ Ref = $references.y; Column = 'TestError' })) {
            $axis.Ref | Should -Be "'Rows'!$($axis.Column)"
            $letter = Get-ColumnLetter $columns.IndexOf($axis.Column)
            $names[$axis.Column] | Should -Be "'Rows'!`$$letter`$2:`$$letter`$$($rows.Count + 1)" -Because "the chart's $($axis.Column) range is that column's data"
        }
    }

    It 'Get-ExcelSheetInfo and Import-Excel read every sheet and every number of Export-LearningCurveReport workbooks' {
        if ($missing) { Set-ItResult -Skipped -Because $missing; return }
        $path = Join-Path $folder 'report.xlsx'
        $rows | Export-LearningCurveReport -Path $path -WorksheetName Xor -X Alpha -Y TestError -Series Learner -LogX
        $history | Export-LearningCurveReport -Path $path -WorksheetName Training -X T -Y TestError -Series Learner -Append
        # The summary groups by the rows' text columns: result rows carry Settings (two kernels stay apart), history rows do not.
        $reports = [ordered]@{ Xor = @{ Rows = $rows; X = 'Alpha'; Keys = 'Learner', 'Settings', 'Task' }; Training = @{ Rows = $history; X = 'T'; Keys = 'Learner', 'Task' } }

        # The sheets, as ImportExcel lists them and as the workbook part names them.
        $ns = @{ s = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main' }
        $inWorkbook = @((Select-Xml -Xml (Read-XlsxPart $path 'xl/workbook.xml') -XPath '//s:sheets/s:sheet' -Namespace $ns).Node.name)
        $info = @(Get-ExcelSheetInfo -Path $path)
        @($info.Name) | Should -Be $inWorkbook
        @($info.Name | Sort-Object) | Should -Be @('Training', 'Training Summary', 'Xor', 'Xor Summary')

        foreach ($sheet in $reports.Keys) {
            $report = $reports[$sheet]
            $x = $report.X; $keys = @($report.Keys)
            Assert-RowsReadBack $report.Rows @(Import-Excel -Path $path -WorksheetName $sheet) $sheet

            # The summary: mean, sample standard deviation (n - 1; empty for one value) and count of TestError per
            # (text columns, x), recomputed here from the piped rows; nothing else in the sheet.
            $summary = @(Import-Excel -Path $path -WorksheetName "$sheet Summary")
            @($summary[0].PSObject.Properties.Name) | Should -Be (@($keys) + @($x, 'Mean TestError', 'Std TestError', 'Count'))
            $groups = @($report.Rows | Group-Object -Property (@($keys) + @({ [double]$_.$x })))
            $summary.Count | Should -Be $groups.Count -Because "$sheet Summary has one row per ($($keys -join ', '), $x)"
            $differences = foreach ($line in $summary) {
                $where = "$sheet Summary ($(($keys | ForEach-Object { $line.$_ }) -join ', '), $x = $($line.$x))"
                $values = @($report.Rows | Where-Object { $row = $_; @($keys | Where-Object { $row.$_ -ne $line.$_ }).Count -eq 0 -and [double]$row.$x -eq $line.$x } | ForEach-Object { [double]$_.TestError })
                if (-not $values) { "${where}: no piped row has these keys and $x"; continue }
                $mean = ($values | Measure-Object -Average).Average
                if ($line.Count -ne $values.Count) { "${where}: Count $($line.Count), expected $($values.Count)" }
                if ($line.'Mean TestError' -isnot [double] -or [math]::Abs($line.'Mean TestError' - $mean) -gt 1e-12 * [math]::Max(1, [math]::Abs($mean))) {
                    "${where}: Mean TestError $($line.'Mean TestError'), expected $mean"
                }
                if ($values.Count -gt 1) {
                    $std = [math]::Sqrt((($values | ForEach-Object { ($_ - $mean) * ($_ - $mean) }) | Measure-Object -Sum).Sum / ($values.Count - 1))
                    if ($line.'Std TestError' -isnot [double] -or [math]::Abs($line.'Std TestError' - $std) -gt 1e-12 * [math]::Max(1, $std)) {
                        "${where}: Std TestError $($line.'Std TestError'), expected $std"
                    }
                }
                elseif ($null -ne $line.'Std TestError' -and "$($line.'Std TestError')" -ne '') { "${where}: Std TestError of one value should be empty, read $($line.'Std TestError')" }
            }
            $differences | Should -BeNullOrEmpty
        }
    }

    It 'Export-LearningCurveReport -Append adds its sheets to a workbook Export-Excel wrote, and keeps Export-Excel''s' {
        if ($missing) { Set-ItResult -Skipped -Because $missing; return }
        $path = Join-Path $folder 'both.xlsx'
        $rows | Export-Excel -Path $path -WorksheetName Raw -TableName Raw
        $rows | Export-LearningCurveReport -Path $path -WorksheetName Xor -X Alpha -Y TestError -Series Learner -Append
        @((Get-ExcelSheetInfo -Path $path).Name) | Should -Be @('Raw', 'Xor', 'Xor Summary')
        Assert-RowsReadBack $rows @(Import-Excel -Path $path -WorksheetName Raw) 'Raw'
        Assert-RowsReadBack $rows @(Import-Excel -Path $path -WorksheetName Xor) 'Xor'
    }
}
