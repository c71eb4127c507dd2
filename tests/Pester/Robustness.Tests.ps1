BeforeAll { . "$PSScriptRoot/TestHelpers.ps1" }

Describe 'ConvertTo-Dataset and bad data' {
    It 'builds a dataset from pipeline objects' {
        $data = 1..20 | ForEach-Object { [pscustomobject]@{ a = $_; b = -$_; y = if ($_ % 2) { 1 } else { -1 } } } | ConvertTo-Dataset -LabelProperty y
        $data.Count | Should -Be 20
        $data.Dimension | Should -Be 2
        $data.TaskType | Should -Be 'Classification'
    }

    It 'rejects a non-number with its row and property' {
        $err = { [pscustomobject]@{ a = 'x'; y = 1 } | ConvertTo-Dataset -LabelProperty y } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.InvalidData'
        $err.Exception.Message | Should -Match "'a'"
    }

    It 'learners reject NaN in the data, naming the sample' -ForEach @(@{ learner = 'Invoke-TwoLayerNet' }, @{ learner = 'Invoke-RandomFeatures' }, @{ learner = 'Invoke-KernelRidge' }) {
        # ConvertTo-Dataset leaves NaN rows out, so the NaN comes in through the .NET constructor (as from a script's own code).
        $data = [FeatureLearning.Core.Data.Dataset]::new([double[]](1, [double]::NaN, 2, 3), [double[]](1, -1), 2, $null, 0)
        $err = { $data | & $learner } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.NonFiniteData'
        $err.Exception.Message | Should -Match 'Sample 0'
    }

    It 'an unknown kernel or activation is a parameter error that lists the valid names' {
        $data = New-GaussianMixture -Dimension 5 -Samples 20
        $err = { $data | Invoke-KernelRidge -Kernel Gaussian } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^CannotConvertArgumentNoMessage|^ParameterArgumentTransformationError'
        $err.Exception.Message | Should -Match 'Rbf'
        $err = { $data | Train-TwoLayerNet -Activation Sigmoid } | Should -Throw -PassThru
        $err.Exception.Message | Should -Match 'Relu'
    }

    It 'a dense kernel that cannot fit in memory is refused up front with the alternative' {
        $x = [double[]]::new(2 * 1000000); $y = [double[]]::new(1000000)
        for ($i = 0; $i -lt $y.Length; $i++) { $y[$i] = 1 }
        $big = [FeatureLearning.Core.Data.Dataset]::new($x, $y, 2, $null, 0)
        $err = { $big | Invoke-KernelRidge -Ridge 1 -Solver Dense } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.InsufficientMemory'
        $err.Exception.Message | Should -Match 'GB'
        $err.Exception.Message | Should -Match 'random features'
        $err.Exception.Message | Should -Match '-Solver Nystrom'
    }

    It 'a dataset that cannot fit in memory is refused up front with the largest size that fits' {
        # 2 000 000 × 1024 values (16 GB) fill one array to the brim; only a machine with less than 33 GB can show the refusal.
        if ([GC]::GetGCMemoryInfo().TotalAvailableMemoryBytes -gt 2 * 8 * 2000000 * 1025) { Set-ItResult -Skipped -Because 'this machine has room for 16 GB'; return }
        $err = { New-AbsTeacherTask -Dimension 1024 -Samples 2000000 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.InsufficientMemory'
        $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $err.Exception.Message | Should -Match 'GB.*draw at most .+ samples'
    }

    It 'rejects Nyström settings that cannot work, naming them' -ForEach @(
        @{ setting = @{ Centers = 0 }; name = 'Centers' }, @{ setting = @{ Iterations = 0 }; name = 'Iterations' }, @{ setting = @{ Tolerance = 1.5 }; name = 'Tolerance' }) {
        $data = New-GaussianMixture -Dimension 5 -Samples 40 -Seed 1
        # The cmdlet refuses it before anything runs (its parameter validation, or the spec's) ...
        $err = { $data | Invoke-KernelRidge -Ridge 1 -Solver Nystrom @setting -TestSamples 10 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^(ParameterArgumentValidationError|FeatureLearning.InvalidHyperParameter)'
        $err.Exception.Message | Should -Match $name
        # ... and a spec built in a script is refused by the learner's own validation, the one path for every caller.
        $spec = [FeatureLearning.Core.Learning.KernelRidgeSpec]$(@{ Ridge = 1; Solver = 'Nystrom' } + $setting)
        $err = { Compare-Learner -Data $data -Samples 20 -Seed 0 -Learner $spec -TestSamples 10 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.InvalidHyperParameter'
        $err.Exception.Message | Should -Match $name
    }

    It 'Invoke-TwoPhaseNetwork -StepSize 1e300 is refused naming the step size; the largest allowed step fits or reports divergence' {
        # Once an IndexOutOfRangeException; now the range check refuses it, and a huge allowed step must still end cleanly.
        $task = New-MultiIndexTask -Dimension 8 -Rank 2 -Samples 200 -Seed 1
        $err = { $task | Invoke-TwoPhaseNetwork -Width 16 -StepSize 1e300 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FeatureLearning.InvalidHyperParameter'
        $err.Exception.Message | Should -Match 'StepSize'
        $outcome = try { $row = $task | Invoke-TwoPhaseNetwork -Width 16 -StepSize 1e12 -TestSamples 200; if ([double]::IsFinite($row.TestError)) { 'finite' } else { 'NaN' } } catch { $_.FullyQualifiedErrorId }
        $outcome | Should -Match '^(finite|FeatureLearning.Diverged)'
    }

    It 'fits by Nyström through the cmdlet, close to the dense solve' {
        $data = New-GaussianMixture -Dimension 20 -Samples 600 -Seed 2 -Kind TwoCluster
        $dense = $data | Invoke-KernelRidge -Ridge 1 -Gamma 0.5 -Solver Dense -TestSamples 2000 -Seed 3
        $nystrom = $data | Invoke-KernelRidge -Ridge 1 -Gamma 0.5 -Solver Nystrom -Centers 600 -Tolerance 1e-9 -TestSamples 2000 -Seed 3
        $nystrom.GetModel().Solver | Should -Be 'Nystrom'
        $nystrom.NystromCentres | Should -Be 600
        [math]::Abs($nystrom.TestError - $dense.TestError) | Should -BeLessOrEqual 0.001
    }
}

Describe 'Ctrl+C' {
    BeforeAll {
        # Runs $Setup and then $Run in a fresh runspace. Once the setup has finished (it writes a flag file) and $Run has
        # had 1.5 s, presses Ctrl+C (PowerShell.Stop): the pipeline must end 'Stopped' having done at most 2 CPU-seconds of
        # work after the stop (the process's CPU time, all threads: one second of both cores). CPU time, not wall-clock
        # time, is what the stop bounds: on a machine shared with other work a second of computing can take ten, and
        # a cancellation check every few seconds of work fails the bound on any machine. A hang fails the 120 s limit.
        function Assert-StopsPromptly([string]$Setup, [string]$Run, [string]$What) {
            $flag = Join-Path ([IO.Path]::GetTempPath()) "fl-ctrlc-$PID-$([guid]::NewGuid().ToString('N')).flag"
            $ps = [powershell]::Create()
            $process = [Diagnostics.Process]::GetCurrentProcess()
            try {
                $null = $ps.AddScript("Import-Module '$(Join-Path $RepoRoot 'FeatureLearning.psd1')'`n$Setup`n[IO.File]::WriteAllText('$flag', 'ready')`n$Run")
                $handle = $ps.BeginInvoke()
                $wait = [Diagnostics.Stopwatch]::StartNew()
                while (-not (Test-Path $flag) -and -not $handle.IsCompleted -and $wait.Elapsed.TotalSeconds -lt 120) { Start-Sleep -Milliseconds 100 }
                # (Enumerating $ps.Streams.Error here would block until the pipeline ends: only its count is read.)
                Test-Path $flag | Should -BeTrue -Because "the setup of $What must finish ($($ps.Streams.Error.Count) errors)"
                Start-Sleep -Milliseconds 1500
                $handle.IsCompleted | Should -BeFalse -Because "$What is long enough to be interrupted ($($ps.Streams.Error.Count) errors)"
                $process.Refresh()
                $cpuBefore = $process.TotalProcessorTime
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $process.Refresh()
                $cpuAfter = ($process.TotalProcessorTime - $cpuBefore).TotalSeconds
                $clock.Elapsed.TotalSeconds | Should -BeLessThan 120 -Because "$What must stop at all"
                $cpuAfter | Should -BeLessThan 2 -Because "$What did $([math]::Round($cpuAfter, 2)) CPU-s of work after Ctrl+C ($([math]::Round($clock.Elapsed.TotalSeconds, 2)) s wall)"
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            }
            finally { $ps.Dispose(); Remove-Item $flag -ErrorAction SilentlyContinue; [GC]::Collect() }
        }
    }

    It 'stops <name> promptly once it is running' -ForEach @(
        @{ name = 'New-GaussianMixture (3*10^8 values, 2.4 GB)'; setup = ''; run = 'New-GaussianMixture -Dimension 1000 -Samples 300000' }
        @{ name = 'Invoke-TwoLayerNet (online SGD, t = 10^5)'; setup = '$data = New-GaussianMixture -Dimension 500 -Samples 10'; run = '$data | Train-TwoLayerNet -Algorithm Online -Time 100000' }
        @{ name = 'Invoke-KernelRidge (dense Cholesky, n = 15000)'; setup = '$data = New-GaussianMixture -Dimension 50 -Samples 15000'; run = '$data | Invoke-KernelRidge -Ridge 1' }
        @{ name = 'Invoke-RandomFeatures (P = 4000, n = 200000)'; setup = '$data = New-GaussianMixture -Dimension 100 -Samples 200000'; run = '$data | Invoke-RandomFeatures -Features 4000 -Ridge 1' }
        @{ name = 'Invoke-TwoPhaseNetwork (m = 4096, n = 200000)'; setup = '$data = New-MultiIndexTask -Dimension 64 -Samples 200000'; run = '$data | Invoke-TwoPhaseNetwork -Width 4096 -Ridge 1' }
        @{ name = 'Invoke-ParityNetwork (Adam, 10^7 steps)'; setup = '$data = New-SparseParity -Bits 50 -K 4 -Samples 2000'; run = '$data | Invoke-ParityNetwork -Algorithm Adam -Steps 10000000 -MonitorSamples 0' }
        @{ name = 'Get-TwoLayerNetTheory (t = 10^6)'; setup = '$data = New-GaussianMixture -Dimension 100 -Samples 10'; run = 'Get-TwoLayerNetTheory -Data $data -Hidden 8 -Time 1000000 -MonteCarloSamples 20000' }
        @{ name = 'Invoke-OneStepNetwork (p = 4000, n = 40000)'; setup = '$data = New-SingleIndexTask -Dimension 1000 -Samples 40000'; run = '$data | Invoke-OneStepNetwork -Width 4000 -FirstBatch 20000' }
        @{ name = 'Compare-Learner (alpha = 200, three seeds)'; setup = '$data = New-GaussianMixture -Dimension 500 -Samples 1'; run = '$data | Compare-Learner -Alpha 200 -Seed 0, 1, 2' }
        @{ name = 'Invoke-TangentKernelRidge (m = 4096, n = 8000)'; setup = '$data = New-AbsTeacherTask -Dimension 32 -Samples 8000'; run = '$data | Invoke-TangentKernelRidge -Width 4096 -Ridge 1' }
        @{ name = 'Measure-TangentKernel (m = 10^6, 1000 pairs)'; setup = '$data = New-AbsTeacherTask -Dimension 16 -Samples 10'; run = 'Measure-TangentKernel -Data $data -Width 1000000 -Pairs 1000' }
        @{ name = 'Get-SpikedRandomFeaturesTheory (20000 alphas)'; setup = '$alphas = [double[]](1..20000 | ForEach-Object { $_ / 100 })'; run = 'Get-SpikedRandomFeaturesTheory -Alpha $alphas' }
    ) {
        Assert-StopsPromptly -Setup $setup -Run $run -What $name
    }

    It 'stops an export promptly and leaves no workbook and no temporary file' {
        $folder = Join-Path ([IO.Path]::GetTempPath()) "fl-ctrlc-export-$PID"
        New-Item -ItemType Directory -Force $folder | Out-Null
        try {
            $path = Join-Path $folder 'big.xlsx'
            $rows = '$rows = [System.Collections.Generic.List[object]]::new(); foreach ($i in 1..400000) { $rows.Add([pscustomobject]@{ Learner = "L" + ($i % 7); Alpha = $i % 1000; TestError = 1.0 / $i }) }'
            Assert-StopsPromptly -Setup $rows -Run "`$rows | Export-LearningCurveReport -Path '$path'" -What 'writing 400 000 rows'
            Test-Path $path | Should -BeFalse
            @(Get-ChildItem $folder -Force).Count | Should -Be 0
        }
        finally { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }
}
