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
            'MultiIndex-summary.csv'   = 'D', 'Seed', 'LargestN', 'ErrorAtLargestN'
            'MultiIndex-median.csv'    = 'D', 'Seeds', 'SeedsReached', 'MedianNStar'
            'MultiIndex-alignment.csv' = 'Seed', 'FirstPhaseSamples', 'HessianFrobenius2', 'InitialAlignment', 'Alignment', 'MinPrincipalCosine', 'TestError', 'Predicted', 'PredictedRefined'
            'MultiIndex-alignment-summary.csv' = 'FirstPhaseSamples', 'Seeds', 'AlignmentMean', 'AlignmentStd', 'PredictedMean'
        }
        'Reproduce-OneStepSpikedRf'     = @{
            'OneStepSpikedRf.csv'         = @(@{ Columns = 'StepSize', 'Alpha', 'N', 'TestError', 'TrainError', 'NullError', 'TheoryGamma' }
                                              @{ Columns = 'SpikeOverlap'; Rows = { [double]$_.StepSize -ne 0 } })
            'OneStepSpikedRf-theory.csv'  = 'StepSize', 'Alpha', 'TestError', 'SpikeOverlap', 'LinearFloor'
            'OneStepSpikedRf-summary.csv' = 'Theory', 'Network', 'NetStd', 'NetRelDiff', 'LinearFloor'
        }
        'Reproduce-ReluTeacher'         = @{
            'ReluTeacher.csv'         = @(@{ Columns = 'Seed', 'D', 'N', 'Width', 'Epochs', 'TestError', 'DTestMse', 'DKernelFloor', 'DFloorDegree6', 'DNull', 'Seconds' }
                                          @{ Columns = 'MinAlignment', 'MeanAlignment', 'AlignedMass'; Rows = { $_.Learner -like 'WideReluNet*' } })
            # the main table's GD row beside Adam and the kernels, each over the -Quick run's two seeds with a spread
            'ReluTeacher-summary.csv' = @(@{ Columns = 'D', 'N', 'Seeds', 'MeanDTestMse', 'StdDTestMse', 'MinDTestMse', 'MaxDTestMse', 'DKernelFloor' }
                                          @{ Columns = 'MeanMinAlignment'; Rows = { $_.Learner -like 'WideReluNet*' } }
                                          @{ Columns = 'Seeds'; Rows = { $_.Learner -eq 'WideReluNet GD' -and [int]$_.Seeds -ge 2 }; MinRows = 1 }
                                          @{ Columns = 'Seeds'; Rows = { $_.Learner -eq 'WideReluNet Adam' -and [int]$_.Seeds -ge 2 }; MinRows = 2 }
                                          @{ Columns = 'Seeds'; Rows = { $_.Learner -in 'NtkRidge', 'NngpRidge' -and [int]$_.Seeds -ge 2 }; MinRows = 4 })
            'ReluTeacher-history.csv' = 'Epoch', 'Step', 'DTrainMse', 'DMonitorMse', 'MinAlignment', 'MeanAlignment', 'AlignedMass'
        }
        'Reproduce-SparseParity'        = @{
            'SparseParity-DA.csv'              = @(@{ Columns = 'Bits', 'K', 'N', 'Seed', 'TestError', 'TestAccuracy', 'UniformAccuracy', 'StructuredAccuracy', 'Seconds' }
                                                   @{ Columns = 'SubspaceAlignment', 'StepsToTarget'; Rows = { $_.Learner -eq 'ParityNetwork' } })
            'SparseParity-Uniform.csv'         = 'Bits', 'K', 'N', 'Seed', 'TestError', 'TestAccuracy', 'StepsToTarget', 'SubspaceAlignment'
            'SparseParity-DA-summary.csv'      = @(@{ Columns = 'Bits', 'K', 'N', 'Seeds', 'Learned', 'Accuracy', 'AccuracyStd', 'AccuracyMin', 'AccuracyMax',
                                                               'UniformAccuracy', 'UniformAccuracyStd', 'UniformAccuracyMin', 'UniformAccuracyMax', 'StructuredAccuracy', 'StructuredAccuracyStd' }
                                                   @{ Columns = 'SubsetMass', 'SubsetMassStd'; Rows = { $_.Name -like 'Net *' } })
            'SparseParity-Uniform-summary.csv' = @(@{ Columns = 'Bits', 'K', 'Seeds', 'Learned', 'Accuracy', 'AccuracyStd', 'AccuracyMin', 'AccuracyMax', 'SubsetMass' }
                                                   @{ Columns = 'Steps', 'StepsStd', 'StepsMin', 'StepsMax'; Rows = { [int]$_.Learned -gt 0 } })
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
    # Examples whose summary CSV reports a spread over seeds: the per-seed CSV, the summary CSV, the per-seed column the
    # summary aggregates and the summary's mean column (with Std, Min and Max beside it), the columns that identify a
    # cell, and which per-seed rows count as learned (the summary's Learned column); the test recomputes them.
    $spreadChecks = @{
        'Reproduce-SparseParity' = @(
            @{ PerSeed = 'SparseParity-DA.csv'; Summary = 'SparseParity-DA-summary.csv'; Cell = 'Name', 'Bits', 'K'
               Columns = @{ TestAccuracy = 'Accuracy'; UniformAccuracy = 'UniformAccuracy'; StructuredAccuracy = 'StructuredAccuracy' }
               Learned = { param($row, $cell) [double]$row.TestAccuracy -ge [double]$cell.LearnedAccuracy } }
            @{ PerSeed = 'SparseParity-Uniform.csv'; Summary = 'SparseParity-Uniform-summary.csv'; Cell = 'Name', 'Bits', 'K'
               Columns = @{ TestAccuracy = 'Accuracy'; StepsToTarget = 'Steps' }; StepsOverLearned = $true
               Learned = { param($row, $cell) [int]$row.StepsToTarget -gt 0 } })
    }
    $examples = Get-ChildItem "$PSScriptRoot/../../examples" -Filter 'Reproduce-*.ps1' |
        ForEach-Object { @{ name = $_.BaseName; path = $_.FullName; keyColumns = $keyColumns[$_.BaseName]; spread = $spreadChecks[$_.BaseName] } }
    # $env:FEATURELEARNING_EXAMPLE = 'Reproduce-MultiIndex' (a -like pattern) runs only the matching examples: Pester's
    # -FullName filter sees the unexpanded 'Example <name>' of a -ForEach block.
    if ($env:FEATURELEARNING_EXAMPLE) { $examples = @($examples | Where-Object { $_.name -like $env:FEATURELEARNING_EXAMPLE }) }
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
            # MinRows: the filter must keep at least that many rows (a table row the script must write)
            $kept = @($rows | Where-Object $filter).Count
            if ($rule.MinRows -and $kept -lt $rule.MinRows) { "$(Split-Path $csv -Leaf) has $kept rows where $($rule.Rows), not at least $($rule.MinRows)" }
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

    if ($name -eq 'Reproduce-MultiIndex') {
        It '-Quick summarises n* over its two seeds: the median and range follow from the per-seed rows' {
            $exitCode | Should -Be 0 -Because $log
            $perSeed = @(Import-Csv (Join-Path $out 'MultiIndex-summary.csv'))
            @($perSeed.Seed | Sort-Object -Unique) | Should -Be @('0', '1')
            $median = @(Import-Csv (Join-Path $out 'MultiIndex-median.csv'))
            $median.Count | Should -Be @($perSeed | Group-Object Table, Learner, D).Count
            foreach ($cell in $median) {
                $rows = @($perSeed | Where-Object { $_.Table -eq $cell.Table -and $_.Learner -eq $cell.Learner -and $_.D -eq $cell.D })
                $reached = @($rows | Where-Object Reached -eq 'True' | ForEach-Object { [double]$_.NStar })
                [int]$cell.Seeds | Should -Be 2
                [int]$cell.SeedsReached | Should -Be $reached.Count
                # Two seeds: the median is their geometric mean when both reached the target, censored otherwise.
                $cell.MedianCensored | Should -Be ([string]($reached.Count -lt 2))
                if ($reached.Count -eq 2) {
                    [double]$cell.MedianNStar | Should -BeGreaterOrEqual ([math]::Floor([math]::Sqrt($reached[0] * $reached[1])))
                    [double]$cell.MedianNStar | Should -BeLessOrEqual ([math]::Ceiling([math]::Sqrt($reached[0] * $reached[1])))
                    [double]$cell.MinNStar | Should -Be ($reached | Measure-Object -Minimum).Minimum
                    [double]$cell.MaxNStar | Should -Be ($reached | Measure-Object -Maximum).Maximum
                    $cell.Cell | Should -Match ', 2/2$'
                }
                else { $cell.Cell | Should -Match '^> ' }
            }
        }

        It '-Table and -Learner run a part of the experiment with the same numbers as the full run' {
            $exitCode | Should -Be 0 -Because $log
            $part = Join-Path $folder 'Reproduce-MultiIndex-part'
            $partLog = & (Join-Path $PSHOME pwsh) -NoProfile -c "& '$path' -Quick -Seed 0 -Table Transfer -Learner KernelRbf -OutputDirectory '$part'" 2>&1 | Out-String
            $LASTEXITCODE | Should -Be 0 -Because $partLog
            $key = { process { "$($_.Table) $($_.Name) d=$($_.D) seed=$($_.Seed) n=$($_.N) $($_.TestError)" } }
            $partRows = @(Import-Csv (Join-Path $part 'MultiIndex.csv'))
            @($partRows | ForEach-Object { "$($_.Table) $($_.Name) $($_.Seed)" } | Sort-Object -Unique) | Should -Be @('Transfer KernelRbf 0')
            $full = @(Import-Csv (Join-Path $out 'MultiIndex.csv') | Where-Object { $_.Table -eq 'Transfer' -and $_.Name -eq 'KernelRbf' -and $_.Seed -eq '0' })
            $full.Count | Should -BeGreaterThan 0
            @($partRows | & $key | Sort-Object) | Should -Be @($full | & $key | Sort-Object)
            Test-Path (Join-Path $part 'MultiIndex-alignment.png') | Should -BeFalse -Because 'the alignment table did not run'
        }

        It '-Quick puts the alignment after phase 1 beside S/(S + N) computed from the head''s Hessian' {
            $exitCode | Should -Be 0 -Because $log
            $phi2 = 1 / (2 * [math]::PI)
            foreach ($row in Import-Csv (Join-Path $out 'MultiIndex-alignment.csv')) {
                # The head's ||H||_F^2 is twice its degree-2 share of the unit variance: 1 for p = 3, 2 for p = 2.
                [double]$row.HessianFrobenius2 | Should -BeGreaterThan ($(if ($row.Degree -eq '2') { 1.99 } else { 0.99 }))
                [double]$row.HessianFrobenius2 | Should -BeLessThan ($(if ($row.Degree -eq '2') { 2.01 } else { 1.01 }))
                $d = [double]$row.D; $s = $phi2 * [double]$row.HessianFrobenius2 / $d; $n = $d / (4 * [double]$row.FirstPhaseSamples)
                [double]$row.Predicted | Should -BeGreaterOrEqual ([math]::Round($s / ($s + $n), 4) - 1e-4)
                [double]$row.Predicted | Should -BeLessOrEqual ([math]::Round($s / ($s + $n), 4) + 1e-4)
                [double]$row.Alignment | Should -BeGreaterThan (5 * [double]$row.InitialAlignment) -Because 'one step moves the rows into span(U)'
            }
            $chart = Join-Path $out 'MultiIndex-alignment.png'
            Test-Path $chart | Should -BeTrue
        }
    }

    # Only the examples that write per-seed summaries (no skipped test for the others).
    if ($spread) {
        It '-Quick summaries hold every seed, the mean, std, min, max and the learned count of the per-seed rows' {
            $exitCode | Should -Be 0 -Because $log
            $bad = foreach ($check in $spread) {
                $perSeed = @(Import-Csv (Join-Path $out $check.PerSeed))
                $summary = @(Import-Csv (Join-Path $out $check.Summary))
                $seeds = @($perSeed.Seed | Sort-Object -Unique).Count
                if ($seeds -lt 2) { "$($check.PerSeed) has $seeds seed(s); a spread needs at least 2 in -Quick" }
                if ($perSeed.Count -eq 0) { "$($check.PerSeed) has no rows" }
                if ($summary.Count -eq 0) { "$($check.Summary) has no rows" }
                foreach ($cell in $summary) {
                    $rows = @($perSeed | Where-Object { $r = $_; -not ($check.Cell | Where-Object { $r.$_ -ne $cell.$_ }) })
                    $where = "$($check.Summary) $(($check.Cell | ForEach-Object { "$_=$($cell.$_)" }) -join ' ')"
                    if ($rows.Count -ne $seeds -or [int]$cell.Seeds -ne $seeds) { "$where`: $($rows.Count) per-seed rows, Seeds = $($cell.Seeds), $seeds seeds in the run" }
                    $learned = @($rows | Where-Object { & $check.Learned $_ $cell })
                    if ([int]$cell.Learned -ne $learned.Count) { "$where`: Learned = $($cell.Learned), the per-seed rows say $($learned.Count)" }
                    foreach ($column in $check.Columns.Keys) {
                        $name = $check.Columns[$column]
                        $over = if ($check.StepsOverLearned -and $name -eq 'Steps') { $learned } else { $rows }
                        if ($over.Count -eq 0) { continue }
                        $v = @($over | ForEach-Object { [double]$_.$column })
                        $mean = ($v | Measure-Object -Average).Average
                        $std = if ($v.Count -gt 1) { [math]::Sqrt((($v | ForEach-Object { ($_ - $mean) * ($_ - $mean) }) | Measure-Object -Sum).Sum / ($v.Count - 1)) } else { 0 }
                        $expected = @{ $name = $mean; "${name}Std" = $std; "${name}Min" = ($v | Measure-Object -Minimum).Minimum; "${name}Max" = ($v | Measure-Object -Maximum).Maximum }
                        foreach ($key in $expected.Keys) {
                            if ([math]::Abs([double]$cell.$key - $expected[$key]) -gt 1e-9) { "$where`: $key = $($cell.$key), the per-seed rows give $($expected[$key])" }
                        }
                    }
                }
            }
            @($bad) | Should -BeNullOrEmpty -Because "$(@($bad | Select-Object -First 10) -join '; ')"
        }
    }
}
