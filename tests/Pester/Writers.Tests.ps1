# Export-Dataset, Export-TrainedModel and New-SweepPlan -Path write files as Export-Csv does (issues 16 and 17):
# -WhatIf, -LiteralPath, read-only targets, other providers, and writes that never lose the old file.
BeforeDiscovery {
    $script:writers = @(
        @{ name = 'Export-Dataset'; readOnlyId = 'FeatureLearning.ReadOnlyFile' }
        @{ name = 'Export-TrainedModel'; readOnlyId = 'FeatureLearning.ReadOnlyFile' }
        # A plan is replaced only with -Force (results are checked against it), so an existing one is refused first.
        @{ name = 'New-SweepPlan'; readOnlyId = 'FeatureLearning.SweepPlanExists' }
    )
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "fl-pester-writers-$PID"
    New-Item -ItemType Directory -Force $folder | Out-Null
    $script:Data = @{
        1 = New-GaussianMixture -Dimension 8 -Samples 40 -Seed 1
        2 = New-GaussianMixture -Dimension 8 -Samples 40 -Seed 2
    }
    $script:Models = @{
        1 = $Data[1] | Invoke-KernelRidge -TestSamples 50 -Seed 1
        2 = $Data[2] | Invoke-KernelRidge -TestSamples 50 -Seed 2
    }

    # Writes variant 1 or 2 (different contents) with the writer named $Name and the path parameters in $Parameters.
    function Invoke-Writer([string]$Name, [hashtable]$Parameters, [int]$Variant = 1) {
        switch ($Name) {
            'Export-Dataset' { $Data[$Variant] | Export-Dataset @Parameters }
            'Export-TrainedModel' { $Models[$Variant] | Export-TrainedModel @Parameters }
            'New-SweepPlan' { New-SweepPlan -Data $Data[1] -Samples 10 -Seed $Variant -Learner KernelRidge -TestSamples 20 @Parameters | Out-Null }
        }
    }

    # What reads the file back: the object's identifying content, so variant 1 and 2 differ.
    function Read-Written([string]$Name, [string]$Path) {
        switch ($Name) {
            'Export-Dataset' { (Import-Dataset -LiteralPath $Path).Seed }
            'Export-TrainedModel' { (Import-TrainedModel -LiteralPath $Path).Seed }
            'New-SweepPlan' { [FeatureLearning.Core.Sweeps.SweepPlan]::Load($Path).Trials[0].Seed }
        }
    }

    # Files in $Dir other than $Keep: temporary and lock files a write must not leave behind.
    function Get-Leftover([string]$Dir, [string[]]$Keep) {
        @(Get-ChildItem -LiteralPath $Dir -Force -File | Where-Object Name -notin $Keep | ForEach-Object Name)
    }

    function New-CaseFolder([string]$Name) {
        $dir = Join-Path $folder ([guid]::NewGuid().ToString('N').Substring(0, 8) + "-$Name")
        New-Item -ItemType Directory -Force $dir | Out-Null
        $dir
    }
}

AfterAll {
    if (-not $IsWindows) { & chmod -R u+w $folder 2>$null }
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe '<name> writes files as Export-Csv does' -ForEach $writers {
    It '-WhatIf writes nothing (no new file, an existing file unchanged), as Export-Csv -WhatIf' {
        $dir = New-CaseFolder $name
        $path = Join-Path $dir 'out.json'
        Invoke-Writer $name @{ Path = $path; WhatIf = $true }
        Test-Path $path | Should -BeFalse
        Invoke-Writer $name @{ Path = $path }
        $before = (Get-FileHash $path).Hash
        Invoke-Writer $name @{ Path = $path; WhatIf = $true; Force = $true } -Variant 2
        (Get-FileHash $path).Hash | Should -Be $before
        Get-Leftover $dir 'out.json' | Should -BeNullOrEmpty
        (Get-Command $name).Parameters.Keys | Should -Contain 'Confirm'
    }

    It '-LiteralPath (alias PSPath) writes a name with [brackets] literally, as Export-Csv -LiteralPath' {
        $dir = New-CaseFolder $name
        $literal = Join-Path $dir 'run[1].json'
        Invoke-Writer $name @{ LiteralPath = $literal }
        Test-Path -LiteralPath $literal | Should -BeTrue
        Read-Written $name $literal | Should -Be 1
        # Through the alias, replacing it (a plan needs -Force to be replaced).
        Invoke-Writer $name @{ PSPath = $literal; Force = $true } -Variant 2
        Read-Written $name $literal | Should -Be 2
        Get-Leftover $dir 'run[1].json' | Should -BeNullOrEmpty
    }

    It '-Path with a pattern that matches one file writes that file, as Export-Csv -Path' {
        $dir = New-CaseFolder $name
        Invoke-Writer $name @{ Path = (Join-Path $dir 'only-one.json') }
        Invoke-Writer $name @{ Path = (Join-Path $dir 'only-*.json'); Force = $true } -Variant 2
        Read-Written $name (Join-Path $dir 'only-one.json') | Should -Be 2
        Get-Leftover $dir 'only-one.json' | Should -BeNullOrEmpty
    }

    It 'refuses a read-only target without -Force and writes it with -Force (it stays read-only), as Export-Csv' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'chmod is Unix'; return }
        $dir = New-CaseFolder $name
        $path = Join-Path $dir 'locked.json'
        Invoke-Writer $name @{ Path = $path }
        & chmod 444 $path
        $before = (Get-FileHash $path).Hash
        Get-ErrorId { Invoke-Writer $name @{ Path = $path } -Variant 2 } | Should -BeLike "$readOnlyId,*"
        if ($name -eq 'New-SweepPlan') {
            # -NoClobber skips the plan's own check and meets the read-only one.
            Get-ErrorId { Invoke-Writer $name @{ Path = $path; NoClobber = $true } -Variant 2 } | Should -BeLike 'FeatureLearning.FileExists,*'
        }
        (Get-FileHash $path).Hash | Should -Be $before
        Invoke-Writer $name @{ Path = $path; Force = $true } -Variant 2
        Read-Written $name $path | Should -Be 2
        [IO.File]::GetUnixFileMode($path).ToString() | Should -Be 'OtherRead, GroupRead, UserRead'
        Get-Leftover $dir 'locked.json' | Should -BeNullOrEmpty
    }

    It '-NoClobber refuses to replace an existing file, even with -Force (FeatureLearning.FileExists)' {
        $dir = New-CaseFolder $name
        $path = Join-Path $dir 'kept.json'
        Invoke-Writer $name @{ Path = $path; NoClobber = $true }
        $before = (Get-FileHash $path).Hash
        Get-ErrorId { Invoke-Writer $name @{ Path = $path; NoClobber = $true; Force = $true } -Variant 2 } | Should -BeLike 'FeatureLearning.FileExists,*'
        (Get-FileHash $path).Hash | Should -Be $before
    }

    It 'refuses Variable: and Env: paths with FeatureLearning.NotAFileSystemPath and writes nothing anywhere' {
        $dir = New-CaseFolder $name
        Push-Location $dir
        try {
            foreach ($target in 'variable:x', 'Variable:/flWriter.json', 'Env:/FL_WRITER_TEST') {
                foreach ($parameter in 'Path', 'LiteralPath') {
                    $message = try { Invoke-Writer $name @{ $parameter = $target }; '<no error>' } catch { $_.FullyQualifiedErrorId + ' ' + $_.Exception.Message }
                    $message | Should -BeLike 'FeatureLearning.NotAFileSystemPath,*'
                    $message | Should -Match 'writes files only'
                }
            }
        }
        finally { Pop-Location }
        Test-Path variable:x | Should -BeFalse
        Test-Path Env:/FL_WRITER_TEST | Should -BeFalse
        @(Get-ChildItem $dir -Force).Count | Should -Be 0
        foreach ($file in 'x', 'flWriter.json', 'FL_WRITER_TEST') {
            Test-Path (Join-Path ([Environment]::CurrentDirectory) $file) | Should -BeFalse
        }
    }

    It 'Ctrl+C before the final rename (here: while another writer holds the file) leaves the old file and no temporary file' {
        $dir = New-CaseFolder $name
        $path = Join-Path $dir 'held.json'
        Invoke-Writer $name @{ Path = $path }
        $before = (Get-FileHash $path).Hash
        $held = [FeatureLearning.Core.IO.FileLock]::Acquire($path, [TimeSpan]::Zero, $null, [Threading.CancellationToken]::None)
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Name, $Path)
                    Import-Module $Manifest
                    $d = New-GaussianMixture -Dimension 8 -Samples 40 -Seed 2
                    switch ($Name) {
                        'Export-Dataset' { $d | Export-Dataset -Path $Path -Verbose }
                        'Export-TrainedModel' { $d | Invoke-KernelRidge -TestSamples 50 | Export-TrainedModel -Path $Path -Verbose }
                        'New-SweepPlan' { New-SweepPlan -Data $d -Samples 10 -Seed 2 -Learner KernelRidge -TestSamples 20 -Path $Path -Force -Verbose }
                    }
                }).AddArgument((Join-Path $RepoRoot 'FeatureLearning.psd1')).AddArgument($name).AddArgument($path)
            $async = $ps.BeginInvoke()
            # The writer says once (-Verbose) that it waits for the lock: then it is inside the write, before the rename.
            $waited = 0
            while (-not ($ps.Streams.Verbose | Where-Object Message -like 'Waiting for another process*') -and -not $async.IsCompleted -and $waited -lt 600) {
                Start-Sleep -Milliseconds 50; $waited++
            }
            # (-Because is not given the Error stream: reading a running instance's stream waits for it to end.)
            @($ps.Streams.Verbose | Where-Object Message -like 'Waiting for another process*').Count | Should -Be 1
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $held.Dispose(); $ps.Dispose() }
        (Get-FileHash $path).Hash | Should -Be $before
        Get-Leftover $dir 'held.json' | Should -BeNullOrEmpty
    }

    It 'a failure mid-write (the file-size limit, EFBIG) leaves the old file and no temporary file; a process killed mid-write (SIGXFSZ) leaves the old file and the next write removes its temporary file' {
        if (-not $IsLinux) { Set-ItResult -Skipped -Because 'ulimit -f and SIGXFSZ are tried on Linux'; return }
        $dir = New-CaseFolder $name
        $path = Join-Path $dir 'big.json'
        Invoke-Writer $name @{ Path = $path }
        $before = (Get-FileHash $path).Hash
        # In a child PowerShell whose files may not grow past 256 KB, write a file of several MB over the old one.
        $script = @'
param($Manifest, $Name, $Path)
Import-Module $Manifest
$d = New-GaussianMixture -Dimension 400 -Samples 1000 -Seed 2
try {
    switch ($Name) {
        'Export-Dataset' { $d | Export-Dataset -Path $Path }
        'Export-TrainedModel' { $d | Invoke-KernelRidge -TestSamples 50 | Export-TrainedModel -Path $Path }
        'New-SweepPlan' { New-SweepPlan -Data $d -Samples 10 -Seed (0..3999) -Learner KernelRidge -TestSamples 20 -Path $Path -Force | Out-Null }
    }
    'written'
}
catch { $_.FullyQualifiedErrorId }
'@
        $scriptFile = Join-Path $folder "mid-write-$name.ps1"
        Set-Content -LiteralPath $scriptFile $script
        $pwsh = Join-Path $PSHOME pwsh
        $manifest = Join-Path $RepoRoot 'FeatureLearning.psd1'
        # W^X off: the runtime's double-mapped code pages are file-backed and would meet the limit themselves.
        $env:DOTNET_EnableWriteXorExecute = '0'
        try {
            # SIGXFSZ ignored: the write fails with EFBIG inside the process.
            $failed = & bash -c 'trap "" XFSZ; ulimit -f 256; exec "$@"' bash $pwsh -NoProfile -NonInteractive -File $scriptFile $manifest $name $path
            # SIGXFSZ at its default: the process dies mid-write, as with kill -9.
            & bash -c 'ulimit -f 256; exec "$@"' bash $pwsh -NoProfile -NonInteractive -File $scriptFile $manifest $name $path | Out-Null
            $killed = $LASTEXITCODE
        }
        finally { Remove-Item Env:DOTNET_EnableWriteXorExecute }
        $failed | Should -BeLike 'FeatureLearning.WriteFailed,*'
        $killed | Should -Be (128 + 25) -Because 'the child is killed by SIGXFSZ while writing'
        (Get-FileHash $path).Hash | Should -Be $before
        $left = @(Get-Leftover $dir 'big.json' | Where-Object { $_ -like '.big.*.tmp.json' })
        $left.Count | Should -Be 1 -Because 'a killed writer leaves its temporary file (only that one: the failed write removed its own)'
        Invoke-Writer $name @{ Path = $path; Force = $true } -Variant 2
        Read-Written $name $path | Should -Be 2
        Get-Leftover $dir 'big.json' | Should -BeNullOrEmpty -Because 'the next write removes what the killed one left'
    }
}

Describe 'One file holds one object' {
    It 'a second dataset piped to the same file is a non-terminating error, not a silent replacement of the first' {
        $dir = New-CaseFolder 'one'
        $path = Join-Path $dir 'one.json'
        $Data[1], $Data[2] | Export-Dataset -Path $path -ErrorVariable problems -ErrorAction SilentlyContinue
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'FeatureLearning.OneItemPerFile,*'
        (Import-Dataset $path).Seed | Should -Be 1
    }
}
