# The learner × task table of the README, through the PowerShell surface: every learner (built by its Invoke-* cmdlet
# with -AsSpec, and by name) on every task (each generator cmdlet, plus user data from ConvertTo-Dataset with a test
# set) in Compare-Learner, sweeps (New-SweepPlan, Invoke-Sweep, the plan file and the call the Slurm worker makes),
# persistence (Export/Import-TrainedModel, Export/Import-Dataset) and reports (Export-LearningCurveReport). Sizes are
# tiny: the point is that each path runs and that the paths agree to the last bit, not what the learners reach.
# The Slurm column submits one plan per task with Submit-Sweep to the simulator of tests/slurm/sim (which, given no
# slots, runs nothing itself) and plays the node: the run-chunk.ps1 Submit-Sweep wrote runs in this process for every
# task, and for one task bash runs the sbatch script itself (a new PowerShell); Receive-Sweep collects the rows.
BeforeDiscovery {
    $learnerNames = 'TwoLayerNet', 'RandomFeatures', 'KernelRidge', 'KernelRidgeNystrom', 'TwoPhaseNetwork', 'OneStepNetwork',
        'SpikedRandomFeatures', 'WideReluNetwork', 'TangentKernelRidge', 'ParityNetwork'
    $taskNames = 'Xor', 'MultiIndex', 'SingleIndex', 'AbsTeacher', 'SparseParity', 'UserRegression', 'UserClassification'
    $regression = 'MultiIndex', 'SingleIndex', 'AbsTeacher', 'UserRegression'
    # The parity network minimises a classification loss: it refuses regression data by design.
    $refused = { param($l, $t) $l -eq 'ParityNetwork' -and $t -in $regression }
    # Cells whose TestError was below 0.8 × NullError for each of seeds 1-8 at n = 60 (measured once); on seeds 1 and 2
    # the tests then claim only that it is below NullError. Elsewhere these sizes are too small to learn reliably.
    $learns = @{
        Xor                = 'KernelRidgeNystrom', 'TwoPhaseNetwork', 'WideReluNetwork', 'TangentKernelRidge'
        SingleIndex        = 'RandomFeatures', 'KernelRidge', 'KernelRidgeNystrom', 'OneStepNetwork', 'SpikedRandomFeatures', 'TangentKernelRidge'
        AbsTeacher         = 'RandomFeatures', 'KernelRidgeNystrom', 'TangentKernelRidge'
        UserRegression     = 'TwoLayerNet', 'RandomFeatures', 'KernelRidge', 'KernelRidgeNystrom', 'OneStepNetwork', 'SpikedRandomFeatures', 'TangentKernelRidge'
        UserClassification = $learnerNames
    }
    $cells = foreach ($t in $taskNames) {
        foreach ($l in $learnerNames) { if (-not (& $refused $l $t)) { @{ Learner = $l; Task = $t; Learns = $l -in $learns[$t] } } }
    }
    $refusedCells = foreach ($t in $taskNames) { foreach ($l in $learnerNames) { if (& $refused $l $t) { @{ Learner = $l; Task = $t } } } }
    $tasks = foreach ($t in $taskNames) { @{ Task = $t } }
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "fl-matrix-$PID"
    New-Item -ItemType Directory $Work -Force | Out-Null

    # Each learner: its cmdlet and small settings (a spec with -AsSpec, a fit without).
    $script:Learners = [ordered]@{
        TwoLayerNet          = 'Invoke-TwoLayerNet', @{ Hidden = 4; Time = 2; LearningRate = 0.125; HistoryPoints = 3; MonitorSamples = 50 }
        RandomFeatures       = 'Invoke-RandomFeatures', @{ Features = 20 }
        KernelRidge          = 'Invoke-KernelRidge', @{ Kernel = 'Rbf' }
        KernelRidgeNystrom   = 'Invoke-KernelRidge', @{ Kernel = 'Ntk'; Solver = 'Nystrom'; Centers = 15 }
        TwoPhaseNetwork      = 'Invoke-TwoPhaseNetwork', @{ Width = 16 }
        OneStepNetwork       = 'Invoke-OneStepNetwork', @{ Width = 16; FirstBatch = 20 }
        SpikedRandomFeatures = 'Invoke-SpikedRandomFeatures', @{ Width = 16; SpikeStrength = 1; BulkVariance = 1; Gamma = 0.8 }
        WideReluNetwork      = 'Invoke-WideReluNetwork', @{ Width = 16; Epochs = 3; HistoryPoints = 2; MonitorSamples = 50 }
        TangentKernelRidge   = 'Invoke-TangentKernelRidge', @{ Width = 32 }
        ParityNetwork        = 'Invoke-ParityNetwork', @{ Width = 16; Steps = 20; MonitorSamples = 50; HistoryPoints = 3 }
    }
    function script:Get-Spec([string]$Name) {
        $command, $settings = $Learners[$Name]
        & $command @settings -AsSpec
    }

    # Each task: its generator cmdlet (the data a comparison is given only carries the task; it draws its own samples).
    $script:Generators = @{
        Xor          = { param($n, $seed) New-GaussianMixture -Dimension 8 -Snr 4 -Kind Xor -Samples $n -Seed $seed }
        MultiIndex   = { param($n, $seed) New-MultiIndexTask -Dimension 8 -Rank 2 -Degree 3 -Noise 0.1 -Samples $n -Seed $seed }
        SingleIndex  = { param($n, $seed) New-SingleIndexTask -Dimension 8 -Link Tanh -Noise 0.1 -Samples $n -Seed $seed }
        AbsTeacher   = { param($n, $seed) New-AbsTeacherTask -Dimension 6 -Weights Random -Noise 0.05 -Samples $n -Seed $seed }
        SparseParity = { param($n, $seed) New-SparseParity -Bits 10 -K 3 -Distribution Mixture -Samples $n -Seed $seed }
    }
    # User data: rows from a source of our own, 60 to train on and 200 set aside (no generator, so a test set is given).
    $random = [Random]::new(13)
    $source = foreach ($i in 1..260) {
        $x = foreach ($j in 0..4) { $u1 = 1 - $random.NextDouble(); [Math]::Sqrt(-2 * [Math]::Log($u1)) * [Math]::Cos(2 * [Math]::PI * $random.NextDouble()) }
        $f = $x[0] - 0.5 * $x[1] * $x[2]
        [pscustomobject]@{ x0 = $x[0]; x1 = $x[1]; x2 = $x[2]; x3 = $x[3]; x4 = $x[4]; f = $f + 0.1 * ($random.NextDouble() - 0.5); c = if ($f -gt 0) { 1 } else { -1 } }
    }
    $features = 'x0', 'x1', 'x2', 'x3', 'x4'
    $script:UserData = @{
        UserRegression     = ($source[0..59] | ConvertTo-Dataset -LabelProperty f -FeatureProperty $features -Task Regression),
                             ($source[60..259] | ConvertTo-Dataset -LabelProperty f -FeatureProperty $features -Task Regression)
        UserClassification = ($source[0..59] | ConvertTo-Dataset -LabelProperty c -FeatureProperty $features -Task Classification),
                             ($source[60..259] | ConvertTo-Dataset -LabelProperty c -FeatureProperty $features -Task Classification)
    }

    # What Compare-Learner, New-SweepPlan and the fits are given for a task: the data, and the test set for user data.
    function script:Get-TaskData([string]$Task, [int]$Samples = 1) {
        if ($UserData.ContainsKey($Task)) { return @{ Data = $UserData[$Task][0]; TestData = $UserData[$Task][1] } }
        @{ Data = & $Generators[$Task] $Samples 2 }
    }
    $script:Classification = 'Xor', 'SparseParity', 'UserClassification'
    $script:TaskColumn = @{ Xor = 'Xor'; MultiIndex = 'MultiIndex'; SingleIndex = 'SingleIndexTanh'; AbsTeacher = 'AbsTeacher'
        SparseParity = 'SparseParity'; UserRegression = 'Custom'; UserClassification = 'Custom' }

    # A row as text, every column but the wall-clock Seconds (and a sweep's TrialId), numbers to the last bit.
    function script:Get-RowKey($Row) {
        ($Row.PSObject.Properties | Where-Object { $_.Name -notin 'Seconds', 'TrialId' } | ForEach-Object {
            $value = if ($_.Value -is [double]) { $_.Value.ToString('R', [Globalization.CultureInfo]::InvariantCulture) } else { "$($_.Value)" }
            "$($_.Name)=$value"
        }) -join '|'
    }
    # A row without the diagnostic columns it leaves blank (NaN): in a comparison of several learners each row has every
    # learner's diagnostic columns (in another order), so it is compared with a learner's own comparison on the columns it fills.
    function script:Select-Defined($Row) {
        $kept = [ordered]@{}
        foreach ($p in $Row.PSObject.Properties | Sort-Object Name) {
            $blank = $p.Value -is [double] -and [double]::IsNaN($p.Value) -and $p.Name -notin 'TestError', 'TrainError', 'TestMse', 'NullError', 'BayesError'
            if (-not $blank) { $kept[$p.Name] = $p.Value }
        }
        [pscustomobject]$kept
    }
    # An array of doubles as text, bit for bit.
    function script:ConvertTo-Bits([double[]]$Values) {
        $bytes = [byte[]]::new(8 * $Values.Length)
        [Buffer]::BlockCopy($Values, 0, $bytes, 0, $bytes.Length)
        [Convert]::ToBase64String($bytes)
    }
    $script:Sizes = @{ Samples = 60; Seed = 1, 2; TestSamples = 200 }

    # The Slurm column: one plan of every learner a task takes, submitted to a simulated cluster of its own whose scheduler
    # runs nothing itself (no slots); the test then plays the node. Returns the job and Compare-Learner's rows for it.
    function script:Submit-TaskSweep([string]$Task) {
        $given = Get-TaskData $Task
        $names = @($Learners.Keys | Where-Object { -not ($_ -eq 'ParityNetwork' -and $given.Data.TaskType -eq 'Regression') })
        $specs = $names | ForEach-Object { Get-Spec $_ }
        $local = Compare-Learner @given -Learner $specs -Samples 60 -Seed 1 -TestSamples 200 | ForEach-Object { Get-RowKey $_ }
        $cluster = Join-Path $Work "cluster-$Task-$([guid]::NewGuid().ToString('n'))"
        New-Item -ItemType Directory $cluster -Force | Out-Null
        @{ slots = 0 } | ConvertTo-Json | Set-Content (Join-Path $cluster 'config.json')
        $env:FLSIM_DIR = $cluster
        $plan = New-SweepPlan @given -Learner $specs -Samples 60 -Seed 1 -TestSamples 200
        $job = $plan | Submit-Sweep -Directory (Join-Path $cluster 'sweep') -ChunkSize $plan.TrialCount
        $job.Arrays.Count | Should -Be 1
        $job.Arrays[0].Tasks | Should -Be 1
        $job, $local
    }
    function script:Use-SlurmSimulator {
        $script:OldPath = $env:PATH
        $env:PATH = "$(Join-Path $RepoRoot 'tests/slurm/sim')$([IO.Path]::PathSeparator)$env:PATH"
    }
    function script:Reset-SlurmSimulator {
        $env:PATH = $OldPath
        Remove-Item Env:FLSIM_DIR, Env:SLURM_ARRAY_JOB_ID, Env:SLURM_ARRAY_TASK_ID -ErrorAction Ignore
    }
    # The Slurm simulator needs python3 and a POSIX shell.
    $script:SlurmSkip = if ($IsWindows) { 'the Slurm simulator runs on Linux and macOS' }
        elseif (-not (Get-Command python3 -ErrorAction Ignore)) { 'python3 is not available to run the Slurm simulator' }
        elseif (-not (Get-Command bash -ErrorAction Ignore)) { 'bash is not available to run the sbatch script' }
}

AfterAll {
    Remove-Item $Work -Recurse -Force -ErrorAction Ignore
    Remove-Item Env:FLSIM_DIR, Env:SLURM_ARRAY_JOB_ID, Env:SLURM_ARRAY_TASK_ID -ErrorAction Ignore
}

Describe '<Learner> on <Task>' -ForEach $cells {
    BeforeAll {
        $spec = Get-Spec $Learner
        $given = Get-TaskData $Task
        $rows = @(Compare-Learner @given -Learner $spec @Sizes)
        $keys = $rows | ForEach-Object { Get-RowKey $_ }
    }

    It 'Compare-Learner: a row per seed, Learner and Settings naming the spec, finite errors beside the reference levels' {
        $rows.Count | Should -Be 2
        $rows.Learner | Should -Be @($spec.Name.ToString(), $spec.Name.ToString())
        $rows.Settings | Should -Be @($spec.Describe(), $spec.Describe())
        $rows.Task | Should -Be @($TaskColumn[$Task], $TaskColumn[$Task])
        $rows.N | Should -Be @(60, 60)
        $rows.Seed | Should -Be @(1, 2)
        foreach ($row in $rows) {
            [double]::IsFinite($row.TestError) | Should -BeTrue
            [double]::IsFinite($row.TrainError) | Should -BeTrue
            [double]::IsFinite($row.NullError) | Should -BeTrue
            $row.NullError | Should -BeGreaterThan 0
            if ($Task -in $Classification) {
                $row.TestError | Should -BeGreaterOrEqual 0
                $row.TestError | Should -BeLessOrEqual 1
                # A classification error is a fraction of the 200 test points.
                [Math]::Abs($row.TestError * 200 - [Math]::Round($row.TestError * 200)) | Should -BeLessThan 1e-9
            }
            else {
                $row.TestError | Should -BeGreaterOrEqual 0
                $row.TestError | Should -Be $row.TestMse
            }
            if ($Learns) { $row.TestError | Should -BeLessThan $row.NullError -Because "seed $($row.Seed)" }
            if ($Task -like 'User*') { [double]::IsNaN($row.BayesError) | Should -BeTrue; $row.TestSamples | Should -Be 200 }
            else { [double]::IsFinite($row.BayesError) | Should -BeTrue; $row.BayesError | Should -BeLessOrEqual $row.NullError }
        }
        # Two seeds, two trials (rows that differ, at least in Seed); the same seed again gives the same row to the last bit.
        $keys[0] | Should -Not -Be $keys[1]
        (Compare-Learner @given -Learner $spec -Samples 60 -Seed 2 -TestSamples 200 | ForEach-Object { Get-RowKey $_ }) | Should -Be $keys[1]
    }

    It 'New-SweepPlan | Invoke-Sweep, and the plan file run as the Slurm worker runs it, give the rows of Compare-Learner' {
        $plan = New-SweepPlan @given -Learner $spec @Sizes
        $plan.TrialCount | Should -Be 2
        $swept = @($plan | Invoke-Sweep -ThrottleLimit 2 | Sort-Object TrialId)
        ($swept[0].PSObject.Properties.Name | Where-Object { $_ -ne 'TrialId' }) | Should -Be $rows[0].PSObject.Properties.Name
        ($swept | ForEach-Object { Get-RowKey $_ }) | Should -Be $keys

        $file = Join-Path $Work "plan-$Learner-$Task.json"
        New-SweepPlan @given -Learner $spec @Sizes -Path $file | Out-Null
        $results = Join-Path $Work "results-$Learner-$Task.jsonl"
        $worker = @(Invoke-Sweep -Path $file -TrialId 1, 0 -ResultsPath $results -Resume -ThrottleLimit 1 -ThreadsPerTrial 1 | Sort-Object TrialId)
        ($worker | ForEach-Object { Get-RowKey $_ }) | Should -Be $keys
        # Resuming the complete results file gives back the rows it holds.
        ($(Invoke-Sweep -Path $file -ResultsPath $results -Resume | Sort-Object TrialId) | ForEach-Object { Get-RowKey $_ }) | Should -Be $keys
    }

    It 'Measure-RidgePath: per ridge, Compare-Learner''s row with that ridge fixed; the validated row is the default row (or refused: no ridge setting)' {
        $ridges = 0.05, 2
        if ($null -eq $spec.WithRidge($null)) {
            (Get-ErrorId { Measure-RidgePath @given -Learner $spec @Sizes -Ridge $ridges }) | Should -BeLike 'FeatureLearning.NoRidgeSetting,*'
            return
        }
        $path = @(Measure-RidgePath @given -Learner $spec @Sizes -Ridge $ridges -IncludeValidated)
        # Learners whose ridge is a fixed setting (one-step network, spiked RF) have no automatic choice, so no validated row.
        $path.Count | Should -Be (2 * ($ridges.Count + [int]$spec.ChoosesRidge))
        foreach ($r in $ridges) {
            foreach ($e in @(Compare-Learner @given -Learner $spec.WithRidge($r) @Sizes)) {
                $a = @($path | Where-Object { $_.Seed -eq $e.Seed -and $_.Ridge -eq $r -and -not $_.Validated })
                $a.Count | Should -Be 1 -Because "one row for seed $($e.Seed), ridge $r"
                # Kernel ridge shares the kernel work over the grid: its MSEs equal a fixed-ridge fit to rounding.
                Assert-SameRow $e $a[0] -Rounding:($spec -is [FeatureLearning.Core.Learning.KernelRidgeSpec]) -Because "seed $($e.Seed), ridge $r"
            }
        }
        foreach ($seedRows in $path | Where-Object { -not $_.Validated } | Group-Object Seed) {
            $best = @($seedRows.Group | Where-Object Best)
            $best.Count | Should -Be 1
            $best[0].TestError | Should -Be ($seedRows.Group | Measure-Object TestError -Minimum).Minimum
        }
        if ($spec.ChoosesRidge) {
            foreach ($row in $rows) {
                $v = @($path | Where-Object { $_.Seed -eq $row.Seed -and $_.Validated })
                $v.Count | Should -Be 1
                $v[0].TestError | Should -Be $row.TestError
                $v[0].Best | Should -BeFalse
            }
        }
    }

    It 'Export-Dataset and Import-Dataset keep what a comparison needs: the imported data gives the same rows' {
        $file = Join-Path $Work "data-$Learner-$Task.json"
        $given.Data | Export-Dataset -Path $file
        $back = @{ Data = Import-Dataset $file }
        if ($given.TestData) {
            $given.TestData | Export-Dataset -Path "$file.test.json"
            $back.TestData = Import-Dataset "$file.test.json"
        }
        (Compare-Learner @back -Learner $spec @Sizes | ForEach-Object { Get-RowKey $_ }) | Should -Be $keys
    }

    It 'the learner''s cmdlet fits, and its model round-trips through Export-TrainedModel and Import-TrainedModel' {
        $command, $settings = $Learners[$Learner]
        $train = Get-TaskData $Task -Samples 60
        $fresh = if ($train.TestData) { $train.TestData } else { & $Generators[$Task] 300 99 }
        $fit = @{ Seed = 1; TestSamples = 200 }
        if ($train.TestData) { $fit.TestData = $train.TestData }
        $model = $train.Data | & $command @settings @fit
        $model.Learner | Should -Be $spec.Name.ToString()
        $model.Settings | Should -Be $spec.Describe()
        $model.N | Should -Be 60
        [double]::IsFinite($model.TestError) | Should -BeTrue
        $model.GetSpec().Equals($spec) | Should -BeTrue

        $file = Join-Path $Work "model-$Learner-$Task.json"
        $model | Export-TrainedModel -Path $file
        $back = Import-TrainedModel $file
        $back.GetSpec().Equals($spec) | Should -BeTrue
        (Get-RowKey $back) | Should -Be (Get-RowKey $model)
        $back.GetHistory().Columns | Should -Be $model.GetHistory().Columns
        $back.GetHistory().Count | Should -Be $model.GetHistory().Count
        for ($i = 0; $i -lt $model.GetHistory().Count; $i++) { (ConvertTo-Bits $back.GetHistory().Rows[$i]) | Should -Be (ConvertTo-Bits $model.GetHistory().Rows[$i]) }
        if ($Learner -in 'TwoLayerNet', 'WideReluNetwork', 'ParityNetwork') { $model.GetHistory().Count | Should -BeGreaterThan 1 }
        $before = [double[]]::new($fresh.Count)
        $after = [double[]]::new($fresh.Count)
        $model.GetModel().Predict($fresh, $before)
        $back.GetModel().Predict($fresh, $after)
        (ConvertTo-Bits $after) | Should -Be (ConvertTo-Bits $before)
        # Not a constant: the predictions depend on the input (so equal predictions say something).
        [Linq.Enumerable]::Count([Linq.Enumerable]::Distinct($before)) | Should -BeGreaterThan 1
    }
}

Describe '<Learner> on <Task> is refused by design' -ForEach $refusedCells {
    BeforeAll {
        $spec = Get-Spec $Learner
        $given = Get-TaskData $Task
    }

    It 'Compare-Learner, New-SweepPlan and the learner''s cmdlet refuse regression data with FeatureLearning.WrongTask, saying what to use' {
        $refusal = try { Compare-Learner @given -Learner $spec @Sizes | Out-Null } catch { $_ }
        $refusal | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $refusal.FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.WrongTask,*'
        $refusal.Exception.Message | Should -Match 'this task is a regression'
        $refusal.Exception.Message | Should -Match 'Use a two-layer net'
        (Get-ErrorId { New-SweepPlan @given -Learner $spec @Sizes }) | Should -BeLike 'FeatureLearning.WrongTask,*'
        (Get-ErrorId { Compare-Learner @given -Learner $Learner @Sizes }) | Should -BeLike 'FeatureLearning.WrongTask,*'

        # One dataset in a pipeline is one item: the fit writes a non-terminating error and outputs nothing.
        $command, $settings = $Learners[$Learner]
        $train = Get-TaskData $Task -Samples 60
        $fit = @{ Seed = 1; TestSamples = 200 }
        if ($train.TestData) { $fit.TestData = $train.TestData }
        $out = $train.Data | & $command @settings @fit -ErrorVariable bad -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        @($bad).Count | Should -Be 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.WrongTask,*'
    }
}

Describe 'learners by name on <Task>' -ForEach $tasks {
    It 'every learner name resolves to the task''s settings for it (its paper''s), or is refused with a clear error' {
        $given = Get-TaskData $Task
        $taskSpec = if ($given.Data.Generator) { $given.Data.Generator.Task } else { $null }
        foreach ($name in [Enum]::GetNames([FeatureLearning.Core.Learning.LearnerName])) {
            $expected = if ($taskSpec) { $taskSpec.Learner($name) } else { [FeatureLearning.Core.Learning.LearnerSpec]::Default($name) }
            $plan = try { New-SweepPlan @given -Learner $name -Samples 60 -Seed 1 } catch { $_ }
            if ($name -eq 'ParityNetwork' -and $given.Data.TaskType -eq 'Regression') {
                $plan.FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.WrongTask,*' -Because $name
            }
            elseif ($name -eq 'SpikedRandomFeatures' -and $Task -ne 'SingleIndex') {
                # Without -SpikeStrength the spike is the theory's, which only a single-index task assigns.
                $plan.FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.NoSpike,*' -Because $name
                $plan.Exception.Message | Should -Match '-SpikeStrength'
            }
            else {
                $plan | Should -BeOfType [FeatureLearning.Core.Sweeps.SweepPlan] -Because $name
                $plan.Learners.Count | Should -Be 1
                $plan.Learners[0].Equals($expected) | Should -BeTrue -Because "$name resolves to $expected, got $($plan.Learners[0])"
            }
        }
    }
}

Describe 'all learners on <Task> in one comparison and one report' -ForEach $tasks {
    BeforeAll {
        $given = Get-TaskData $Task
        $names = @($Learners.Keys | Where-Object { -not ($_ -eq 'ParityNetwork' -and $given.Data.TaskType -eq 'Regression') })
        $specs = $names | ForEach-Object { Get-Spec $_ }
        $rows = @(Compare-Learner @given -Learner $specs -Samples 30, 60 -Seed 1, 2 -TestSamples 200)
    }

    It 'one call with every learner gives each learner''s own rows, as distinct (Learner, Settings) series' {
        $rows.Count | Should -Be (4 * $names.Count)
        @($rows | ForEach-Object { "$($_.Learner), $($_.Settings)" } | Sort-Object -Unique).Count | Should -Be $names.Count
        # Two kernel ridges share the Learner column and differ in Settings.
        @($rows | Where-Object Learner -eq 'KernelRidge' | ForEach-Object Settings | Sort-Object -Unique).Count | Should -Be 2
        foreach ($spec in $specs) {
            $own = $rows | Where-Object { $_.Learner -eq $spec.Name.ToString() -and $_.Settings -eq $spec.Describe() }
            $alone = Compare-Learner @given -Learner $spec -Samples 30, 60 -Seed 1, 2 -TestSamples 200
            ($own | ForEach-Object { Get-RowKey (Select-Defined $_) }) | Should -Be ($alone | ForEach-Object { Get-RowKey (Select-Defined $_) }) -Because "$spec"
        }
    }

    It 'Export-LearningCurveReport writes every row and one curve per (Learner, Settings) whose points are the mean TestError per N' {
        $path = Join-Path $Work "report-$Task.xlsx"
        $rows | Export-LearningCurveReport -Path $path -WorksheetName $Task -X N -Y TestError
        # Read the workbook back as a zip of XML (independently of the writer's library).
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($path)
        try {
            $read = { param($name) $r = [IO.StreamReader]::new($zip.GetEntry($name).Open()); try { [xml]$r.ReadToEnd() } finally { $r.Dispose() } }
            $sheet = & $read 'xl/worksheets/sheet1.xml'
            $chart = & $read 'xl/drawings/charts/chart1.xml'
        }
        finally { $zip.Dispose() }
        @($sheet.worksheet.sheetData.row).Count | Should -Be (1 + $rows.Count)
        $series = @($chart.chartSpace.chart.plotArea.scatterChart.ser)
        $series.Count | Should -Be $names.Count
        foreach ($s in $series) {
            $title = $s.tx.v
            $mine = @($rows | Where-Object { "$($_.Learner), $($_.Settings)" -eq $title })
            $mine.Count | Should -Be 4 -Because "the curve '$title' is one learner's rows"
            $expected = $mine | Group-Object N | Sort-Object { [int]$_.Name } | ForEach-Object { ($_.Group.TestError | Measure-Object -Average).Average }
            $points = @($s.yVal.numRef.numCache.pt | ForEach-Object { [double]::Parse($_.v, [Globalization.CultureInfo]::InvariantCulture) })
            $points.Count | Should -Be 2
            for ($i = 0; $i -lt 2; $i++) { [Math]::Abs($points[$i] - $expected[$i]) | Should -BeLessThan 1e-12 }
        }
    }
}

Describe 'every learner on <Task> through Submit-Sweep and the Slurm worker (simulated scheduler, real worker)' -ForEach $tasks {
    BeforeEach { Use-SlurmSimulator }
    AfterEach { Reset-SlurmSimulator }

    It 'Receive-Sweep collects the rows of Compare-Learner from the worker script Submit-Sweep wrote (run in this process)' {
        if ($SlurmSkip) { Set-ItResult -Skipped -Because $SlurmSkip; return }
        $job, $local = Submit-TaskSweep $Task
        # run-chunk.ps1 with the arguments the sbatch script gives it (a new PowerShell per task would cost seconds; the
        # next Describe runs an sbatch script itself).
        $array = $job.Arrays[0]
        $log = & $job.ChunkScriptPath -Module $job.Settings.ModulePath -Plan $job.PlanPath -Chunks (Join-Path $job.Directory $array.ChunkFile) `
            -Task 0 -Results (Join-Path $job.ResultsDirectory "$($array.JobId)_0.jsonl")
        ($log -join "`n") | Should -Match 'done\.'
        $collected = @($job | Receive-Sweep -ErrorVariable problems)
        @($problems).Count | Should -Be 0
        ($collected | Sort-Object TrialId | ForEach-Object { Get-RowKey $_ }) | Should -Be $local
    }
}

Describe 'every learner on <Task> through the sbatch script Submit-Sweep wrote, run by bash as a node runs it' -ForEach @(@{ Task = 'MultiIndex' }) {
    BeforeEach { Use-SlurmSimulator }
    AfterEach { Reset-SlurmSimulator }

    It 'a new PowerShell runs the trials, and Receive-Sweep collects the rows of Compare-Learner' {
        if ($SlurmSkip) { Set-ItResult -Skipped -Because $SlurmSkip; return }
        $job, $local = Submit-TaskSweep $Task
        $env:SLURM_ARRAY_JOB_ID = $job.Arrays[0].JobId
        $env:SLURM_ARRAY_TASK_ID = '0'
        $log = & bash (Join-Path $job.Directory $job.Arrays[0].Script) 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($log -join "`n")
        $collected = @($job | Receive-Sweep -ErrorVariable problems)
        @($problems).Count | Should -Be 0
        ($collected | Sort-Object TrialId | ForEach-Object { Get-RowKey $_ }) | Should -Be $local
    }
}

Describe 'a spiked random-features learner without a spike' {
    It 'is refused on a task that assigns none, with FeatureLearning.NoSpike naming the parameters to give' {
        $spec = Invoke-SpikedRandomFeatures -Width 16 -AsSpec
        foreach ($task in 'Xor', 'MultiIndex', 'AbsTeacher', 'SparseParity', 'UserRegression') {
            $given = Get-TaskData $task
            $refusal = try { Compare-Learner @given -Learner $spec @Sizes | Out-Null } catch { $_ }
            $refusal.FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.NoSpike,*' -Because $task
            $refusal.Exception.Message | Should -Match '-SpikeStrength r, -BulkVariance c, -Gamma'
        }
        # The single-index task assigns the theory's spike.
        $given = Get-TaskData 'SingleIndex'
        @(Compare-Learner @given -Learner $spec @Sizes).Count | Should -Be 2
    }
}

Describe 'the wide ReLU net''s console view' {
    It 'shows d × the kernel floor on the teacher task and leaves it blank where the task has none (not 0)' {
        foreach ($task in 'AbsTeacher', 'SingleIndex') {
            $model = & $Generators[$task] 60 2 | Invoke-WideReluNetwork -Width 16 -Epochs 3 -Seed 1 -TestSamples 200
            $lines = ($model | Format-Table -View 'FeatureLearning.TrainedModel#WideReluNetwork' | Out-String -Width 300) -split "`n" | Where-Object { $_.Trim() }
            $header = $lines | Where-Object { $_ -match 'd\*Floor' } | Select-Object -First 1
            $row = $lines | Where-Object { $_ -match '^WideReluNetwork' } | Select-Object -First 1
            # The column is right-aligned under its label: the 7 characters that end where 'd*Floor' ends.
            $end = $header.IndexOf('d*Floor') + 'd*Floor'.Length
            $cell = $row.Substring($end - 7, 7).Trim()
            if ($task -eq 'AbsTeacher') {
                [double]::IsFinite($model.KernelFloorError) | Should -BeTrue
                $cell | Should -Be ('{0:G4}' -f ($model.D * $model.KernelFloorError))
            }
            else {
                $model.PSObject.Properties.Name | Should -Not -Contain 'KernelFloorError'
                $cell | Should -Be ''
            }
        }
    }
}
