<#
.SYNOPSIS
    Times the module's learners beside scikit-learn, NumPy/SciPy, PyTorch and a plain C loop, in one run, and writes
    docs/performance.md.
.DESCRIPTION
    Installs the peers' Debian packages when they are missing (python3-sklearn, python3-numpy, python3-scipy,
    python3-torch, python3-threadpoolctl, libopenblas0-pthread, gcc; needs root and apt-get), builds
    bench/FeatureLearning.Bench (Release), bench/sgd_loop.c (gcc -O3 -march=native -fopenmp-simd) and bench/peak_fma.c
    (the measured FMA throughput of a core, the denominator of "% of peak"), writes the
    benchmark data once (raw float64, read by every side), then runs each case on the module and on its peer(s)
    back to back, so a change of load hits both. Every case is a fresh process: warm-up, then -Repetitions timed runs;
    medians, peak resident set of the timed runs, and the load average around each case are recorded.
    OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for the module's processes (they slow a current OpenBLAS); the
    module picks OpenBLAS's AVX-512/AVX2 kernels itself where the library does not know the CPU and falls back to
    Prescott's SSE3 ones (0.3.21 on an Emerald Rapids Xeon), and the peers are given the same kernels
    (OPENBLAS_CORETYPE set to the module's core), so both sides run one set of BLAS kernels.
    About 12–17 minutes on the 2-core machine of docs/performance.md (the n = 10⁶ row 2–4 of them, the authors'
    scripts 1 more).
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Run-Benchmarks.ps1 -AuthorsCode /tmp/authors
    With clones of the papers' code in /tmp/authors/rfvs2lnn_GMM_online and /tmp/authors/OneStepGD_asymptotics.
#>
[CmdletBinding()]
param(
    [int]$Repetitions = 5,
    [string]$DataDirectory = (Join-Path ([IO.Path]::GetTempPath()) 'featurelearning-bench'),
    [string]$Report = (Join-Path $PSScriptRoot '../docs/performance.md'),
    [switch]$SkipInstall,
    # Only these cases (e.g. 'krr', 'sgd'): for trying the runner; the report needs them all.
    [string[]]$Only,
    # Nyström centres of the n = 10⁶ row.
    [int]$LargeCenters = 2000,
    # A folder holding clones of the papers' own code, by repository name: rfvs2lnn_GMM_online
    # (github.com/mariaref/rfvs2lnn_GMM_online) and OneStepGD_asymptotics (github.com/SPOC-group/OneStepGD_asymptotics).
    # Their theory curves are timed beside the module's; a missing clone skips its row with a message. Those
    # repositories carry no licence: nothing of them is copied here, clone them yourself.
    [string]$AuthorsCode,
    # Hidden units of the ODE curve compared with the authors' (their integrator's cost grows as K⁴).
    [int]$AuthorsHidden = 4,
    # Rounds of the cases with peers: the module and its peers take turns round by round, in
    # reversed order every other round, and each side's median is over all its rounds' runs, so a slow spell of the
    # shared machine (seconds to minutes) falls on both sides instead of on whichever ran during it.
    [int]$Rounds = 3
)

$ErrorActionPreference = 'Stop'
$Only = @($Only | ForEach-Object { $_ -split ',' } | Where-Object { $_ })   # pwsh -File passes a list as one string
$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
Set-Location $root
$out = Join-Path $root 'out/bench'
New-Item -ItemType Directory -Force $out | Out-Null
$python = '/usr/bin/python3'   # Debian's: the one that sees python3-sklearn and python3-torch
$clock = [Diagnostics.Stopwatch]::StartNew()

# ---- Peers' packages ---------------------------------------------------------------------------------------------
$packages = 'python3-numpy', 'python3-scipy', 'python3-sklearn', 'python3-torch', 'python3-threadpoolctl', 'libopenblas0-pthread', 'gcc'
$missing = @($packages | Where-Object { -not (& dpkg-query -W -f '${Status}' $_ 2>$null | Select-String -Quiet 'install ok installed') })
if ($missing.Count -gt 0) {
    if ($SkipInstall) { throw "Missing packages: $($missing -join ', ') (run without -SkipInstall, as root, to install them)." }
    Write-Host "== apt-get install $($missing -join ' ')"
    & apt-get update -qq
    if ($LASTEXITCODE -ne 0) { throw 'apt-get update failed.' }
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get install -y -qq --no-install-recommends @missing
    if ($LASTEXITCODE -ne 0) { throw "apt-get install $($missing -join ' ') failed." }
}
# The authors' scripts import pandas, matplotlib (the ODE code) and numba (the notebook): Debian's, only when they run.
$authors = @{}
if ($AuthorsCode) {
    foreach ($name in 'rfvs2lnn_GMM_online', 'OneStepGD_asymptotics') {
        $clone = Join-Path $AuthorsCode $name
        if (Test-Path $clone) { $authors[$name] = (Resolve-Path $clone).Path }
        else { Write-Warning "No clone of $name under ${AuthorsCode}: its theory row is skipped." }
    }
    $authorPackages = 'python3-pandas', 'python3-matplotlib', 'python3-numba'
    $missing = @($authorPackages | Where-Object { -not (& dpkg-query -W -f '${Status}' $_ 2>$null | Select-String -Quiet 'install ok installed') })
    if ($authors.Count -gt 0 -and $missing.Count -gt 0) {
        if ($SkipInstall) { throw "The authors' scripts need $($missing -join ', ') (run without -SkipInstall, as root, to install them)." }
        $env:DEBIAN_FRONTEND = 'noninteractive'
        & apt-get install -y -qq --no-install-recommends @missing
        if ($LASTEXITCODE -ne 0) { throw "apt-get install $($missing -join ' ') failed." }
    }
}
else { Write-Host "== No -AuthorsCode: the theory rows are timed without the authors' scripts." }

# ---- Build ------------------------------------------------------------------------------------------------------
Write-Host '== Building the benchmarks'
& dotnet build bench/FeatureLearning.Bench/FeatureLearning.Bench.csproj -c Release -nologo -v q -clp:ErrorsOnly
if ($LASTEXITCODE -ne 0) { throw 'Building bench/FeatureLearning.Bench failed.' }
$bench = Join-Path $root 'bench/FeatureLearning.Bench/bin/Release/net10.0/FeatureLearning.Bench.dll'
$cFlags = '-O3', '-march=native', '-fopenmp-simd'
& gcc @cFlags bench/sgd_loop.c -o (Join-Path $out 'sgd_loop') -lm
if ($LASTEXITCODE -ne 0) { throw 'Compiling bench/sgd_loop.c failed.' }
& gcc -O2 -march=native bench/peak_fma.c -o (Join-Path $out 'peak_fma')
if ($LASTEXITCODE -ne 0) { throw 'Compiling bench/peak_fma.c failed.' }

Write-Host "== Writing the data to $DataDirectory"
& dotnet $bench write-data $DataDirectory
if ($LASTEXITCODE -ne 0) { throw 'Writing the benchmark data failed.' }

# ---- Run ----------------------------------------------------------------------------------------------------------
$results = [Collections.Generic.List[object]]::new()
$jsonl = Join-Path $out ("results-{0:yyyyMMdd-HHmmss}.jsonl" -f (Get-Date))

# The OpenBLAS core the module runs on (its own choice, see above), given to the Python peers' OpenBLAS too.
$blasCore = (& env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE dotnet $bench blas-core | Select-Object -Last 1)
Write-Host "== OpenBLAS kernels of the module and the peers: $(if ($blasCore) { $blasCore } else { '(none: managed kernels)' })"

function Get-Load { ((Get-Content /proc/loadavg -Raw) -split ' ')[0..2] -join ' ' }

function Invoke-Side([string]$Label, [string]$Command, [string[]]$Arguments) {
    $before = Get-Load
    # env -u: the OpenBLAS core override of some machines, for this process only; the peers get the module's core.
    $core = @(if ($blasCore -and $Label -notlike 'module *') { "OPENBLAS_CORETYPE=$blasCore" })
    $line = & env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE -u OPENBLAS_NUM_THREADS -u OMP_NUM_THREADS @core $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Label failed (exit code $LASTEXITCODE): $Command $($Arguments -join ' ')" }
    $result = ($line | Select-Object -Last 1) | ConvertFrom-Json
    $result | Add-Member -NotePropertyName loadBefore -NotePropertyValue $before
    $result | Add-Member -NotePropertyName loadAfter -NotePropertyValue (Get-Load)
    $result | Add-Member -NotePropertyName label -NotePropertyValue $Label
    $results.Add($result)
    $result | ConvertTo-Json -Compress -Depth 5 | Add-Content $jsonl
    Write-Host ("   {0,-34} median {1,9:F4} s  CPU {2,9:F4} s  peak {3,7:F0} MiB  load {4}" -f $Label, $result.median, $result.cpuSeconds, $result.peakMiB, $before)
}

$reps = "$Repetitions"
# case, n, extra, module backend, peers. A peer is 'name:threads' (its BLAS / PyTorch on that many threads: the report
# compares with the best configuration of each peer and names it) or 'c'.
$both = { param($peer) @("${peer}:1", "${peer}:2") }
$cases = @(
    @{ Case = 'krr'; N = 2000; Extra = 0; Peers = (& $both 'sklearn'); InRounds = $true },
    @{ Case = 'krr'; N = 5000; Extra = 0; Peers = (& $both 'sklearn'); InRounds = $true },
    # The long cases in rounds too (3 reps a round): one slow process must not decide a row.
    @{ Case = 'krr'; N = 10000; Extra = 0; Peers = (& $both 'sklearn'); InRounds = $true; Reps = 3 },
    @{ Case = 'krr-select'; N = 5000; Extra = 0; Peers = (& $both 'sklearn'); InRounds = $true },
    @{ Case = 'gram'; N = 10000; Extra = 0; Peers = (& $both 'sklearn'); InRounds = $true },
    # The product alone, beside the same tiles given to OpenBLAS by hand: the library's ceiling for this shape.
    @{ Case = 'gram-product'; N = 10000; Extra = 0; Peers = (& $both 'openblas'); InRounds = $true },
    @{ Case = 'cholesky'; N = 10000; Extra = 0; Peers = (& $both 'scipy'); InRounds = $true; Reps = 3 },
    @{ Case = 'rf'; N = 20000; Extra = 2000; Peers = (& $both 'numpy'); InRounds = $true },
    @{ Case = 'sgd'; N = 100000; Extra = 100000; Peers = @('torch:1', 'torch:2', 'c'); InRounds = $true },
    @{ Case = 'minibatch'; N = 20000; Extra = 100000; Peers = (& $both 'torch'); InRounds = $true },
    @{ Case = 'online'; N = 0; Extra = 100000; Peers = @() },
    @{ Case = 'ode'; N = 0; Extra = 0; Peers = @() },
    @{ Case = 'srf'; N = 0; Extra = 0; Peers = @() },
    # The theory curves beside the authors' code computing the same curve (one run of theirs: a minute each).
    @{ Case = 'ode-authors'; N = 0; Extra = $AuthorsHidden; Peers = @('authors-ode'); Reps = 3 },
    @{ Case = 'srf-authors'; N = 0; Extra = 0; Peers = @('authors-srf') },
    @{ Case = 'nystrom'; N = 100000; Extra = 4000; Peers = @() },
    # One run each: minutes, and the memory peak is of one fit.
    @{ Case = 'nystrom-large'; N = 1000000; Extra = $LargeCenters; Peers = @(); Reps = 1; Warmup = 0 },
    @{ Case = 'exact-large'; N = 20000; Extra = 0; Peers = @(); Reps = 1; Warmup = 0 },
    # The managed kernels, for the choice of the dense path (module only).
    @{ Case = 'krr'; N = 10000; Extra = 0; Peers = @(); Backend = 'managed'; Reps = 3 },
    @{ Case = 'cholesky'; N = 10000; Extra = 0; Peers = @(); Backend = 'managed'; Reps = 3 }
)
Write-Host "== Running (load before: $(Get-Load))"
# The machine's FMA throughput per core, measured (the ISA does not give it: see bench/peak_fma.c); again at the end.
Invoke-Side 'machine peak' (Join-Path $out 'peak_fma') @()
foreach ($c in $cases) {
    if ($Only -and $c.Case -notin $Only) { continue }
    $backend = if ($c.Backend) { $c.Backend } else { 'auto' }
    $r = if ($c.Reps) { "$($c.Reps)" } else { $reps }
    $w = if ($null -ne $c.Warmup) { "$($c.Warmup)" } else { '1' }
    $common = @('--n', "$($c.N)", '--extra', "$($c.Extra)", '--reps', $r, '--warmup', $w)
    # One run of each side of the case: [label, command, arguments].
    $sides = [Collections.Generic.List[object]]::new()
    $sides.Add(@("module $($c.Case) n=$($c.N) $backend", 'dotnet', (@($bench, 'run', $c.Case, $DataDirectory) + $common + @('--backend', $backend))))
    foreach ($peer in $c.Peers) {
        if ($peer -eq 'authors-ode') {
            if (-not $authors['rfvs2lnn_GMM_online']) { Write-Host '   (authors'' ODE skipped: no clone of rfvs2lnn_GMM_online; give -AuthorsCode)'; continue }
            $sides.Add(@('authors ode-authors', $python, @((Join-Path $PSScriptRoot 'authors_ode.py'), $authors['rfvs2lnn_GMM_online'], $DataDirectory, '--hidden', "$($c.Extra)")))
        }
        elseif ($peer -eq 'authors-srf') {
            if (-not $authors['OneStepGD_asymptotics']) { Write-Host '   (authors'' sRF notebook skipped: no clone of OneStepGD_asymptotics; give -AuthorsCode)'; continue }
            $sides.Add(@('authors srf-authors', $python, @((Join-Path $PSScriptRoot 'authors_srf.py'), $authors['OneStepGD_asymptotics'], $DataDirectory)))
        }
        elseif ($peer -eq 'c') {
            $sides.Add(@("c $($c.Case) n=$($c.N)", (Join-Path $out 'sgd_loop'), @($DataDirectory, "$($c.N)", "$($c.Extra)", $reps, '1')))
        }
        else {
            $name, $threads = $peer -split ':'
            $sides.Add(@("$name $($threads)t $($c.Case) n=$($c.N)", $python, (@((Join-Path $PSScriptRoot 'peer.py'), $c.Case, $DataDirectory) + $common + @('--threads', $threads))))
        }
    }
    $caseRounds = if ($c.InRounds) { [Math]::Max(1, $Rounds) } else { 1 }
    for ($round = 0; $round -lt $caseRounds; $round++) {
        for ($k = 0; $k -lt $sides.Count; $k++) {
            $side = $sides[$(if ($round % 2 -eq 0) { $k } else { $sides.Count - 1 - $k })]
            Invoke-Side $side[0] $side[1] $side[2]
        }
    }
}
# Accuracy of Nyström against the exact solve at n = 10000 (one run; its times are of one fit each).
if (-not $Only -or 'nystrom-accuracy' -in $Only) {
    Invoke-Side 'module nystrom-accuracy n=10000' 'dotnet' @($bench, 'run', 'nystrom-accuracy', $DataDirectory, '--n', '10000', '--reps', '1', '--warmup', '0')
}
if (-not $Only) { Invoke-Side 'machine peak' (Join-Path $out 'peak_fma') @() }
$wall = $clock.Elapsed

# ---- Report -------------------------------------------------------------------------------------------------------
& (Join-Path $PSScriptRoot 'Write-PerformanceReport.ps1') -Results $results -Report $Report -WallTime $wall -CFlags ($cFlags -join ' ') -Repetitions $Repetitions -Rounds $Rounds
Write-Host "== Wrote $Report and $jsonl in $([math]::Round($wall.TotalMinutes, 1)) min"
