# Workbook and plot reports, read back by independent readers: Debian's python3-openpyxl for the file, LibreOffice
# headless (when installed) to recalculate the summary's formulas. Test names state the ImportExcel / Export-Csv
# habit each behaviour follows.
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "fl-pester-reports-$PID"
    New-Item -ItemType Directory -Force $folder | Out-Null

    $script:python = Find-OpenPyxl
    $script:noReader = 'python3 with openpyxl is not available (install python3-openpyxl); the workbook could not be read back.'
    $script:pwsh = Join-Path $PSHOME pwsh
    $script:module = Join-Path $RepoRoot 'FeatureLearning.psd1'

    $data = New-GaussianMixture -Dimension 8 -Samples 1 -Seed 1
    $script:rows = @(Compare-Learner -Data $data -Alpha 2, 4, 8 -Seed 0, 1 -Learner TwoLayerNet, RandomFeatures -Time 2 -TestSamples 200 -LearningRate 0.05)
    $net = New-GaussianMixture -Dimension 8 -Samples 80 -Seed 2 | Train-TwoLayerNet -Time 3 -HistoryPoints 5 -TestSamples 200 -LearningRate 0.05
    $script:history = @($net | Get-TrainingHistory)

    # Synthetic seeds: learner × alpha × seed with a known test error.
    function New-SeedRows([int[]]$Seed, [string[]]$Learner = @('Net', 'RF')) {
        foreach ($l in $Learner) { foreach ($a in 1, 4) { foreach ($s in $Seed) {
            [pscustomobject]@{ Learner = $l; Alpha = $a; Seed = $s; TestError = [math]::Round(0.1 * ($Learner.IndexOf($l) + 1) + 0.01 * $s / $a, 6) } } } }
    }

    # The summary sheet as rows of hashtables (header → cached value), and the mean/std/count expected from the data
    # sheet's cells, computed here with Group-Object and Measure-Object (not by the module).
    function Get-SheetRows($Book, [string]$Sheet) {
        $cells = $Book.cells[$Sheet]
        foreach ($line in $cells[1..($cells.Count - 1)]) {
            $row = [ordered]@{}
            for ($c = 0; $c -lt $cells[0].Count; $c++) { $row[$cells[0][$c]] = $line[$c] }
            [pscustomobject]$row
        }
    }
    function Get-ExpectedSummary($DataRows, [string[]]$Key, [string]$X = 'Alpha', [string]$Y = 'TestError') {
        $DataRows | Where-Object { $null -ne $_.$Y } | Group-Object -Property ($Key + $X) | ForEach-Object {
            $ys = @($_.Group.$Y)
            $mean = ($ys | Measure-Object -Average).Average
            $std = if ($ys.Count -gt 1) { [math]::Sqrt((($ys | ForEach-Object { ($_ - $mean) * ($_ - $mean) }) | Measure-Object -Sum).Sum / ($ys.Count - 1)) } else { $null }
            $first = $_.Group[0]
            [pscustomobject]@{ Values = @(foreach ($k in $Key) { $first.$k }); X = $first.$X; Mean = $mean; Std = $std; Count = $ys.Count }
        }
    }
    function Assert-SummaryMatchesData($Book, [string]$Sheet, [string[]]$Key, [string]$X = 'Alpha', [string]$Y = 'TestError') {
        $data = @(Get-SheetRows $Book $Sheet)
        $summary = @(Get-SheetRows $Book "$Sheet Summary")
        $expected = @(Get-ExpectedSummary $data $Key $X $Y)
        $summary.Count | Should -Be $expected.Count
        foreach ($e in $expected) {
            $s = @($summary | Where-Object { $r = $_; $match = $r.$X -eq $e.X; for ($k = 0; $k -lt $Key.Count; $k++) { $match = $match -and "$($r.($Key[$k]))" -eq "$($e.Values[$k])" }; $match })
            $s.Count | Should -Be 1 -Because "one summary row for $($e.Values -join ', ') at $X = $($e.X)"
            $s[0]."Mean $Y" | Should -BeGreaterOrEqual ($e.Mean - 1e-12)
            $s[0]."Mean $Y" | Should -BeLessOrEqual ($e.Mean + 1e-12)
            $s[0].Count | Should -Be $e.Count
            if ($null -ne $e.Std) { [math]::Abs($s[0]."Std $Y" - $e.Std) | Should -BeLessOrEqual 1e-12 }
        }
    }

    # LibreOffice headless recalculates every formula on load (a profile with OOXMLRecalcMode = always) and writes
    # each sheet as CSV; returns the sheets as objects. $null when LibreOffice is not installed.
    $script:soffice = (Get-Command soffice -ErrorAction Ignore).Source
    function Invoke-LibreOfficeRecalculation([string[]]$Path) {
        $profileDir = Join-Path $folder 'lo-profile'
        New-Item -ItemType Directory -Force (Join-Path $profileDir 'user') | Out-Null
        Set-Content (Join-Path $profileDir 'user/registrymodifications.xcu') @'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
'@
        $out = Join-Path $folder ("lo-" + [guid]::NewGuid().ToString('N'))
        & $soffice --headless "-env:UserInstallation=file://$profileDir" --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' --outdir $out @Path *> $null
        foreach ($file in $Path) {
            $name = [IO.Path]::GetFileNameWithoutExtension($file)
            $sheets = @{}
            foreach ($csv in Get-ChildItem $out -Filter "$name-*.csv") { $sheets[$csv.BaseName.Substring($name.Length + 1)] = @(Import-Csv $csv.FullName) }
            , $sheets
        }
    }
}
AfterAll { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Export-LearningCurveReport: workbook content' {
    It 'writes Compare-Learner rows as a table, a summary of formulas and a chart with error bars that openpyxl reads' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'compare.xlsx'
        $file = $rows | Export-LearningCurveReport -Path $path -WorksheetName Xor -X Alpha -Y TestError -Series Learner -LogX -PassThru
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.FullName | Should -Be $path

        $book = Read-Workbook $path
        $book.sheets | Should -Be @('Xor', 'Xor Summary')
        $book.active | Should -Be 'Xor Summary'   # opens on the chart
        $columns = $rows[0].PSObject.Properties.Name
        $book.tables['Xor']['Xor'] | Should -Be "A1:$([char]([int][char]'A' + $columns.Count - 1))$($rows.Count + 1)"
        $book.cells['Xor'][0] | Should -Be $columns
        $book.cells['Xor'][1][$columns.IndexOf('Alpha')] | Should -Be $rows[0].Alpha
        $book.types['Xor'][1][$columns.IndexOf('Alpha')] | Should -BeIn @('int', 'float')    # a number, not text
        $book.types['Xor'][1][$columns.IndexOf('N')] | Should -Be 'int'
        $book.types['Xor'][1][$columns.IndexOf('Learner')] | Should -Be 'str'

        # Summary: grouped by the text columns Learner, Settings and Task (one value each per learner here: two kernels
        # of one Learner would differ in Settings and stay apart), 2 learners × 3 alphas.
        $book.tables['Xor Summary']['Xor_Summary'] | Should -Be 'A1:G7'
        $book.cells['Xor Summary'][0] | Should -Be @('Learner', 'Settings', 'Task', 'Alpha', 'Mean TestError', 'Std TestError', 'Count')
        Assert-SummaryMatchesData $book 'Xor' -Key Learner, Settings, Task
        $book.formulas['Xor Summary'][1][4] | Should -Be '=AVERAGEIFS(Xor[TestError],Xor[Learner],$A2,Xor[Settings],$B2,Xor[Task],$C2,Xor[Alpha],$D2)'
        $book.formulas['Xor Summary'][1][5] | Should -Be '=IFERROR(STDEV(IF((Xor[Learner]=$A2)*(Xor[Settings]=$B2)*(Xor[Task]=$C2)*(Xor[Alpha]=$D2)*ISNUMBER(Xor[TestError]),Xor[TestError])),"")'
        $book.arrays['Xor Summary'] | Should -Contain 'F2'
        $book.formulas['Xor Summary'][1][6] | Should -Be '=COUNTIFS(Xor[Learner],$A2,Xor[Settings],$B2,Xor[Task],$C2,Xor[Alpha],$D2,Xor[TestError],"<>")'

        $charts = $book.charts['Xor Summary']
        $charts.Count | Should -Be 1
        $charts[0].type | Should -Be 'ScatterChart'
        $charts[0].series.title | Should -Be @('TwoLayerNet', 'RandomFeatures')
        $charts[0].series[0].x | Should -Be "'Xor Summary'!`$D`$2:`$D`$4"
        $charts[0].series[1].y | Should -Be "'Xor Summary'!`$E`$5:`$E`$7"
        $charts[0].series[1].titleRef | Should -Be "'Xor Summary'!`$A`$5"
        $charts[0].series[1].errPlus | Should -Be "'Xor Summary'!`$F`$5:`$F`$7"
        $charts[0].series[1].errMinus | Should -Be "'Xor Summary'!`$F`$5:`$F`$7"
        $charts[0].series[1].errType | Should -Be 'cust'
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

    It 'groups the summary by every text column, so -Series Task does not blend learners (as a pivot table with two row fields would not)' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'tasks.xlsx'
        $mixed = foreach ($task in 'Xor', 'TwoCluster', 'Parity') { New-SeedRows 0, 1, 2 | ForEach-Object { $_ | Add-Member Task $task -PassThru } }
        $mixed | Export-LearningCurveReport -Path $path -Series Task
        $book = Read-Workbook $path
        $book.cells['Results Summary'][0][0..1] | Should -Be @('Task', 'Learner')
        Assert-SummaryMatchesData $book 'Results' -Key Task, Learner
        $book.charts['Results Summary'][0].series.title | Should -Be @('Xor, Net', 'Xor, RF', 'TwoCluster, Net', 'TwoCluster, RF', 'Parity, Net', 'Parity, RF')

        # -GroupBy names the grouping columns instead (here: average over the tasks too).
        $mixed | Export-LearningCurveReport -Path $path -GroupBy Learner
        $book = Read-Workbook $path
        $book.cells['Results Summary'][0][0] | Should -Be 'Learner'
        Assert-SummaryMatchesData $book 'Results' -Key Learner
        @(Get-SheetRows $book 'Results Summary')[0].Count | Should -Be 9
    }

    It 'chooses number formats per column: one tiny value gets scientific format in its own cell, not the whole column' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'formats.xlsx'
        1..6 | ForEach-Object { [pscustomobject]@{ Alpha = $_; TestError = 0.1404 + $_ / 1000; TrainError = if ($_ -eq 3) { 2e-7 } else { 0.05 * $_ } } } |
            Export-LearningCurveReport -Path $path
        $book = Read-Workbook $path
        $book.formats['Results'][1] | Should -Be @('0', '0.0000', '0.0000')
        $book.formats['Results'][3][2] | Should -Be '0.000E+00'
        $book.cells['Results'][3][2] | Should -Be 2e-7      # the value itself is untouched
    }

    It 'writes DateTime values as real Excel dates, as Export-Excel does' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'dates.xlsx'
        $when = [datetime]'2024-05-01T13:30:00'
        1..3 | ForEach-Object { [pscustomobject]@{ Alpha = $_; TestError = 0.1 * $_; Finished = $when.AddDays($_) } } | Export-LearningCurveReport -Path $path
        $book = Read-Workbook $path
        $book.types['Results'][1][2] | Should -Be 'datetime'
        $book.cells['Results'][1][2] | Should -Be ([datetime]'2024-05-02T13:30:00')
        $book.formats['Results'][1][2] | Should -Be 'yyyy-mm-dd hh:mm:ss'
        $book.cells['Results Summary'][0] | Should -Not -Contain 'Finished'   # a date is not a grouping column
    }

    It 'writes numeric text (Import-Csv rows) as numbers, as Export-Excel does; -NoNumberConversion keeps a column text' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $csv = Join-Path $folder 'rows.csv'
        New-SeedRows 0, 1 | Export-Csv $csv
        $path = Join-Path $folder 'csv.xlsx'
        Import-Csv $csv | Export-LearningCurveReport -Path $path -NoNumberConversion Seed
        $book = Read-Workbook $path
        $book.types['Results'][1] | Should -Be @('str', 'int', 'str', 'float')
        $book.cells['Results Summary'][0] | Should -Be @('Learner', 'Seed', 'Alpha', 'Mean TestError', 'Std TestError', 'Count')   # Seed is text now, so it groups
        Import-Csv $csv | Export-LearningCurveReport -Path $path
        $book = Read-Workbook $path
        $book.types['Results'][1] | Should -Be @('str', 'int', 'int', 'float')
        Assert-SummaryMatchesData $book 'Results' -Key Learner
    }

    It 'rows without a Series column form one series; strings stay strings' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'plain.xlsx'
        $plain = 1..4 | ForEach-Object { [pscustomobject]@{ Alpha = $_; TestError = 1 / $_; Note = "run $_"; Code = '007' } }
        $plain | Export-LearningCurveReport -Path $path -WarningVariable groupWarnings -WarningAction SilentlyContinue
        ($groupWarnings -join ' ') | Should -Match "'Note' differs in every row.*-GroupBy"
        $plain | Export-LearningCurveReport -Path $path -GroupBy Code
        $book = Read-Workbook $path
        $book.charts['Results Summary'][0].series.title | Should -Be @('007')
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

    It 'recalculates the summary from the data after an edit (LibreOffice headless), as formulas over the table do' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        if (-not $soffice) { Set-ItResult -Skipped -Because 'LibreOffice (soffice) is not installed; the formula text and cached values are checked by the other tests.'; return }
        $path = Join-Path $folder 'recalc.xlsx'
        New-SeedRows 0, 1, 2 | Export-LearningCurveReport -Path $path -WorksheetName Xor
        # Edit one data cell with openpyxl (which also drops every cached value), then let LibreOffice recalculate.
        $edited = Join-Path $folder 'edited.xlsx'
        & $python -c "import openpyxl; wb = openpyxl.load_workbook(r'$path'); wb['Xor']['D2'] = 5.0; wb.save(r'$edited')"
        foreach ($sheets in Invoke-LibreOfficeRecalculation $path, $edited) {
            $data = @($sheets['Xor'] | ForEach-Object { [pscustomobject]@{ Learner = $_.Learner; Alpha = [double]$_.Alpha; TestError = [double]$_.TestError } })
            $expected = @(Get-ExpectedSummary $data -Key Learner)
            $recalculated = @($sheets['Xor Summary'])
            $recalculated.Count | Should -Be 4
            foreach ($e in $expected) {
                $row = $recalculated | Where-Object { $_.Learner -eq $e.Values[0] -and [double]$_.Alpha -eq $e.X }
                [math]::Abs([double]$row.'Mean TestError' - $e.Mean) | Should -BeLessOrEqual 1e-9
                [math]::Abs([double]$row.'Std TestError' - $e.Std) | Should -BeLessOrEqual 1e-9
                [int]$row.Count | Should -Be 3
            }
        }
        ($recalculated | Where-Object { $_.Learner -eq 'Net' -and $_.Alpha -eq '1' }).'Mean TestError' | Should -BeGreaterThan 1   # the edit (5.0) shows
    }
}

Describe 'Export-LearningCurveReport -Append' {
    It '-Append adds rows to an existing sheet of the same name, as Export-Excel -Append does, and says so' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'append.xlsx'
        $history | Export-LearningCurveReport -Path $path -WorksheetName Training -X T
        New-SeedRows 0, 1 | Export-LearningCurveReport -Path $path -WorksheetName Xor -Append
        $said = New-SeedRows 2 | Export-LearningCurveReport -Path $path -WorksheetName Xor -Append -Verbose -InformationAction Continue 4>&1 6>&1
        ($said | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }).MessageData | Should -Match 'Appended 4 rows to sheet .Xor.*now holds 12 rows'
        ($said | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain (($said | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }).MessageData)
        $book = Read-Workbook $path
        $book.sheets | Should -Be @('Training', 'Training Summary', 'Xor', 'Xor Summary')
        $book.tables['Xor']['Xor'] | Should -Be 'A1:D13'
        @(Get-SheetRows $book 'Xor').Seed | Sort-Object -Unique | Should -Be @(0, 1, 2)
        Assert-SummaryMatchesData $book 'Xor' -Key Learner
        $book.charts['Xor Summary'][0].series.yCache | Should -Be @((Get-SheetRows $book 'Xor Summary').'Mean TestError')
        $book.charts['Training Summary'].Count | Should -Be 1
    }

    It '-Append with different columns is an error that names them (a blind append would misalign the rows)' {
        $path = Join-Path $folder 'mismatch.xlsx'
        New-SeedRows 0 | Export-LearningCurveReport -Path $path
        $before = (Get-FileHash $path).Hash
        $message = try { New-SeedRows 1 | Select-Object Learner, Alpha, TestError, @{ n = 'Width'; e = { 8 } } | Export-LearningCurveReport -Path $path -Append; '' } catch { $_.FullyQualifiedErrorId + ' ' + $_.Exception.Message }
        $message | Should -Match '^FeatureLearning.ColumnMismatch'
        $message | Should -Match 'lack Seed'
        $message | Should -Match 'no column Width'
        (Get-FileHash $path).Hash | Should -Be $before
    }

    It '-ReplaceSheet replaces a sheet of the same name in its place and keeps the others, as Export-Excel -ClearSheet does' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'replace.xlsx'
        New-SeedRows 0, 1 | Export-LearningCurveReport -Path $path -WorksheetName Xor
        $history | Export-LearningCurveReport -Path $path -WorksheetName Training -X T -Append
        $rows | Select-Object -First 2 | Export-LearningCurveReport -Path $path -WorksheetName Xor -ReplaceSheet
        $book = Read-Workbook $path
        $book.sheets | Should -Be @('Xor', 'Xor Summary', 'Training', 'Training Summary')
        $book.tables['Xor']['Xor'] | Should -Match '1:[A-Z]+3$'
        $book.cells['Xor'][0][0] | Should -Be 'Learner'
        $book.charts['Training Summary'].Count | Should -Be 1
    }

    It '-Append extends a workbook written by another program (openpyxl): other sheets kept, a plain sheet with the same header grows' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'foreign.xlsx'
        & $python -c "import openpyxl; wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'Raw'; ws.append(['a', 'b']); ws.append([1, 'x']); r = wb.create_sheet('Results'); r.append(['Learner', 'Alpha', 'Seed', 'TestError']); r.append(['Net', 1, 9, 0.5]); wb.save(r'$path')"
        New-SeedRows 0 | Export-LearningCurveReport -Path $path -Append
        $book = Read-Workbook $path
        $book.sheets | Should -Be @('Raw', 'Results', 'Results Summary')
        $book.cells['Raw'][0..1] | ForEach-Object { , $_[0..1] } | Should -Be @(@('a', 'b'), @(1, 'x'))
        $book.tables['Results'].Values | Should -Be 'A1:D6'   # the foreign row and four new ones, now a table
        $book.cells['Results'][1] | Should -Be @('Net', 1, 9, 0.5)
        Assert-SummaryMatchesData $book 'Results' -Key Learner
    }

    It 'a workbook appended from three separate pwsh sessions holds all rows, and its summary and chart cover them' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'sessions.xlsx'
        foreach ($seed in 0, 1, 2) {
            $log = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$module'; New-GaussianMixture -Dimension 8 -Samples 1 -Seed 1 | Compare-Learner -Alpha 2, 4, 8 -Seed $seed -Learner TwoLayerNet, RandomFeatures -Time 2 -TestSamples 200 -LearningRate 0.05 | Export-LearningCurveReport -Path '$path' -WorksheetName Xor -LogX -Append" 2>&1 | Out-String
            $LASTEXITCODE | Should -Be 0 -Because $log
        }
        $book = Read-Workbook $path
        $book.sheets | Should -Be @('Xor', 'Xor Summary')
        $data = @(Get-SheetRows $book 'Xor')
        $data.Count | Should -Be 18
        $data.Seed | Sort-Object -Unique | Should -Be @(0, 1, 2)
        Assert-SummaryMatchesData $book 'Xor' -Key Learner, Settings, Task
        @(Get-SheetRows $book 'Xor Summary').Count | Should -Be 6
        Get-SheetRows $book 'Xor Summary' | ForEach-Object { $_.Count } | Sort-Object -Unique | Should -Be 3
        $book.charts['Xor Summary'][0].series.points | Should -Be @(3, 3)
        $book.charts['Xor Summary'][0].series[0].errPlus | Should -Be "'Xor Summary'!`$F`$2:`$F`$4"
    }

    It 'two concurrent -Append runs from two processes both keep their rows (a file lock makes them take turns)' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'concurrent.xlsx'
        $go = Join-Path $folder 'concurrent.go'
        $writers = foreach ($w in 0, 1) {
            $script = "Import-Module '$module'; Set-Content '$go.$w' 'ready'; while (-not (Test-Path '$go')) { Start-Sleep -Milliseconds 20 }; foreach (`$k in 0..3) { & { foreach (`$a in 1, 4) { [pscustomobject]@{ Learner = 'W$w'; Alpha = `$a; Seed = `$k; TestError = 0.1 * $($w + 1) + `$k / 100 } } } | Export-LearningCurveReport -Path '$path' -Append }"
            $start = [Diagnostics.ProcessStartInfo]::new($pwsh)
            foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', $script) { $start.ArgumentList.Add($argument) }
            $start.RedirectStandardError = $true
            [Diagnostics.Process]::Start($start)
        }
        # Both have imported the module before the start signal, so their appends overlap.
        $wait = [Diagnostics.Stopwatch]::StartNew()
        while (-not ((Test-Path "$go.0") -and (Test-Path "$go.1")) -and -not ($writers | Where-Object HasExited) -and $wait.Elapsed.TotalSeconds -lt 300) { Start-Sleep -Milliseconds 50 }
        Set-Content $go 'go'
        foreach ($p in $writers) { $p.WaitForExit(); $p.ExitCode | Should -Be 0 -Because $p.StandardError.ReadToEnd() }
        $book = Read-Workbook $path
        $data = @(Get-SheetRows $book 'Results')
        $data.Count | Should -Be 16
        ($data | Group-Object Learner | ForEach-Object { "$($_.Name)=$($_.Count)" }) | Should -Be @('W0=8', 'W1=8')
        Assert-SummaryMatchesData $book 'Results' -Key Learner
        @(Get-ChildItem $folder -Force -Filter '.concurrent.*').Count | Should -Be 0   # no lock or temporary file left
    }

    It 'Ctrl+C during an -Append before the final rename leaves the old workbook and no temporary file' {
        $path = Join-Path $folder 'stopped.xlsx'
        New-SeedRows 0 | Export-LearningCurveReport -Path $path
        $before = (Get-FileHash $path).Hash
        $flag = Join-Path $folder 'stopped.flag'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$module'; `$big = [Collections.Generic.List[object]]::new(); foreach (`$i in 1..60000) { `$big.Add([pscustomobject]@{ Learner = 'L' + (`$i % 3); Alpha = `$i % 50; Seed = `$i; TestError = 1.0 / `$i }) }; [IO.File]::WriteAllText('$flag', 'ready'); `$big | Export-LearningCurveReport -Path '$path' -Append")
            $handle = $ps.BeginInvoke()
            $temporary = $null
            $wait = [Diagnostics.Stopwatch]::StartNew()
            while (-not $handle.IsCompleted -and -not $temporary -and $wait.Elapsed.TotalSeconds -lt 300) {
                if (Test-Path $flag) { $temporary = Get-ChildItem $folder -Force -Filter '.stopped.*.tmp.xlsx' }
                Start-Sleep -Milliseconds 20
            }
            if ($handle.IsCompleted) { Set-ItResult -Inconclusive -Because 'the append finished before its temporary file was seen; nothing to interrupt'; return }
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
        (Get-FileHash $path).Hash | Should -Be $before
        @(Get-ChildItem $folder -Force -Filter '.stopped*').Count | Should -Be 0
    }

    It 'removes the temporary files a killed writer left (kill -9) on the next run, and says so with -Verbose' {
        $path = Join-Path $folder 'killed.xlsx'
        $left = Join-Path $folder ".killed.$([guid]::NewGuid().ToString('N')).tmp.xlsx"
        Set-Content $left 'half a workbook'
        Set-Content (Join-Path $folder '.killed.xlsx.lock') ''   # and its lock file, which holds nothing any more
        $said = New-SeedRows 0 | Export-LearningCurveReport -Path $path -Verbose 4>&1
        Test-Path $left | Should -BeFalse
        ($said.Message -join ' ') | Should -Match ([regex]::Escape($left))
        @(Get-ChildItem $folder -Force -Filter '.killed*').Count | Should -Be 0
    }
}

Describe 'Export-LearningCurveReport with ImportExcel' {
    BeforeAll {
        $script:importExcel = Join-Path $RepoRoot '../shared/vendor/ImportExcel/ImportExcel.psd1'
        $script:noImportExcel = 'ImportExcel is not at ../shared/vendor/ImportExcel; the round trip with it could not run.'
        if (Test-Path $importExcel) { Import-Module $importExcel -WarningAction SilentlyContinue }
    }

    It 'Import-Excel reads the data sheet back row for row and the summary as values, as with any Export-Excel workbook' {
        if (-not (Test-Path $importExcel)) { Set-ItResult -Skipped -Because $noImportExcel; return }
        $path = Join-Path $folder 'roundtrip.xlsx'
        $rows | Export-LearningCurveReport -Path $path -WorksheetName Xor
        $back = @(Import-Excel -Path $path -WorksheetName Xor)
        $back.Count | Should -Be $rows.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $back[$i].Learner | Should -Be $rows[$i].Learner
            $back[$i].Alpha | Should -Be $rows[$i].Alpha
            $back[$i].TestError | Should -Be $rows[$i].TestError
        }
        $summary = @(Import-Excel -Path $path -WorksheetName 'Xor Summary')
        $summary.Count | Should -Be 6
        $net = $rows | Where-Object { $_.Learner -eq 'TwoLayerNet' -and $_.Alpha -eq 4 }
        ($summary | Where-Object { $_.Learner -eq 'TwoLayerNet' -and $_.Alpha -eq 4 }).'Mean TestError' | Should -BeGreaterThan (($net.TestError | Measure-Object -Average).Average - 1e-12)
        ($summary | Where-Object { $_.Learner -eq 'TwoLayerNet' -and $_.Alpha -eq 4 }).'Mean TestError' | Should -BeLessThan (($net.TestError | Measure-Object -Average).Average + 1e-12)
    }

    It '-Append adds rows below a sheet that Export-Excel wrote, with or without -TableName, and keeps its other sheets' {
        if (-not (Test-Path $importExcel)) { Set-ItResult -Skipped -Because $noImportExcel; return }
        foreach ($table in $null, 'Runs') {
            $path = Join-Path $folder "importexcel-$([bool]$table).xlsx"
            $extra = @{}
            if ($table) { $extra.TableName = $table }
            New-SeedRows 0 | Export-Excel -Path $path -WorksheetName Results @extra
            $rows | Export-Excel -Path $path -WorksheetName Raw
            New-SeedRows 1, 2 | Export-LearningCurveReport -Path $path -Append
            $back = @(Import-Excel -Path $path -WorksheetName Results)
            $back.Count | Should -Be 12
            $back.Seed | Sort-Object -Unique | Should -Be @(0, 1, 2)
            @(Import-Excel -Path $path -WorksheetName Raw).Count | Should -Be $rows.Count
            $summary = @(Import-Excel -Path $path -WorksheetName 'Results Summary')
            $summary.Count | Should -Be 4
            ($summary | ForEach-Object { $_.PSObject.Properties['Count'].Value }) | Sort-Object -Unique | Should -Be 3
        }
    }
}

Describe 'Export-LearningCurveReport: writing files as Export-Csv does' {
    It '-WhatIf writes nothing and -Confirm:$false writes, as Export-Csv (SupportsShouldProcess)' {
        $path = Join-Path $folder 'whatif.xlsx'
        New-SeedRows 0 | Export-LearningCurveReport -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
        New-SeedRows 0 | Export-LearningCurveReport -Path $path -Confirm:$false
        $before = (Get-FileHash $path).Hash
        New-SeedRows 1 | Export-LearningCurveReport -Path $path -Append -WhatIf
        New-SeedRows 1 | Export-LearningCurvePlot -Path (Join-Path $folder 'whatif.png') -WhatIf
        (Get-FileHash $path).Hash | Should -Be $before
        Test-Path (Join-Path $folder 'whatif.png') | Should -BeFalse
        (Get-Command Export-LearningCurveReport).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command Export-LearningCurvePlot).Parameters.Keys | Should -Contain 'Confirm'
    }

    It '-NoClobber refuses to replace an existing file, as Export-Csv -NoClobber does (-Append still adds rows)' {
        $path = Join-Path $folder 'noclobber.xlsx'
        New-SeedRows 0 | Export-LearningCurveReport -Path $path -NoClobber
        $before = (Get-FileHash $path).Hash
        (Get-ErrorId { New-SeedRows 1 | Export-LearningCurveReport -Path $path -NoClobber }) | Should -Be 'FeatureLearning.FileExists,FeatureLearning.PowerShell.Reports.ExportLearningCurveReportCommand'
        (Get-FileHash $path).Hash | Should -Be $before
        New-SeedRows 1 | Export-LearningCurveReport -Path $path -NoClobber -Append
        (Get-FileHash $path).Hash | Should -Not -Be $before
    }

    It 'refuses a read-only file unless -Force, as Export-Csv does; with -Force it stays read-only' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'chmod is Unix'; return }
        $path = Join-Path $folder 'readonly.xlsx'
        $png = Join-Path $folder 'readonly.png'
        New-SeedRows 0 | Export-LearningCurveReport -Path $path
        New-SeedRows 0 | Export-LearningCurvePlot -Path $png
        & chmod 444 $path $png
        $before = (Get-FileHash $path).Hash
        (Get-ErrorId { New-SeedRows 1 | Export-LearningCurveReport -Path $path }) | Should -Match '^FeatureLearning.ReadOnlyFile'
        (Get-ErrorId { New-SeedRows 1 | Export-LearningCurveReport -Path $path -Append }) | Should -Match '^FeatureLearning.ReadOnlyFile'
        (Get-ErrorId { New-SeedRows 1 | Export-LearningCurvePlot -Path $png }) | Should -Match '^FeatureLearning.ReadOnlyFile'
        (Get-FileHash $path).Hash | Should -Be $before
        New-SeedRows 1 | Export-LearningCurveReport -Path $path -Append -Force
        (Get-FileHash $path).Hash | Should -Not -Be $before
        [IO.File]::GetUnixFileMode($path).ToString() | Should -Be 'OtherRead, GroupRead, UserRead'
        & chmod 644 $path $png
    }

    It '-Path resolves wildcards through the provider and -LiteralPath (alias PSPath) takes names literally, as Export-Csv does' {
        $existing = Join-Path $folder 'wild-one.xlsx'
        Set-Content $existing 'old'
        New-SeedRows 0 | Export-LearningCurveReport -Path (Join-Path $folder 'wild-o*.xlsx')
        (Get-Content $existing -Raw) | Should -Not -Be "old$([Environment]::NewLine)"
        Set-Content (Join-Path $folder 'wild-two.xlsx') 'old'
        (Get-ErrorId { New-SeedRows 0 | Export-LearningCurveReport -Path (Join-Path $folder 'wild-*.xlsx') }) | Should -Match '^FeatureLearning.AmbiguousPath'
        New-SeedRows 0 | Export-LearningCurveReport -Path (Join-Path $folder 'new[1].xlsx')      # matches nothing: a new file of that name
        Test-Path -LiteralPath (Join-Path $folder 'new[1].xlsx') | Should -BeTrue
        New-SeedRows 0 | Export-LearningCurveReport -LiteralPath (Join-Path $folder 'lit[a].xlsx')
        New-SeedRows 0 | Export-LearningCurvePlot -PSPath (Join-Path $folder 'lit[a].png')
        Test-Path -LiteralPath (Join-Path $folder 'lit[a].xlsx') | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $folder 'lit[a].png') | Should -BeTrue
    }

    It 'resolves a relative -Path against the PowerShell location, PSDrives included' {
        Push-Location $folder
        try { New-SeedRows 0 | Export-LearningCurveReport -Path 'relative.xlsx' } finally { Pop-Location }
        Test-Path (Join-Path $folder 'relative.xlsx') | Should -BeTrue
        New-PSDrive -Name FLReports -PSProvider FileSystem -Root $folder | Out-Null
        try {
            New-SeedRows 0 | Export-LearningCurveReport -Path 'FLReports:/drive.xlsx'
            Push-Location 'FLReports:/'
            try { New-SeedRows 0 | Export-LearningCurvePlot -Path 'drive.png' } finally { Pop-Location }
        }
        finally { Remove-PSDrive FLReports }
        Test-Path (Join-Path $folder 'drive.xlsx') | Should -BeTrue
        Test-Path (Join-Path $folder 'drive.png') | Should -BeTrue
    }

    It 'refuses Env: and Variable: paths with a clear error instead of writing a file in the process folder' {
        $elsewhere = Join-Path $folder 'elsewhere'
        New-Item -ItemType Directory -Force $elsewhere | Out-Null
        Push-Location $elsewhere
        try {
            foreach ($target in 'Env:/FL_REPORT_TEST.xlsx', 'Variable:/flReport.xlsx') {
                $message = try { New-SeedRows 0 | Export-LearningCurveReport -Path $target; '' } catch { $_.FullyQualifiedErrorId + ' ' + $_.Exception.Message }
                $message | Should -Match '^FeatureLearning.NotAFileSystemPath'
                $message | Should -Match 'writes files only'
                (Get-ErrorId { New-SeedRows 0 | Export-LearningCurvePlot -LiteralPath ($target -replace 'xlsx$', 'png') }) | Should -Match '^FeatureLearning.NotAFileSystemPath'
            }
        }
        finally { Pop-Location }
        Test-Path Env:/FL_REPORT_TEST.xlsx | Should -BeFalse
        @(Get-ChildItem $elsewhere -Force).Count | Should -Be 0
        Test-Path (Join-Path ([Environment]::CurrentDirectory) 'FL_REPORT_TEST.xlsx') | Should -BeFalse
    }

    It 'a failing export leaves no file and no temporary file' {
        $path = Join-Path $folder 'failed.xlsx'
        $message = try { $rows | Export-LearningCurveReport -Path $path -X NoSuchColumn; '' } catch { $_.FullyQualifiedErrorId + ' ' + $_.Exception.Message }
        $message | Should -Match '^FeatureLearning.MissingColumn'
        $message | Should -Match 'Learner, Settings, Task, D, N, Alpha'
        Test-Path $path | Should -BeFalse
        @(Get-ChildItem $folder -Force -Filter '.failed*').Count | Should -Be 0
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

Describe 'Export-LearningCurveReport: rows in' {
    It 'accepts PSObjects, hashtables and typed objects in one pipeline, as Export-Excel does' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'kinds.xlsx'
        $typed = $rows[0]                                                            # a ComparisonRow record
        $ordered = [ordered]@{ Learner = 'Hash'; Alpha = 2; TestError = 0.25 }
        $hashtable = @{ Learner = 'Hash'; Alpha = 4; TestError = 0.5 }
        $selected = $rows[1] | Select-Object Learner, Alpha, TestError                # a PSCustomObject
        @($typed, $ordered, $hashtable, $selected) | Export-LearningCurveReport -Path $path -GroupBy Learner
        $book = Read-Workbook $path
        $data = @(Get-SheetRows $book 'Results')
        $data.Count | Should -Be 4
        $data[0].D | Should -Be $typed.D
        ($data | Where-Object Learner -eq 'Hash').Alpha | Should -Be @(2, 4)
        ($data | Where-Object Learner -eq 'Hash').TestError | Should -Be @(0.25, 0.5)
        $data[3].TestError | Should -Be $rows[1].TestError
    }

    It 'refuses a row with a non-scalar column as a non-terminating error naming it, and writes the others (Export-Csv would write System.Collections.Generic.List...)' {
        if (-not $python) { Set-ItResult -Skipped -Because $noReader; return }
        $path = Join-Path $folder 'flat.xlsx'
        $good = New-SeedRows 0
        $bad = [pscustomobject]@{ Learner = 'Net'; Alpha = 1; Seed = 5; TestError = 0.3; History = [Collections.Generic.List[double]]@(1, 2, 3) }
        @($good[0], $bad) + @($good[1..3]) | Export-LearningCurveReport -Path $path -ErrorVariable flatErrors -ErrorAction SilentlyContinue
        $flatErrors.Count | Should -Be 1
        $flatErrors[0].FullyQualifiedErrorId | Should -Match '^FeatureLearning.NonScalarValue'
        $flatErrors[0].Exception.Message | Should -Match "Row 2 is not flat: 'History' \(a List``1 of 3\)"
        $flatErrors[0].Exception.Message | Should -Match 'ExcludeProperty'
        $book = Read-Workbook $path
        @(Get-SheetRows $book 'Results').Count | Should -Be 4
        $book.cells['Results'][0] | Should -Not -Contain 'History'
        (Get-ErrorId { $bad | Export-LearningCurveReport -Path $path -ErrorAction Stop }) | Should -Match '^FeatureLearning.NonScalarValue'
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

    It 'rejects other extensions' {
        (Get-ErrorId { $rows | Export-LearningCurvePlot -Path (Join-Path $folder 'curve.gif') }) | Should -Match '^FeatureLearning.InvalidPath'
        Test-Path (Join-Path $folder 'curve.gif') | Should -BeFalse
    }
}

Describe '-Show' {
    BeforeAll {
        $script:savedEnvironment = @{ PATH = $env:PATH; DISPLAY = $env:DISPLAY; WAYLAND_DISPLAY = $env:WAYLAND_DISPLAY }
        # An xdg-open that fails the way it does on a server: a message on stderr and exit code 3.
        $script:bin = Join-Path $folder 'bin'
        New-Item -ItemType Directory -Force $bin | Out-Null
        Set-Content (Join-Path $bin 'xdg-open') "#!/bin/sh`necho 'xdg-open: no method available for opening' >&2`nexit 3"
        if (-not $IsWindows) { & chmod +x (Join-Path $bin 'xdg-open') }
    }
    AfterEach { foreach ($name in $savedEnvironment.Keys) { Set-Item "Env:/$name" $savedEnvironment[$name] -ErrorAction Ignore; if ($null -eq $savedEnvironment[$name]) { Remove-Item "Env:/$name" -ErrorAction Ignore } } }

    It '-Show warns that there is no desktop session instead of failing silently, and writes the file' {
        if ($IsWindows -or $IsMacOS) { Set-ItResult -Skipped -Because 'desktop sessions are an X11/Wayland matter'; return }
        Remove-Item Env:/DISPLAY, Env:/WAYLAND_DISPLAY -ErrorAction Ignore
        $png = $rows | Export-LearningCurvePlot -Path (Join-Path $folder 'shown.png') -Show -PassThru -WarningVariable plotWarnings -WarningAction SilentlyContinue
        $xlsx = $rows | Export-LearningCurveReport -Path (Join-Path $folder 'shown.xlsx') -Show -PassThru -WarningVariable bookWarnings -WarningAction SilentlyContinue
        $png.Exists | Should -BeTrue
        $xlsx.Exists | Should -BeTrue
        ($plotWarnings -join ' ') | Should -Match 'could not open.*no desktop session'
        ($bookWarnings -join ' ') | Should -Match 'could not open.*no desktop session'
    }

    It '-Show warns when xdg-open is missing, and reports what a failing xdg-open said instead of leaking it later' {
        if ($IsWindows -or $IsMacOS) { Set-ItResult -Skipped -Because 'xdg-open is the Linux opener'; return }
        $env:DISPLAY = ':99'
        $env:PATH = $folder
        $null = $rows | Export-LearningCurvePlot -Path (Join-Path $folder 'shown.png') -Show -WarningVariable missing -WarningAction SilentlyContinue
        ($missing -join ' ') | Should -Match "'xdg-open' is not on the PATH"
        $env:PATH = $bin
        $null = $rows | Export-LearningCurvePlot -Path (Join-Path $folder 'shown.png') -Show -WarningVariable failed -WarningAction SilentlyContinue
        ($failed -join ' ') | Should -Match 'xdg-open failed \(exit code 3: xdg-open: no method available for opening\)'
    }
}
