# Shared by every Pester file: import the freshly built module once per file.
$script:RepoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
Import-Module (Join-Path $script:RepoRoot 'FeatureLearning.psd1') -Force -ErrorAction Stop
# As under build.ps1: every error stops, so `Should -Throw` sees a bad pipeline item's non-terminating error too, and a
# file gives the same results run alone as in the suite. Tests of non-terminating errors say -ErrorAction themselves.
$ErrorActionPreference = 'Stop'

# The id of the first error $Script raises, terminating or not (a bad pipeline item is a non-terminating error; 'Stop'
# makes it catchable here whatever the caller's preference, as it is under build.ps1).
function Get-ErrorId([scriptblock]$Script) {
    $ErrorActionPreference = 'Stop'
    try { & $Script | Out-Null } catch { return $_.FullyQualifiedErrorId }
    return '<no error>'
}

# A result row against the row it must equal (a ridge path's row against Compare-Learner's for the spec with that ridge
# fixed): every column of $Expected but the wall-clock Seconds, to the last bit; with -Rounding the double columns other
# than TestError and TrainError within 1e-9 (relative), for paths that share the kernel work over their grid.
function Assert-SameRow($Expected, $Actual, [switch]$Rounding, [string]$Because) {
    foreach ($column in $Expected.PSObject.Properties.Name) {
        if ($column -eq 'Seconds') { continue }
        $x = $Expected.$column; $a = $Actual.$column
        if ($x -is [double] -and [double]::IsNaN($x)) { [double]::IsNaN($a) | Should -BeTrue -Because "$column is NaN in the expected row, $Because" }
        elseif ($Rounding -and $x -is [double] -and $column -notin 'TestError', 'TrainError') {
            [Math]::Abs($a - $x) | Should -BeLessOrEqual (1e-9 * [Math]::Max(1.0, [Math]::Abs($x))) -Because "$column, $Because"
        }
        else { $a | Should -Be $x -Because "$column, $Because" }
    }
}

# A python that can import openpyxl (the independent .xlsx reader); installs Debian's package when we are root and it
# is missing. Returns $null when there is none.
function Find-OpenPyxl {
    foreach ($attempt in 1, 2) {
        foreach ($candidate in '/usr/bin/python3', 'python3') {
            if (-not (Get-Command $candidate -ErrorAction Ignore)) { continue }
            & $candidate -c 'import openpyxl' 2>$null
            if ($LASTEXITCODE -eq 0) { return $candidate }
        }
        if ($attempt -eq 2 -or -not $IsLinux -or (& id -u) -ne '0' -or -not (Get-Command apt-get -ErrorAction Ignore)) { return $null }
        & apt-get install -y -q python3-openpyxl *> $null
        if ($LASTEXITCODE -ne 0) { & apt-get update -q *> $null; & apt-get install -y -q python3-openpyxl *> $null }
    }
}

# What read_workbook.py reports of an .xlsx (sheets, tables, first cells, charts), read by openpyxl with the $python
# that the calling test file found with Find-OpenPyxl.
function Read-Workbook([string]$Path) {
    $json = & $python "$PSScriptRoot/read_workbook.py" $Path
    if ($LASTEXITCODE -ne 0) { throw "openpyxl could not read '$Path'." }
    $json | ConvertFrom-Json -AsHashtable
}
