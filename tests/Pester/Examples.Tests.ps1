# Every script in examples/ runs end to end in its -Quick mode, in its own pwsh as a user would run it, and writes what
# the README says it writes: CSVs, an .xlsx that an independent reader (openpyxl) opens with a chart over real data,
# and a PNG. The full runs and their figures are in the README and docs/; this catches a script that broke.
BeforeDiscovery {
    $examples = Get-ChildItem "$PSScriptRoot/../../examples" -Filter 'Reproduce-*.ps1' | ForEach-Object { @{ name = $_.BaseName; path = $_.FullName } }
}
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:python = Find-OpenPyxl
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "fl-pester-examples-$PID"
}
AfterAll { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Examples' {
    It '<name> -Quick writes a workbook with a chart, a PNG and its CSV' -ForEach $examples {
        $out = Join-Path $folder $name
        $log = & (Join-Path $PSHOME pwsh) -NoProfile -File $path -Quick -OutputDirectory $out 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $log
        $workbooks = @(Get-ChildItem $out -Filter *.xlsx)
        $workbooks.Count | Should -BeGreaterOrEqual 1 -Because $log
        @(Get-ChildItem $out -Filter *.csv).Count | Should -BeGreaterOrEqual 1
        foreach ($png in Get-ChildItem $out -Filter *.png) {
            $bytes = [IO.File]::ReadAllBytes($png.FullName)
            $bytes.Length | Should -BeGreaterThan 1000
            [Text.Encoding]::ASCII.GetString($bytes, 1, 3) | Should -Be 'PNG'
        }
        @(Get-ChildItem $out -Filter *.png).Count | Should -BeGreaterOrEqual 1
        if (-not $python) { Set-ItResult -Skipped -Because 'python3 with openpyxl is not available to read the workbook back'; return }
        foreach ($workbook in $workbooks) {
            $book = Read-Workbook $workbook.FullName
            $series = @($book.charts.Values | ForEach-Object { $_ } | ForEach-Object { $_.series } | ForEach-Object { $_ })
            $series.Count | Should -BeGreaterOrEqual 1 -Because "$($workbook.Name) has a chart"
            ($series | Measure-Object -Property points -Sum).Sum | Should -BeGreaterOrEqual 2 -Because "$($workbook.Name)'s chart plots data"
            @($book.rows.Values | Where-Object { $_ -ge 2 }).Count | Should -BeGreaterOrEqual 1 -Because "$($workbook.Name) has a sheet with data rows"
        }
    }
}
