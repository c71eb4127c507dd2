# Shared by every Pester file: import the freshly built module once per file.
$script:RepoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
Import-Module (Join-Path $script:RepoRoot 'FeatureLearning.psd1') -Force -ErrorAction Stop

# The ErrorRecord id of a terminating error thrown by a script block.
function Get-ErrorId([scriptblock]$Script) {
    try { & $Script | Out-Null } catch { return $_.FullyQualifiedErrorId }
    return '<no error>'
}
