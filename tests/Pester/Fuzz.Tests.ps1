# Feeds random parameter combinations (good, bad and absurd values) to every exported cmdlet for a bounded time and
# checks that each call either succeeds or fails with a FeatureLearning.* ErrorRecord or a parameter-binding error:
# never an unhandled .NET exception, never a hang (each call is stopped after 2 s, as Ctrl+C would, and must be over
# within 10 s), never a memory blow-up (an absurd size must be refused, not allocated until the machine kills us).
BeforeDiscovery { . "$PSScriptRoot/TestHelpers.ps1" }
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "fl-fuzz-$PID"
    New-Item -ItemType Directory -Force $folder | Out-Null
    $script:allowed = '^(FeatureLearning\.|ParameterArgument|CannotConvertArgument|MissingArgument|AmbiguousParameterSet|NamedParameterNotFound|InputObjectNotBound|ParameterBindingFailed|MissingMandatoryParameter|PositionalParameterNotFound|ParameterBindingException|GetDynamicParametersException|RuntimeException|PipelineStopped)'
    $script:data = New-GaussianMixture -Dimension 6 -Samples 40 -Seed 1
    $script:model = $data | Train-TwoLayerNet -Time 2 -TestSamples 100 -LearningRate 0.05
    $script:rows = @(Compare-Learner -Data $data -Alpha 2 -Seed 0 -Time 2 -TestSamples 100 -LearningRate 0.05)
}
AfterAll { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Fuzz' {
    It 'every cmdlet survives random parameter combinations' {
        $rng = [System.Random]::new(20261125)
        $numbers = @(0, -1, 1, 2, 3, 7, 0.5, -0.5, 1e9, -1e9, [double]::NaN, [double]::PositiveInfinity, 1e-12, 100)
        $strings = @('', 'x', 'Relu', 'Rbf', 'Xor', 'TestError', 'Alpha', 'no such thing', (Join-Path $folder 'out.xlsx'), (Join-Path $folder 'f.json'), '/no/such/folder/f.json')
        function New-Value([System.Management.Automation.ParameterMetadata]$p) {
            $t = $p.ParameterType
            if ($t -eq [switch]) { return [bool]($rng.Next(2)) }
            if ($t.IsEnum) { $names = [Enum]::GetNames($t) + 'Bogus'; return $names[$rng.Next($names.Count)] }
            if ($t -eq [int]) { return [int][math]::Max([int]::MinValue, [math]::Min([int]::MaxValue, ($numbers | Where-Object { -not [double]::IsNaN($_) -and -not [double]::IsInfinity($_) })[$rng.Next(12)])) }
            if ($t -eq [long]) { return [long]$rng.Next(-5, 100) }
            if ($t -eq [double]) { return [double]$numbers[$rng.Next($numbers.Count)] }
            if ($t -eq [string]) { return $strings[$rng.Next($strings.Count)] }
            if ($t -eq [double[]]) { return [double[]]@(1..$rng.Next(0, 4) | ForEach-Object { $numbers[$rng.Next($numbers.Count)] }) }
            if ($t -eq [int[]]) { return [int[]]@(1..$rng.Next(0, 4) | ForEach-Object { $rng.Next(-3, 50) }) }
            if ($t -eq [string[]]) { return [string[]]@(1..$rng.Next(0, 3) | ForEach-Object { $strings[$rng.Next($strings.Count)] }) }
            if ($t.Name -eq 'Dataset') { return $data }
            if ($t.Name -eq 'TrainedModel') { return $model }
            if ($t -eq [psobject] -or $t -eq [object]) { return $rows[$rng.Next($rows.Count)] }
            return $null
        }
        $commands = Get-Command -Module FeatureLearning -CommandType Cmdlet
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$(Join-Path $RepoRoot 'FeatureLearning.psd1')'; Set-Location '$folder'").Invoke()
        $failures = [System.Collections.Generic.List[string]]::new()
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $calls = 0
        while ($clock.Elapsed.TotalSeconds -lt 25) {
            foreach ($command in $commands) {
                $ps.Commands.Clear(); $ps.Streams.ClearStreams()
                $null = $ps.AddCommand($command.Name)
                $used = @()
                foreach ($p in $command.Parameters.Values | Where-Object { $_.Name -notin $common }) {
                    if ($rng.NextDouble() -lt 0.6) {
                        $value = New-Value $p
                        if ($null -ne $value) { $null = $ps.AddParameter($p.Name, $value); $used += "-$($p.Name) $value" }
                    }
                }
                $null = $ps.AddParameter('ErrorAction', 'Continue')
                $calls++
                $callClock = [Diagnostics.Stopwatch]::StartNew()
                try {
                    $async = $ps.BeginInvoke()
                    if (-not $async.AsyncWaitHandle.WaitOne(2000)) { $ps.Stop() }
                    $null = $ps.EndInvoke($async)
                }
                catch {
                    $inner = $_.Exception.InnerException ?? $_.Exception
                    $record = ($inner -as [System.Management.Automation.IContainsErrorRecord])?.ErrorRecord
                    $id = if ($record) { $record.FullyQualifiedErrorId } else { $inner.GetType().FullName }
                    if ($id -notmatch $allowed -and $inner -isnot [System.Management.Automation.PipelineStoppedException]) {
                        $failures.Add("$($command.Name) $($used -join ' '): $id $($inner.Message)")
                    }
                }
                if ($callClock.Elapsed.TotalSeconds -gt 10) {
                    $failures.Add("$($command.Name) $($used -join ' '): took $([int]$callClock.Elapsed.TotalSeconds) s although stopped after 2 s")
                }
                $gigabytes = [Diagnostics.Process]::GetCurrentProcess().WorkingSet64 / 1GB
                if ($gigabytes -gt 4) {
                    $failures.Add("$($command.Name) $($used -join ' '): the session grew to $([math]::Round($gigabytes, 1)) GB")
                    [GC]::Collect()
                }
                foreach ($record in $ps.Streams.Error) {
                    if ($record.FullyQualifiedErrorId -notmatch $allowed) {
                        $failures.Add("$($command.Name) $($used -join ' '): $($record.FullyQualifiedErrorId) $($record.Exception.Message)")
                    }
                }
            }
        }
        $ps.Dispose()
        Write-Host "fuzz: $calls calls in $([int]$clock.Elapsed.TotalSeconds) s over $($commands.Count) cmdlets"
        $calls | Should -BeGreaterThan 50
        ($failures | Select-Object -First 10) -join "`n" | Should -BeNullOrEmpty
    }
}
