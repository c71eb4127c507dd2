# Every script in examples/ runs end to end in its -Quick mode, in its own pwsh as a user would run it, and writes what
# the README says it writes: CSVs, an .xlsx that an independent reader (openpyxl) opens with a chart over real data,
# and a PNG. The full runs and their figures are in the README and docs/; this catches a script that broke.
# A script that reads a property the learners no longer have gets $null from PowerShell and writes an empty or NaN
# cell instead of failing, so each example also names the numeric columns of its CSVs that must hold finite numbers.
BeforeDiscovery {
    # CSV file => columns that every row must fill with a finite number, or @{ Columns = ...; Rows = { filter } } for
    # columns that only some rows fill (a kernel has no first-layer alignment; random features at eta = 0 no spike).
    $keyColumns = @{
        'Reproduce-GaussianMixture'     = @{ 'GaussianMixture.csv' = 'D', 'N', 'Alpha', 'TestError', 'TrainError', 'NullError', 'BayesError', 'Seconds' }
        'Reproduce-KernelFiniteSize'    = @{
            'KernelFiniteSize.csv'         = @(@{ Columns = 'D', 'N', 'Alpha', 'TestError', 'TrainError', 'BayesError', 'Seconds' }
                                               @{ Columns = 'Ridge', 'RelativeRidge'; Rows = { $_.Series -ne 'Net' } })
            'KernelFiniteSize-summary.csv' = 'Alpha', 'D', 'N', 'TestError', 'Std', 'Min', 'Max', 'BayesError'
            'KernelFiniteSize-ridge.csv'   = 'Alpha', 'D', 'RelativeRidge', 'TestError'
        }
        'Reproduce-MultiIndex'          = @{
            'MultiIndex.csv'           = @(@{ Columns = 'D', 'N', 'TestError', 'TrainError', 'NullError', 'Seconds' }
                                           @{ Columns = 'SubspaceAlignment'; Rows = { $_.Learner -notlike 'Kernel*' } })
            'MultiIndex-summary.csv'   = 'D', 'LargestN', 'ErrorAtLargestN'
            'MultiIndex-alignment.csv' = 'FirstPhaseSamples', 'InitialAlignment', 'Alignment', 'MinPrincipalCosine', 'TestError'
        }
        'Reproduce-OneStepSpikedRf'     = @{
            'OneStepSpikedRf.csv'         = @(@{ Columns = 'StepSize', 'Alpha', 'N', 'TestError', 'TrainError', 'NullError', 'TheoryGamma' }
                                              @{ Columns = 'SpikeOverlap'; Rows = { [double]$_.StepSize -ne 0 } })
            'OneStepSpikedRf-theory.csv'  = 'StepSize', 'Alpha', 'TestError', 'SpikeOverlap', 'LinearFloor'
            'OneStepSpikedRf-summary.csv' = 'Theory', 'Network', 'NetStd', 'NetRelDiff', 'LinearFloor'
        }
        'Reproduce-ReluTeacher'         = @{
            'ReluTeacher.csv'         = @(@{ Columns = 'D', 'N', 'Width', 'Epochs', 'TestError', 'DTestMse', 'DKernelFloor', 'DFloorDegree6', 'DNull', 'Seconds' }
                                          @{ Columns = 'MinAlignment', 'MeanAlignment', 'AlignedMass'; Rows = { $_.Learner -eq 'WideReluNet' } })
            'ReluTeacher-history.csv' = 'Epoch', 'Step', 'DTrainMse', 'DMonitorMse', 'MinAlignment', 'MeanAlignment', 'AlignedMass'
        }
        'Reproduce-SparseParity'        = @{
            'SparseParity-DA.csv'      = @(@{ Columns = 'Bits', 'K', 'N', 'TestError', 'TestAccuracy', 'UniformAccuracy', 'StructuredAccuracy', 'Seconds' }
                                           @{ Columns = 'SubspaceAlignment', 'StepsToTarget'; Rows = { $_.Learner -eq 'ParityNetwork' } })
            'SparseParity-Uniform.csv' = 'Bits', 'K', 'N', 'TestError', 'TestAccuracy', 'StepsToTarget', 'SubspaceAlignment'
        }
        'Reproduce-Overparametrisation' = @{
            'Overparametrisation.csv'      = 'T', 'TestError', 'TestLoss'
            'Overparametrisation-long.csv' = 'T', 'TestError', 'TestLoss', 'Bayes'
        }
        'Reproduce-OnlineSgdTheory'     = @{
            'OnlineSgdTheory.csv'         = 'T', 'TestError', 'TestLoss'
            'OnlineSgdTheory-summary.csv' = 'ColdMaxGapError', 'SimFinal', 'ColdFinal', 'Bayes'
        }
    }
    $examples = Get-ChildItem "$PSScriptRoot/../../examples" -Filter 'Reproduce-*.ps1' |
        ForEach-Object { @{ name = $_.BaseName; path = $_.FullName; keyColumns = $keyColumns[$_.BaseName] } }
}
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:python = Find-OpenPyxl
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "fl-pester-examples-$PID"

    # The cells of the named columns (in the rows the filter keeps) that are missing, empty or not a finite number, as
    # "file row column = 'value'".
    function Get-BadCell([string]$csv, $rules) {
        $rows = @(Import-Csv $csv)
        if ($rows.Count -eq 0) { return "$(Split-Path $csv -Leaf) has no rows" }
        $header = $rows[0].PSObject.Properties.Name
        foreach ($rule in $rules) {
            if ($rule -isnot [hashtable]) { $rule = @{ Columns = $rule } }
            $filter = if ($rule.Rows) { $rule.Rows } else { { $true } }
            foreach ($column in $rule.Columns) {
                if ($header -notcontains $column) { "$(Split-Path $csv -Leaf) has no column $column (it has $($header -join ', '))"; continue }
                for ($i = 0; $i -lt $rows.Count; $i++) {
                    if (-not ($rows[$i] | Where-Object $filter)) { continue }
                    $text = $rows[$i].$column
                    $value = 0.0
                    if (-not [double]::TryParse($text, [Globalization.NumberStyles]::Float, [Globalization.CultureInfo]::InvariantCulture, [ref]$value) -or
                        -not [double]::IsFinite($value)) {
                        "$(Split-Path $csv -Leaf) row $($i + 2) $column = '$text'"
                    }
                }
            }
        }
    }
}
AfterAll { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Example <name>' -ForEach $examples {
    BeforeAll {
        $out = Join-Path $folder $name
        $log = & (Join-Path $PSHOME pwsh) -NoProfile -File $path -Quick -OutputDirectory $out 2>&1 | Out-String
        $exitCode = $LASTEXITCODE
    }

    It '-Quick writes a workbook with a chart, a PNG and its CSV' {
        $exitCode | Should -Be 0 -Because $log
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

    It '-Quick fills the key numeric columns of its CSVs with finite numbers (no empty or NaN cell)' {
        $keyColumns | Should -Not -BeNullOrEmpty -Because "every example names the key columns of its CSVs in Examples.Tests.ps1"
        $exitCode | Should -Be 0 -Because $log
        $bad = foreach ($file in $keyColumns.Keys) {
            $csv = Join-Path $out $file
            if (-not (Test-Path $csv)) { "$file was not written"; continue }
            Get-BadCell $csv $keyColumns[$file]
        }
        @($bad) | Should -BeNullOrEmpty -Because "a property the script reads may no longer exist: $(@($bad | Select-Object -First 10) -join '; ')"
    }
}
