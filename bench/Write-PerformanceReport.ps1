<#
.SYNOPSIS
    Writes docs/performance.md from the results of bench/Run-Benchmarks.ps1 (every figure comes from those results,
    lscpu and the BLAS the processes reported).
.EXAMPLE
    ./Write-PerformanceReport.ps1 -ResultsFile out/bench/results-20260101-120000.jsonl
#>
[CmdletBinding()]
param(
    [object[]]$Results,
    [string]$ResultsFile,
    [string]$Report = (Join-Path $PSScriptRoot '../docs/performance.md'),
    [TimeSpan]$WallTime = [TimeSpan]::Zero,
    [string]$CFlags = '-O3 -march=native -fopenmp-simd',
    [int]$Repetitions = 5,
    [int]$Rounds = 1
)
$ErrorActionPreference = 'Stop'
if (-not $Results) { $Results = Get-Content $ResultsFile | ForEach-Object { $_ | ConvertFrom-Json } }

# One result per side of a case: the rounds of a case pooled (every run's time, the median of the rounds' CPU
# seconds, the largest memory peak, the load before each round). The JSON lines keep every round; pooled here, so a
# report written again from them (-ResultsFile) is the one the run wrote.
$Results = @($Results | Group-Object label | ForEach-Object {
        $group = @($_.Group)
        if ($group.Count -eq 1 -or -not $group[0].times) { return $group } # one run, or the machine's peak (start and end)
        $pooled = $group[0].PSObject.Copy()
        $times = @($group | ForEach-Object { $_.times } | Sort-Object)
        $middle = [int][Math]::Floor($times.Count / 2)
        $pooled.times = $times
        $pooled.median = if ($times.Count % 2) { $times[$middle] } else { 0.5 * ($times[$middle - 1] + $times[$middle]) }
        $pooled.min = $times[0]
        $cpu = @($group | ForEach-Object { [double]$_.cpuSeconds } | Sort-Object)
        $half = [int][Math]::Floor($cpu.Count / 2)
        $pooled.cpuSeconds = if ($cpu.Count % 2) { $cpu[$half] } else { 0.5 * ($cpu[$half - 1] + $cpu[$half]) }
        $pooled.peakMiB = ($group | Measure-Object peakMiB -Maximum).Maximum
        $pooled | Add-Member -NotePropertyName rounds -NotePropertyValue $group.Count -Force
        $pooled | Add-Member -NotePropertyName loads -NotePropertyValue (@($group | ForEach-Object { $_.loadBefore }) -join '; ') -Force
        $pooled
    })

$inv = [Globalization.CultureInfo]::InvariantCulture

function Find([string]$Side, [string]$Case, [int]$N = -1, [string]$BackendLike = '*') {
    $Results | Where-Object { $_.side -eq $Side -and $_.case -eq $Case -and ($N -lt 0 -or $_.n -eq $N) -and $_.label -like $BackendLike } | Select-Object -First 1
}
function F([double]$x, [string]$format = 'F3') { $x.ToString($format, $inv) }
# CPU seconds, '—' for a side that did not report them (an older bench/sgd_loop.c).
function Cpu($x) { if ($null -eq $x) { '—' } else { F $x 'F3' } }
# The fastest configuration of a peer (its sides are 'peer-NAME-Tt', T threads) for a case and size.
function Best([string]$Peer, [string]$Case, [int]$N) {
    $Results | Where-Object { $_.side -like "peer-$Peer*" -and $_.case -eq $Case -and $_.n -eq $N } | Sort-Object median | Select-Object -First 1
}
$peerNames = @{ sklearn = 'scikit-learn'; numpy = 'NumPy'; scipy = 'SciPy'; torch = 'PyTorch'; c = 'C (gcc -O3)'; openblas = 'OpenBLAS, the same tiles called from Python' }
function ConfigName($p) {
    if (-not $p) { return '' }
    if ($p.side -match '^peer-([a-z]+)(-(\d+)t)?$') {
        $name = $peerNames[$Matches[1]]
        if ($Matches[1] -eq 'c') { return $name }
        $what = $(if ($Matches[1] -in 'torch', 'openblas') { 'thread' } else { 'OpenBLAS thread' }) + $(if ($Matches[3] -ne '1') { 's' } else { '' })
        if ($Matches[3]) { return "$name, $($Matches[3]) $what" }
        return $name
    }
    $p.side
}

# ---- Machine and peak -----------------------------------------------------------------------------------------------
$lscpu = & lscpu
function Field([string]$name) { ($lscpu | Where-Object { $_ -match "^$([regex]::Escape($name)):" } | Select-Object -First 1) -replace '^[^:]+:\s*', '' }
$model = Field 'Model name'
$cpus = [int](Field 'CPU(s)')
$flags = (Field 'Flags') -split ' '
$maxMhz = Field 'CPU max MHz'
$bogo = Field 'BogoMIPS'
if ($maxMhz) { $mhz = [double]::Parse($maxMhz, $inv); $mhzSource = 'lscpu "CPU max MHz"' }
else { $mhz = [double]::Parse($bogo, $inv) / 2; $mhzSource = "lscpu shows no MHz under this hypervisor; BogoMIPS $bogo / 2 = the TSC frequency" }
if ($flags -contains 'avx512f') { $perCycle = 32; $isa = 'AVX-512: 2 FMA units × 8 doubles × 2 flops' }
elseif ($flags -contains 'fma') { $perCycle = 16; $isa = 'AVX2 + FMA: 2 FMA units × 4 doubles × 2 flops' }
else { $perCycle = 4; $isa = 'SSE2' }
$nominalPeak = $cpus * $mhz / 1000 * $perCycle
# The measured FMA throughput of one core (bench/peak_fma.c, best of its runs): the peak that counts. The nominal one
# assumes two 512-bit FMA units at the TSC frequency; Zen 4 splits a 512-bit FMA in two and a VM hides turbo.
$measured = @($Results | Where-Object { $_.side -eq 'machine' -and $_.case -eq 'peak' })
$perCoreMeasured = ($measured | ForEach-Object { [Math]::Max([double]$_.avx512GflopsPerCore, [double]$_.avx2GflopsPerCore) } | Measure-Object -Maximum).Maximum
$peak = if ($perCoreMeasured) { $cpus * $perCoreMeasured } else { $nominalPeak }
$loads = $Results | ForEach-Object { [double]::Parse(($_.loadBefore -split ' ')[0], $inv) }
$moduleBackend = ($Results | Where-Object { $_.side -eq 'module' -and $_.label -like '*auto*' } | Select-Object -First 1).backend
$numpyBackend = ($Results | Where-Object { $_.side -match '^peer-(sklearn|numpy|scipy)' } | Select-Object -First 1).backend
$torchBackend = ($Results | Where-Object { $_.side -like 'peer-torch*' } | Select-Object -First 1).backend

$lines = [Collections.Generic.List[string]]::new()
function Add([string]$s = '') { $lines.Add($s) }

Add '# Performance: the module beside scikit-learn, NumPy, PyTorch and C'
Add ''
$authorsRun = [bool]($Results | Where-Object { $_.side -like 'authors-*' })
Add "Generated by ``dotnet pwsh -NoProfile -File bench/Run-Benchmarks.ps1$(if ($authorsRun) { ' -AuthorsCode DIR' })`` on $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm', $inv)) UTC; wall time $(F $WallTime.TotalMinutes 'F1') min."
Add "Every figure below is the median of $Repetitions timed runs after one warm-up, each case in a fresh process, the module"
Add 'and its peers run back to back case by case on the same data files (written once by the module), sizes and hyper-parameters.'
if ($Rounds -gt 1) {
    Add "The cases with peers (kernel ridge, ridge selection, the kernel step and its product, Cholesky, random features, SGD and"
    Add "minibatch GD) ran in $Rounds rounds, the module and its peers taking turns round by round (in reversed order every other round);"
    # Cases run with fewer repetitions a round (the long ones), read from the pooled runs rather than restated.
    $fewer = @($Results | Where-Object { $_.side -eq 'module' -and $_.rounds -gt 1 -and @($_.times).Count -ne $Rounds * $Repetitions } |
            ForEach-Object { "$(@($_.times).Count) for $($_.case) n = $($_.n)" })
    Add "their medians are over all runs of a side ($($Rounds * $Repetitions)$(if ($fewer) { '; ' + ($fewer -join ', ') })),"
    Add "CPU seconds the median of its rounds', so a slow spell of the shared machine falls on both sides."
}
Add ''
Add "- Machine: $model, $cpus cores ($(($flags | Where-Object { $_ -in 'avx2', 'fma', 'avx512f' }) -join ', ')), $(F ([double]((Get-Content /proc/meminfo -TotalCount 1) -replace '\D', '') / 1048576) 'F1') GiB; $((Get-Content /etc/os-release | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace 'PRETTY_NAME=|\"', '')."
Add "- Load: the machine is shared; wall-clock medians rise with the load of other jobs, which hits the module and its peers alike within a case (run back to back). CPU seconds (all threads of the process) are given beside them: flops per CPU second say how well a core is used whatever the load."
if ($perCoreMeasured) {
    $m512 = ($measured | Measure-Object avx512GflopsPerCore -Maximum).Maximum; $m256 = ($measured | Measure-Object avx2GflopsPerCore -Maximum).Maximum
    Add "- Peak: **$(F $peak 'F1') GFLOP/s** = $cpus cores × $(F $perCoreMeasured 'F1') GFLOP/s, one core's double-precision FMA throughput measured by ``bench/peak_fma.c`` (12 independent FMA chains on one thread, flops per second of its CPU time, best of 5, run at the start and the end: 512-bit $(F $m512 'F1'), 256-bit $(F $m256 'F1') GFLOP/s a core). The nominal figure, $cpus × $(F ($mhz / 1000) 'F2') GHz ($mhzSource) × $perCycle flops/cycle ($isa) = $(F $nominalPeak 'F1') GFLOP/s, is not what this CPU does: it runs at another clock than the TSC's, and a core that splits a 512-bit FMA into two 256-bit halves (AMD Zen 4) does 16 flops/cycle, not 32."
}
else { Add "- Peak: $cpus cores × $(F ($mhz / 1000) 'F2') GHz ($mhzSource) × $perCycle flops/cycle ($isa) = **$(F $peak 'F1') GFLOP/s** (nominal: bench/peak_fma.c did not run)." }
Add "- Load average (1 min) at the start of each case: min $(F ($loads | Measure-Object -Minimum).Minimum 'F2'), max $(F ($loads | Measure-Object -Maximum).Maximum 'F2') (per case in the table; the machine has $cpus cores)."
$overloaded = @($loads | Where-Object { $_ -gt $cpus }).Count
if ($overloaded -gt 0) {
    Add "- **A loaded run**: the 1-minute load average exceeded the $cpus cores at the start of $overloaded of the $($loads.Count) cases (other jobs shared the machine). Within a case the module and its peers ran back to back, but the load moves between them by seconds, so wall-clock ratios here can move by tens of per cent from run to run; where the wall-clock and CPU-second ratios disagree, the CPU seconds show the work done."
}
Add "- Module dense backend: $moduleBackend."
Add "- NumPy/SciPy/scikit-learn: $numpyBackend."
Add "- PyTorch: $torchBackend."
Add "- C: gcc $CFlags, one thread."
Add ''

# ---- Main table -------------------------------------------------------------------------------------------------------
$rows = @(
    @{ Work = 'Kernel ridge RBF fit + predict 1000'; Case = 'krr'; N = 2000; Size = 'n = 2000, d = 200'; Peer = 'sklearn' },
    @{ Work = 'Kernel ridge RBF fit + predict 1000'; Case = 'krr'; N = 5000; Size = 'n = 5000, d = 200'; Peer = 'sklearn' },
    @{ Work = 'Kernel ridge RBF fit + predict 1000'; Case = 'krr'; N = 10000; Size = 'n = 10000, d = 200'; Peer = 'sklearn' },
    @{ Work = 'Kernel ridge, ridge chosen over the 7-value grid, fit + predict'; Case = 'krr-select'; N = 5000; Size = 'n = 5000, d = 200 (search on 2000)'; Peer = 'sklearn' },
    @{ Work = 'RBF kernel matrix (Gram step + map)'; Case = 'gram'; N = 10000; Size = 'n = 10000, d = 200'; Peer = 'sklearn' },
    @{ Work = 'Its product alone (lower triangle of X·Xᵀ in 256×256 tiles, the module''s AVX-512 kernel)'; Case = 'gram-product'; N = 10000; Size = 'n = 10000, d = 200'; Peer = 'openblas' },
    @{ Work = 'Cholesky step of the kernel'; Case = 'cholesky'; N = 10000; Size = 'n = 10000'; Peer = 'scipy' },
    @{ Work = 'Random features ReLU + ridge, predict 1000'; Case = 'rf'; N = 20000; Size = 'P = 2000, n = 20000, d = 200'; Peer = 'numpy' },
    @{ Work = 'Online SGD, pre-drawn samples'; Case = 'sgd'; N = 100000; Size = 'd = 500, K = 8, 10⁵ steps'; Peer = 'torch' },
    @{ Work = 'Online SGD, pre-drawn samples'; Case = 'sgd'; N = 100000; Size = 'd = 500, K = 8, 10⁵ steps'; Peer = 'c' },
    @{ Work = 'Minibatch GD, batch 64'; Case = 'minibatch'; N = 20000; Size = 'd = 500, K = 8, 10⁵ samples (5 epochs of 20000)'; Peer = 'torch' },
    @{ Work = 'Online SGD, fresh samples from the generator'; Case = 'online'; N = 0; Size = 'd = 500, K = 8, 10⁵ steps'; Peer = $null },
    @{ Work = 'ODE of the mixture theory (Euler, N_MC = 10⁴)'; Case = 'ode'; N = 0; Size = 'K = 8, t = 20, dt = 0.05 (400 steps)'; Peer = $null },
    @{ Work = 'Spiked-RF theory curve (Get-SpikedRandomFeaturesTheory)'; Case = 'srf'; N = 0; Size = '7 values of α, tanh/tanh, α0 = 20, η̃ = 3'; Peer = $null },
    @{ Work = 'Nyström + PCG kernel ridge, predict 10⁴'; Case = 'nystrom'; N = 100000; Size = 'n = 10⁵, d = 200, M = 4000'; Peer = $null }
)
Add '## Medians and ratios'
Add ''
Add 'Each ratio is against the fastest configuration of the peer in this run (named; the others are in the next table).'
Add ''
Add '| work | size | module (s) | peer (best configuration) | peer (s) | module/peer | CPU s module / peer | peak MiB module / peer | test error module / peer | load |'
Add '|---|---|---:|---|---:|---:|---:|---:|---|---|'
$ratios = @{}
foreach ($r in $rows) {
    $m = Find 'module' $r.Case $r.N '*auto*'
    if (-not $m) { continue }
    $p = if ($r.Peer) { Best $r.Peer $r.Case $r.N } else { $null }
    $ratio = if ($p) { $m.median / $p.median } else { [double]::NaN }
    if ($p) { $ratios["$($r.Case)/$($r.N)/$($r.Peer)"] = $ratio }
    $err = if ($null -ne $m.testError) { F $m.testError 'F4' } else { '' }
    if ($p -and $null -ne $p.testError) { $err += ' / ' + (F $p.testError 'F4') }
    $peerName = if ($p) { ConfigName $p } else { '(none)' }
    $cpu = (Cpu $m.cpuSeconds) + $(if ($p) { ' / ' + (Cpu $p.cpuSeconds) } else { '' })
    $peakCell = (F $m.peakMiB 'F0') + $(if ($p) { ' / ' + (F $p.peakMiB 'F0') } else { '' })
    Add "| $($r.Work) | $($r.Size) | $(F $m.median 'F3') | $peerName | $(if ($p) { F $p.median 'F3' } else { '' }) | $(if ($p) { '**' + (F $ratio 'F2') + '**' } else { '' }) | $cpu | $peakCell | $err | $($m.loadBefore) |"
}
Add ''
Add 'Peak MiB is the peak resident set of the process during the timed runs (Linux VmHWM, reset after the warm-up), so it'
Add 'includes the data and, for Python, the interpreter and its libraries (PyTorch alone is several hundred MiB).'
Add 'The test errors show both sides computed the same thing (random features and the nets use their own random draws).'
Add ''
Add '### Every peer configuration'
Add ''
Add '| case | size | configuration | median (s) | CPU s | / module |'
Add '|---|---|---|---:|---:|---:|'
foreach ($r in $rows | Where-Object { $_.Peer } | Group-Object { "$($_.Case)/$($_.N)" } | ForEach-Object { $_.Group[0] }) {
    $m = Find 'module' $r.Case $r.N '*auto*'
    foreach ($p in $Results | Where-Object { $_.side -like 'peer-*' -and $_.case -eq $r.Case -and $_.n -eq $r.N } | Sort-Object side) {
        Add "| $($r.Case) | $($r.Size) | $(ConfigName $p) | $(F $p.median 'F3') | $(Cpu $p.cpuSeconds) | $(if ($m) { F ($p.median / $m.median) 'F2' } else { '' }) |"
    }
}
Add ''

# ---- GFLOP/s ---------------------------------------------------------------------------------------------------------
$perCorePeak = $peak / $cpus
Add '## Achieved GFLOP/s of the kernel and solve steps'
Add ''
Add "Wall GFLOP/s against the $(F $peak 'F1') GFLOP/s peak of both cores; per CPU second against the $(F $perCorePeak 'F1') of one core (what a core does while it runs, whatever the other jobs on the machine take)."
Add ''
Add '| step | flops | module GFLOP/s | % of peak | per CPU s (% of a core) | peer (best configuration) | peer GFLOP/s | % of peak | managed-only GFLOP/s |'
Add '|---|---:|---:|---:|---:|---|---:|---:|---:|'
$gflops = @{}
$steps = @(
    @{ Case = 'gram'; Name = 'RBF kernel, lower triangle (n = 10⁴, d = 200; n²d flops of the product, the map fused per 8×16 block of the product)'; Peer = 'sklearn' },
    @{ Case = 'gram-product'; Name = 'its product alone (the same tiles, no map: what the map costs is the difference)'; Peer = 'openblas' },
    @{ Case = 'cholesky'; Name = 'Cholesky (n = 10⁴; n³/3 flops)'; Peer = 'scipy' })
foreach ($st in $steps) {
    $m = Find 'module' $st.Case 10000 '*auto*'
    $p = if ($st.Peer) { Best $st.Peer $st.Case 10000 }
    $mm = Find 'module' $st.Case 10000 '*managed*'
    if (-not $m) { continue }
    $gm = $m.flops / $m.median / 1e9
    $gc = $m.flops / $m.cpuSeconds / 1e9
    $gflops[$st.Case] = $gm
    $gp = if ($p) { $p.flops / $p.median / 1e9 } else { [double]::NaN }
    $gmm = if ($mm) { F ($mm.flops / $mm.median / 1e9) 'F1' } else { '' }
    Add "| $($st.Name) | $(F $m.flops 'E2') | $(F $gm 'F1') | $(F (100 * $gm / $peak) 'F0') % | $(F $gc 'F1') ($(F (100 * $gc / $perCorePeak) 'F0') %) | $(ConfigName $p) | $(F $gp 'F1') | $(F (100 * $gp / $peak) 'F0') % | $gmm |"
}
Add ''
Add 'The kernel step is scikit-learn''s `rbf_kernel` on the peer side (the step of `KernelRidge.fit`: X·Xᵀ by the BLAS, norms, exp on the full square) and the module''s fused lower triangle (tiles of 256×256 by the module''s own AVX-512 product kernel where the CPU has AVX-512, OpenBLAS SYRK/GEMM otherwise, each 8×16 block of a tile mapped as it is stored, while in L1, with an inlined exponential; OpenBLAS tiles mapped row by row while in L2); flops count the product only. The product alone is set beside the same tiles handed by hand to NumPy''s OpenBLAS (one single-threaded SYRK/GEMM call a tile through ctypes, the tiles shared by Python threads): what the library reaches on this shape (k = d = 200 is a shallow product).'
Add ''
Add 'The Cholesky is the module''s right-looking factorisation with 256-wide panels (since 2026-12-04 04:30 UTC; see the last paragraph of this section): LAPACK''s dpotrf on each diagonal block, the module''s own AVX-512 substitution kernel for the rows below it, OpenBLAS''s GEMM/SYRK of depth 256 on row tiles of the trailing triangle, one thread a call on cuts that depend on n only, so the result does not depend on the thread count; the calls form one task graph. It runs against SciPy''s threaded dpotrf on the same OpenBLAS. The paragraphs below, up to the last, describe the recursive factorisation it replaced (halves; dpotrf on leaves of at most 256; OpenBLAS''s TRSM in row bands and GEMM/SYRK in equal-area tiles). With it, both spend over 80 % of their time in OpenBLAS''s dgemm kernel, so their ratio sits near 1 and moves with the machine''s spells (1.03–1.16 in pairs of runs on 2026-12-03). Tried that day and not kept: the updates and panel solves on the module''s own AVX-512 kernel (the deep update C −= A·Bᵀ, n/2 square at depth n/2, ran at 78–81 GFLOP/s against 83–86 through OpenBLAS, and slower still with A packed per register block); a recursive panel solve, GEMM for all but 256-wide diagonal blocks (4 % faster at n = 2500 in one process, no change at n = 10⁴); a cap of 1024–3072 on the leading half (right-looking with recursive panels: no gain).'
Add ''
Add 'Measured on 2026-12-04 (timings inside one process; pairs of processes where said), the Cholesky''s time by step of the recursion at n = 10⁴: the top step (panel solve and update, 2.5·10¹¹ flops) ran at 96 GFLOP/s, the two n/2 steps at 84, the n/4 steps at 77 and the smaller ones at 61 or less, so the steps below the top took 1.1 s of 3.7 for a quarter of the flops. SciPy is ahead at the smaller sizes too (pairs of processes: n = 5000, 0.50–0.51 s against 0.52–0.56; n = 2500, 0.073–0.079 against 0.088–0.094), and nine pairs at n = 10⁴ gave module/SciPy 0.98–1.15, median 1.03. Tried that day and not kept: the trailing update on the module''s own kernel with L21 packed once and shared by both cores, which alone ran 5–8 % faster than OpenBLAS''s tiles (91–101 against 88–96 GFLOP/s) but beside the panel solve made the factorisation slower (3.74–4.12 s against 3.57–3.79, 8 alternations; 3.72–4.36 against 3.66–4.25 with only the top step packed; 3.88–4.58 against 3.63–4.22 with A read from the shared panels too); huge pages for the matrix (madvise, as NumPy does: no change in 5 runs); OpenBLAS''s Haswell kernels in place of Cooperlake (no gain).'
Add ''
Add 'Measured again on 2026-12-04 between 01:40 and 02:00 UTC on a quiet machine (load 0–2.4): six pairs of processes gave module/SciPy 0.996–1.036 (median 1.01; module 3.48–3.61 s, SciPy 3.46–3.54 s), and both sides keep two cores busy for the whole factorisation (median CPU time per run 6.80–6.99 s for the module, 6.81–6.91 s for SciPy, 1.97 times the wall time). So the module has no idle time left to recover: its time is in OpenBLAS''s kernels, at the rate they reach when both cores run them. In one timed factorisation (3.64 s) the top step''s GEMM tiles ran at 46–51 GFLOP/s a thread and its SYRK tiles at 29–51 (the thin ones lowest, 0.24 of 2.55 thread-seconds), and the panel solves at 48–50; the same GEMM shapes on one thread with the other core idle ran at 49.5–55.5 (a 4000² square at 53–55, peak_fma 58.0; two peak_fma runs at once gave 58.5–58.7 each, so the cores keep their clock). Zeroing the upper triangle took 11–17 ms and the LAPACK leaves 9–16 ms. Tried and not kept (in-process alternation, 4 rounds): square tiles of 512, 768 or 1024 for the update instead of equal-area row tiles (medians 3.51–3.59 s against 3.54 with the top step tiled so, 3.48–3.56 against 3.47 at every step; the bits did not change); the recursive panel solve again, on the quiet machine (GEMM below leaves of 256, 512 or 1024 columns: 3.58–3.62 s against 3.62); and Debian''s BLIS 0.9.0 (libblis4-pthread) as a kernel source, whose single-thread DGEMM ran at 46–49 GFLOP/s against OpenBLAS''s 53–55 on the same 4000² product. A Cholesky faster than SciPy''s here needs a GEMM faster than OpenBLAS''s while both cores run it.'
Add ''
Add 'Later that session the factorisation became one list of tasks with their dependencies (`CholeskyPlan`), so a core goes from one step into the next instead of waiting for the other''s last tile, with a panel band per 128 rows; the factor is the same to the last bit. Against the step-by-step recursion in one process: n = 2500 0.0714 s against 0.0747, n = 5000 0.477 against 0.503, n = 10⁴ 3.43 against 3.52. Pairs of processes against SciPy after it (02:12–02:15 UTC, load 1.2–2.0): n = 10⁴ 0.964, 1.001, 1.006 and 0.981 (module 3.46–3.57 s, SciPy 3.54–3.59); n = 5000 0.950, 1.006 and 0.996 (11 runs each); n = 2500 1.131, 0.985 and 1.095 (11 runs each; at 0.07–0.09 s a run, one process against the next varies by 10 %). Still parity, not a lead.'
Add ''
Add 'On 2026-12-04 between 03:59 and 04:35 UTC the factorisation became right-looking with 256-wide panels on a task graph (`CholeskyPlan`, `TaskGraph`), its panel solves on the module''s own kernel (`TriangularSolveKernel`). The reason, measured: with the recursion, half of the flops were triangular solves, and OpenBLAS''s TRSM ran at 44–47 GFLOP/s a thread inside the factorisation (3.6–3.8 of 7.1 thread-seconds at n = 10⁴), its update tiles at 46–49. Against narrow triangles OpenBLAS''s TRSM is slower still: one thread, 1250 right-hand sides, every side/uplo/trans variant ran at 16–26 GFLOP/s for a 256-wide triangle and 30–37 for a 1250-wide one, where a GEMM of depth 256 ran at 49–54. The kernel solves 24 rows at once, transposed so that each column of the group is three aligned vectors, 8 unknowns per register block, each unknown one FMA chain in order and one division (bit for bit the textbook substitution, tested): 50 GFLOP/s for a 256-wide triangle, 53 for a 1250-wide one. With 256-wide panels 96 % of the flops are updates of depth 256, at 52–54 GFLOP/s a thread with both cores busy. The task graph lets a free core take the lowest-numbered call whose inputs are ready instead of the next call in order (which had left 4–10 % of the CPU time waiting). Alternating processes of the bench case against the recursion (04:33–04:35 UTC, medians): n = 10⁴ 3.20–3.25 s against 3.48–3.57, n = 5000 0.426–0.437 against 0.480–0.489, n = 2500 0.060–0.064 against 0.077–0.078, n = 1250 0.0104–0.0117 against 0.0145–0.0158, n = 700 0.0034–0.0044 against 0.0048–0.0054. Pairs of processes against SciPy just before (04:22 UTC): module 3.23, 3.25 and 3.27 s against SciPy 3.49, 3.65 and 3.55 (0.92, 0.89, 0.92).' 
Add ''

# ---- Theory curves against the authors' code ------------------------------------------------------------------------------
$odeM = Find 'module' 'ode-authors' 0
$odeA = Find 'authors-ode' 'ode-authors' 0
$srfM = Find 'module' 'srf-authors' 0
$srfA = Find 'authors-srf' 'srf-authors' 0
Add '## Theory curves against the authors'' code'
Add ''
if (-not ($odeA -or $srfA)) {
    Add 'Not run: give `-AuthorsCode DIR` with clones of github.com/mariaref/rfvs2lnn_GMM_online and github.com/SPOC-group/OneStepGD_asymptotics under DIR (the repositories carry no licence; nothing of them is in this project).'
    Add ''
}
else {
    Add 'The same curve computed by the module and by the papers'' own code (run with Debian''s NumPy/SciPy/PyTorch, imported or executed from a clone outside the project; nothing of it is copied here). The authors'' side ran once, the module''s is a median.'
    Add ''
    Add '| curve | module (s) | authors'' code (s) | module/authors | CPU s module / authors | agreement |'
    Add '|---|---:|---:|---:|---:|---|'
    if ($odeM -and $odeA) {
        $ratios['ode-authors/authors'] = $odeM.median / $odeA.median
        Add "| ODE of online SGD on the XOR mixture (Get-TwoLayerNetTheory; authors: include/iid_Ode.py ``run``), K = $($odeA.extra) ReLU, paper units σ² = 0.25, η = 0.5, N_MC = 10⁴, Euler dt = 0.05 to t = 20 | $(F $odeM.median 'F2') | $(F $odeA.median 'F1') | **$(F ($odeM.median / $odeA.median) 'F3')** | $(F $odeM.cpuSeconds 'F2') / $(F $odeA.cpuSeconds 'F1') | ½E(y − f)²: max abs difference $(F $odeA.maxAbsLossDiff 'F4') over their $($odeA.points) logged times (t ≤ $(F $odeA.finalTime 'F2')); classification error: $(F $odeA.minAbsErrorDiff 'F4')–$(F $odeA.maxAbsErrorDiff 'F4') |"
    }
    elseif ($odeM) { Add "| ODE (authors' code not run: no clone of rfvs2lnn_GMM_online) | $(F $odeM.median 'F2') | | | | |" }
    if ($srfM -and $srfA) {
        $ratios['srf-authors/authors'] = $srfM.median / $srfA.median
        Add "| Spiked-RF learning curve (Get-SpikedRandomFeaturesTheory; authors: theory.ipynb), tanh network, sin target, η̃ = 3, α0 = 20, λ = 0.1, α = 0.2 … 3 (5 values) | $(F $srfM.median 'F3') | $(F $srfA.median 'F1') (setup $(F $srfA.setupSeconds 'F1')) | **$(F ($srfM.median / $srfA.median) 'F4')** | $(F $srfM.cpuSeconds 'F3') / $(F $srfA.cpuSeconds 'F1') | test MSE: max abs difference $(F $srfA.maxAbsDiff 'E1') (relative $(F (100 * $srfA.maxRelDiff) 'F2') %) over the 5 values of α |"
    }
    elseif ($srfM) { Add "| Spiked-RF curve (authors' notebook not run: no clone of OneStepGD_asymptotics) | $(F $srfM.median 'F3') | | | | |" }
    Add ''
    if ($odeA) { Add '- ODE: the module integrates `OnlineSgdOde` in its units (η₁ = ησ² = 0.125, η₂ = η = 0.5, init × σ: `-Convention Paper`) and writes its initial order parameters in the line format the authors'' `run` reads (their Q = snr·Q, R = ±m·R with their clusters ±e1 labelled −1); bench/authors_ode.py builds their model with N = 1/dt (N enters their equations only through μ·μ/N = 1, and their loop makes steps·N Euler steps) and calls `run`. Both are Monte Carlo with 10⁴ samples per cluster but different estimators (they sample ν, we use its conditional mean) and different random numbers, so the loss agrees to Monte Carlo accuracy. The classification errors differ by a near-constant offset: their `classification_analytical` counts an output f = 0 as correct (`out < 0`), the module (as its Metrics) as a mistake, and with K = 4 ReLU units all inactive with probability ≈ 0.07.' }
    if ($srfA) { Add '- Spiked RF: bench/authors_srf.py runs the notebook''s code cells in order up to the curve (its random d = p = 2000 spectrum from seed 58 and `eigh`, then the damped fixed point with tolerance 10⁻⁴ at each α); the module solves the same fixed point with the Marchenko–Pastur limit of that spectrum and tolerance 10⁻⁸, so the difference is the finite-d spectrum and the looser tolerance. quadpy (one 19-point Gauss–Hermite rule in the notebook) is not packaged in Debian: the same rule from `numpy.polynomial.hermite.hermgauss` stands in for it.' }
    Add ''
}

# ---- Ridge selection -----------------------------------------------------------------------------------------------------
$sel = Find 'module' 'krr-select' 5000 '*auto*'
$selPeer = Best 'sklearn' 'krr-select' 5000
if ($sel -and $selPeer) {
    Add '## Ridge selection: the module against GridSearchCV'
    Add ''
    Add 'Kernel ridge with the ridge chosen over the module''s grid ρ ∈ {10⁻⁶, …, 1} (λ = ρ·m) on the validation split of the first 2000 rows (1600 fit, 400 validate, criterion error + 10⁻⁶·MSE), then the fit at ρ·n on all n = 5000 rows and predict 1000. scikit-learn: `GridSearchCV(KernelRidge(kernel="rbf"), {"alpha": ρ·1600}, cv=PredefinedSplit(the same split), refit=False)`, then `KernelRidge(alpha=ρ·n)`. The module builds the kernel of the 1600 fitting rows and their cross-kernel to the 400 validation rows once and factors K + λI once per grid value (RidgeProblem); GridSearchCV refits (kernel and factorisation) per value.'
    Add ''
    Add '| | module | scikit-learn GridSearchCV (best configuration) | speed-up |'
    Add '|---|---:|---:|---:|'
    Add "| fit with the search + predict (s) | $(F $sel.median 'F3') | $(F $selPeer.median 'F3') ($(ConfigName $selPeer)) | **$(F ($selPeer.median / $sel.median) 'F2')×** |"
    Add "| CPU seconds | $(F $sel.cpuSeconds 'F3') | $(F $selPeer.cpuSeconds 'F3') | $(F ($selPeer.cpuSeconds / $sel.cpuSeconds) 'F2')× |"
    Add "| chosen ρ | $($sel.rho) | $($selPeer.rho) | |"
    Add "| test error | $(F $sel.testError 'F4') | $(F $selPeer.testError 'F4') | |"
    Add ''
    Add 'Why not one eigendecomposition for the whole grid: it makes each grid value O(m²) instead of O(m³/3), but LAPACK''s dsyevd on one thread (the module pins its BLAS to one thread per call for thread-count-independent results) took 0.99 s of CPU at m = 1600 against 0.63 s for all seven Cholesky factorisations (SciPy on the same OpenBLAS, OPENBLAS_NUM_THREADS=1: `eigh(driver="evd")` against seven `cholesky` of K + λI, on a loaded machine), and the factorisations moreover run on both cores in the module''s tiles; GCV or exact leave-one-out would need it (or a factorisation and an inverse diagonal per value). The validation criterion from the kernels built once keeps the chosen ridge exactly what it was (the same numbers as a fit per grid value: xunit `RidgeProblemTests`), so no documented figure moves.'
    Add ''
}

# ---- Dense path --------------------------------------------------------------------------------------------------------
$krrNative = Find 'module' 'krr' 10000 '*auto*'
$krrManaged = Find 'module' 'krr' 10000 '*managed*'
$sk = Find 'peer-sklearn' 'krr' 10000
if ($krrManaged -and $krrNative -and $sk) {
    Add '## The dense path'
    Add ''
    Add '| kernel ridge n = 10⁴ | median (s) | / OpenBLAS tiles | / scikit-learn |'
    Add '|---|---:|---:|---:|'
    Add "| managed kernels only, no OpenBLAS (FEATURELEARNING_BLAS=managed) | $(F $krrManaged.median 'F2') | $(F ($krrManaged.median / $krrNative.median) 'F2') | $(F ($krrManaged.median / $sk.median) 'F2') |"
    Add "| with OpenBLAS for the factorisation (default when libopenblas0 is installed) | $(F $krrNative.median 'F2') | 1.00 | $(F ($krrNative.median / $sk.median) 'F2') |"
    Add ''
}

# ---- Nyström ---------------------------------------------------------------------------------------------------------
$acc = Find 'module' 'nystrom-accuracy' 10000
$ny = Find 'module' 'nystrom' 100000 '*auto*'
Add '## Nyström + preconditioned conjugate gradient'
Add ''
if ($ny) {
    Add "n = 10⁵, d = 200, M = 4000 centres, RBF γ = 0.5, λ = 1: fit + predict on 10⁴ fresh points **$(F $ny.median 'F1') s** (median), $($ny.iterations) CG iterations to relative residual $(F $ny.residual 'E1'), peak $(F ($ny.peakMiB / 1024) 'F1') GiB, test error $(F $ny.testError 'F4')."
    Add ''
}
if ($acc) {
    Add "Against the exact solve at n = 10⁴ (test error $(F $acc.exactError 'F4'), MSE $(F $acc.exactMse 'F4') on 10⁴ fresh points):"
    Add ''
    Add '| centres M | test error | − exact | test MSE | fit (s) | CG iterations |'
    Add '|---:|---:|---:|---:|---:|---:|'
    foreach ($prop in $acc.PSObject.Properties | Where-Object { $_.Name -match '^M\d+$' } | Sort-Object { [int]($_.Name.Substring(1)) }) {
        $v = $prop.Value
        Add "| $($prop.Name.Substring(1)) | $(F $v.error 'F4') | $(F ($v.error - $acc.exactError) '+0.0000;-0.0000;0.0000') | $(F $v.mse 'F4') | $(F $v.seconds 'F2') | $($v.iterations) |"
    }
    Add ''
}

# ---- Large scale -----------------------------------------------------------------------------------------------------------
$large = Find 'module' 'nystrom-large' 1000000 '*auto*'
$exactLarge = Find 'module' 'exact-large' 20000 '*auto*'
if ($large) {
    Add '## Large scale: kernel ridge at n = 10⁶, d = 100'
    Add ''
    Add "Nyström + PCG with M = $($large.extra) centres, RBF γ = 0.5, λ = 1, two-cluster mixture d = 100 (snr 4); K_nM ($(F (8.0 * 1e6 * $large.extra / 1e9) 'F0') GB) $(if ($large.stored) { 'kept in memory' } else { 'recomputed in blocks of 1024 rows at every CG product (it does not fit)' }); one run, fit + predict on 10⁴ fresh points."
    Add ''
    Add '| | time (s) | CPU s | peak MiB | CG iterations | test error |'
    Add '|---|---:|---:|---:|---:|---:|'
    Add "| Nyström, n = 10⁶, M = $($large.extra) | $(F $large.median 'F1') | $(F $large.cpuSeconds 'F1') | $(F $large.peakMiB 'F0') | $($large.iterations) | $(F $large.testError 'F4') |"
    if ($exactLarge) { Add "| exact dense solve, n = 2·10⁴ (same draw, same test points) | $(F $exactLarge.median 'F1') | $(F $exactLarge.cpuSeconds 'F1') | $(F $exactLarge.peakMiB 'F0') | | $(F $exactLarge.testError 'F4') |" }
    Add ''
}

# ---- Targets ------------------------------------------------------------------------------------------------------------
function Verdict([bool]$ok) { if ($ok) { 'met' } else { '**missed**' } }
Add '## Targets'
Add ''
Add '| target | measured | |'
Add '|---|---|---|'
$worst = ($ratios.GetEnumerator() | Sort-Object Value -Descending | Select-Object -First 1)
if ($worst) { Add "| every module/peer ratio ≤ 1.0 against the best configuration of each peer | worst: $(F $worst.Value 'F2') ($($worst.Key)) | $(Verdict ($worst.Value -le 1.0)) |" }
foreach ($key in $ratios.Keys | Sort-Object) { if ($ratios[$key] -gt 1.0) { Add "| … $key | $(F $ratios[$key] 'F2') | **missed** |" } }
if ($gflops.ContainsKey('gram')) { Add "| RBF kernel step ≥ 70 % of peak at n = 10⁴ | $(F (100 * $gflops['gram'] / $peak) 'F0') % | $(Verdict ($gflops['gram'] -ge 0.7 * $peak)) |" }
if ($gflops.ContainsKey('cholesky')) { Add "| Cholesky ≥ 70 % of peak at n = 10⁴ | $(F (100 * $gflops['cholesky'] / $peak) 'F0') % | $(Verdict ($gflops['cholesky'] -ge 0.7 * $peak)) |" }
$sgdC = $ratios['sgd/100000/c']
if ($sgdC) { Add "| online SGD within 2× of plain C | $(F $sgdC 'F2')× | $(Verdict ($sgdC -le 2)) |" }
if ($ny) { Add "| Nyström n = 10⁵, d = 200 under a minute on 2 cores | $(F $ny.median 'F1') s | $(Verdict ($ny.median -lt 60)) |" }
if ($acc -and $ny) { Add "| Nyström at n = 10⁵ (M = 4000) against the exact solve at n = 10⁴, same 10⁴ test points: test error within 0.005 | $(F $ny.testError 'F4') vs $(F $acc.exactError 'F4') ($(F ($ny.testError - $acc.exactError) '+0.0000;-0.0000;0.0000')) | $(Verdict ([math]::Abs($ny.testError - $acc.exactError) -le 0.005)) |" }
if ($large -and $exactLarge) { Add "| Nyström at n = 10⁶ against the exact solve at n = 2·10⁴: test error no worse than 0.005 above | $(F $large.testError 'F4') vs $(F $exactLarge.testError 'F4') | $(Verdict ($large.testError - $exactLarge.testError -le 0.005)) |" }
Add ''

Add '## What each case does'
Add ''
Add '- Peer configurations: scikit-learn, NumPy and SciPy with their OpenBLAS on 1 and on 2 threads (threadpoolctl), PyTorch'
Add '  on 1 and 2 threads (`torch.set_num_threads`); the fastest in the run is the one compared with. On a loaded machine'
Add '  the 2-thread configurations suffer most (OpenBLAS and PyTorch threads spin while they wait for each other).'
Add '- Kernel ridge: RBF exp(−γ‖x − x''‖²/d) with γ = 0.5 (scikit-learn gamma = γ/d), fixed ridge λ = 1 (alpha), two-cluster'
Add '  mixture d = 200, fit on the first n training rows and predict 1000 test points. Module: `KernelRidgeLearner.Fit` with'
Add '  `-Solver Dense`-equivalent (Auto picks dense at these n); scikit-learn: `KernelRidge(kernel="rbf").fit().predict()`.'
Add '- Kernel matrix / Cholesky: the two steps of the dense fit alone, module `KernelSpec.SymmetricMatrixLower` (RBF) /'
Add '  `DenseMath.Cholesky` against scikit-learn `rbf_kernel` / `scipy.linalg.cholesky` on a Fortran-ordered copy (the copy'
Add '  is not timed on either side).'
Add '- Random features: P = 2000 ReLU features of n = 20000 points, ridge λ = 1 on the primal normal equations, predict 1000;'
Add '  NumPy builds the full n×P feature matrix; the module streams it in chunks of about 64 MiB (4096 rows at P = 2000),'
Add '  computing the next chunk''s features while the current one is summed into ΦᵀΦ.'
Add '- Online SGD: 10⁵ single-sample steps of the two-layer ReLU net (K = 8, η = 0.5, both layers, Refinetti et al.'
Add '  scalings) on 10⁵ pre-drawn samples in a random order, from the same initial weights; no sample generation on any side.'
Add '  Module: `TwoLayerNetTrainer.Fit` with Algorithm Sgd, HistoryPoints 2, MonitorSamples 0 (no evaluation inside the loop).'
Add '  PyTorch: the same manual update with `torch.mv`/`addr_` in float64 under `no_grad` (no autograd graph), on 2 threads'
Add '  (this Debian build starts with 1: `torch.set_num_threads(2)`) and, as a second row, on 1 thread.'
Add '  C: the same loop, one thread. "Online SGD, fresh samples" is the module drawing every sample from the mixture'
Add '  generator inside the loop (Algorithm Online), the cost a real online run pays.'
Add '- Minibatch: batches of 64 of a shuffled 20000-sample set, 5 epochs; summed per-sample updates at the current weights.'
Add '- ODE: `OnlineSgdOde.Integrate` of the mixture theory (Get-TwoLayerNetTheory), Monte Carlo with 10⁴ samples per cluster.'
Add '- Nyström: `-Solver Nystrom -Centers 4000`, default tolerance 10⁻⁶; K_nM (3.2 GB) kept in memory.'
Add '- Spiked-RF theory: `SpikedRandomFeaturesTheory.Curve` (Get-SpikedRandomFeaturesTheory) at α = 0.25 … 4, default damping'
Add '  and tolerance (its own notebook setting; the curve compared with the authors'' notebook is in the section above).'
Add ''
Set-Content -Path $Report -Value ($lines -join "`n") -Encoding utf8

# ---- The README's summary, between its markers, from the same results ---------------------------------------------------
$readme = Join-Path $PSScriptRoot '../README.md'
# Only a report written to docs/performance.md updates the README (a trial run with -Report elsewhere, or -Only a few
# cases, must not replace the summary of the last full run).
$isDocsReport = [IO.Path]::GetFullPath($Report) -eq [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../docs/performance.md'))
if ($isDocsReport -and (Test-Path $readme)) {
    $s = [Collections.Generic.List[string]]::new()
    $s.Add("Last run: $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd', $inv)), $model, $cpus cores, load average $(F ($loads | Measure-Object -Minimum).Minimum 'F1')–$(F ($loads | Measure-Object -Maximum).Maximum 'F1'); medians of $Repetitions runs$(if ($Rounds -gt 1) { " ($Rounds rounds, module and peers taking turns, for the cases with peers)" }); each peer in its fastest configuration of the run.")
    $s.Add('')
    $s.Add('| work | module | peer (best configuration) | module/peer | peak MiB module / peer |')
    $s.Add('|---|---:|---:|---:|---:|')
    foreach ($pick in @(
            @{ Name = 'kernel ridge RBF, n = 2000, d = 200 (fit + predict)'; Case = 'krr'; N = 2000; Peer = 'sklearn' },
            @{ Name = 'kernel ridge RBF, n = 10⁴, d = 200 (fit + predict)'; Case = 'krr'; N = 10000; Peer = 'sklearn' },
            @{ Name = 'kernel ridge, ridge chosen over 7 values, n = 5000'; Case = 'krr-select'; N = 5000; Peer = 'sklearn' },
            @{ Name = 'random features P = 2000, n = 2·10⁴'; Case = 'rf'; N = 20000; Peer = 'numpy' },
            @{ Name = 'online SGD d = 500, K = 8, 10⁵ steps'; Case = 'sgd'; N = 100000; Peer = 'torch' },
            @{ Name = 'online SGD d = 500, K = 8, 10⁵ steps'; Case = 'sgd'; N = 100000; Peer = 'c' },
            @{ Name = 'minibatch GD, batch 64'; Case = 'minibatch'; N = 20000; Peer = 'torch' })) {
        $m = Find 'module' $pick.Case $pick.N '*auto*'
        $p = Best $pick.Peer $pick.Case $pick.N
        if ($m -and $p) {
            $s.Add("| $($pick.Name) | $(F $m.median 'F3') s | $(F $p.median 'F3') s ($(ConfigName $p)) | **$(F ($m.median / $p.median) 'F2')** | $(F $m.peakMiB 'F0') / $(F $p.peakMiB 'F0') |")
        }
    }
    if ($odeM -and $odeA) { $s.Add("| ODE theory, XOR mixture, K = $($odeA.extra), N_MC = 10⁴, 400 Euler steps | $(F $odeM.median 'F2') s | $(F $odeA.median 'F1') s (authors' iid_Ode.py) | **$(F ($odeM.median / $odeA.median) 'F3')** | $(F $odeM.peakMiB 'F0') / $(F $odeA.peakMiB 'F0') |") }
    if ($srfM -and $srfA) { $s.Add("| spiked-RF theory curve, 5 values of α | $(F $srfM.median 'F3') s | $(F $srfA.median 'F1') s (authors' theory.ipynb) | **$(F ($srfM.median / $srfA.median) 'F4')** | $(F $srfM.peakMiB 'F0') / $(F $srfA.peakMiB 'F0') |") }
    if ($ny) { $s.Add("| Nyström + PCG kernel ridge, n = 10⁵, M = 4000 | $(F $ny.median 'F1') s | — | — | $(F $ny.peakMiB 'F0') |") }
    if ($large) { $s.Add("| Nyström + PCG kernel ridge, n = 10⁶, d = 100, M = $($large.extra) (K_nM recomputed) | $(F $large.median 'F0') s | — | — | $(F $large.peakMiB 'F0') |") }
    $s.Add('')
    $over = @($ratios.GetEnumerator() | Where-Object { $_.Value -gt 1.0 } | Sort-Object Value -Descending | ForEach-Object { "$($_.Key) $(F $_.Value 'F2')" })
    $s.Add($(if ($over.Count) { "Module/peer ratios above 1.0 in this run (case/n/peer): $($over -join ', '); the rest of docs/performance.md's table is ≤ 1.0." } else { 'Every module/peer ratio of docs/performance.md''s table is ≤ 1.0 in this run.' }))
    $s.Add('')
    if ($gflops.ContainsKey('gram') -and $gflops.ContainsKey('cholesky')) {
        $s.Add("RBF kernel step $(F $gflops['gram'] 'F0') GFLOP/s ($(F (100 * $gflops['gram'] / $peak) 'F0') % of peak) and Cholesky $(F $gflops['cholesky'] 'F0') GFLOP/s ($(F (100 * $gflops['cholesky'] / $peak) 'F0') %) against a peak of $(F $peak 'F0') (n = 10⁴).")
    }
    if ($sel -and $selPeer) { $s.Add("Ridge selection over the 7-value grid: $(F ($selPeer.median / $sel.median) 'F1')× faster than scikit-learn's GridSearchCV on the same split, same ρ chosen ($($sel.rho)).") }
    if ($acc -and $acc.M4000 -and $ny) {
        $s.Add("Nyström's test error is within $(F ([math]::Max([math]::Abs($acc.M4000.error - $acc.exactError), [math]::Abs($ny.testError - $acc.exactError))) 'F4') of the exact solve at n = 10⁴ (same n, M = 4000; and n = 10⁵).")
    }
    if ($odeA -and $srfA) { $s.Add("Theory curves against the authors' code: the ODE's ½E(y − f)² within $(F $odeA.maxAbsLossDiff 'F3') (Monte Carlo), the spiked-RF test MSE within $(F $srfA.maxAbsDiff 'E1').") }
    if ($large -and $exactLarge) { $s.Add("At n = 10⁶ its test error is $(F $large.testError 'F4') against $(F $exactLarge.testError 'F4') for the exact solve at n = 2·10⁴.") }
    $text = [IO.File]::ReadAllText($readme)
    $pattern = '(?s)(<!-- performance-summary:start[^>]*-->).*?(<!-- performance-summary:end -->)'
    if ($text -match $pattern) {
        $body = ($s -join "`n")
        $text = [regex]::Replace($text, $pattern, { param($mt) $mt.Groups[1].Value + "`n" + $body + "`n" + $mt.Groups[2].Value })
        [IO.File]::WriteAllText($readme, $text)
    }
}
