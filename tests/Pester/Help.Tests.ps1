BeforeDiscovery {
    . "$PSScriptRoot/TestHelpers.ps1"
    $cmdlets = Get-Command -Module FeatureLearning -CommandType Cmdlet | ForEach-Object { @{ name = $_.Name } }
}
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    # The help is compiled into the staged module (out/FeatureLearning/<version>/en-US, by build.ps1), not into the
    # source tree, so Get-Help is asked in a child PowerShell that imports that folder: what a user gets.
    $version = (Import-PowerShellDataFile (Join-Path $RepoRoot 'FeatureLearning.psd1')).ModuleVersion
    $staged = Join-Path $RepoRoot 'out' 'FeatureLearning' $version 'FeatureLearning.psd1'
    if (-not (Test-Path $staged)) { throw "No staged module at $($staged): run build.ps1 -Task Build first." }
    $helpSeen = & (Join-Path $PSHOME pwsh) -NoProfile -NonInteractive -Command {
        param($Manifest)
        Import-Module $Manifest -ErrorAction Stop
        $commands = foreach ($command in Get-Command -Module FeatureLearning -CommandType Cmdlet) {
            $help = Get-Help $command.Name -Full
            [pscustomobject]@{
                Name        = $command.Name
                Synopsis    = "$($help.Synopsis)"
                Examples    = @($help.Examples.Example).Count
                Undescribed = @(@($help.Parameters.Parameter) | Where-Object { $_ -and -not ($_.Description.Text -join ' ') } | ForEach-Object Name)
            }
        }
        [pscustomobject]@{ Commands = @($commands); About = (Get-Help about_FeatureLearning | Out-String) }
    } -args $staged
    $helpByName = @{}
    foreach ($command in $helpSeen.Commands) { $helpByName[$command.Name] = $command }
}

Describe 'Help' {
    It 'the Markdown sources compile without problems (every cmdlet, synopsis, two examples, every parameter)' {
        $out = Join-Path ([IO.Path]::GetTempPath()) "fl-help-$PID"
        try {
            $problems = & (Join-Path $PSHOME pwsh) -NoProfile -File (Join-Path $RepoRoot 'tools/Build-Help.ps1') -OutputDirectory $out
            $problems | Should -BeNullOrEmpty
        }
        finally { Remove-Item $out -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It '<name> has help with a synopsis, at least two examples and described parameters' -ForEach $cmdlets {
        $help = $helpByName[$name]
        $help | Should -Not -BeNullOrEmpty -Because 'the staged module exports every cmdlet of the build'
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*\S+ \[' # the auto-generated syntax line means no MAML was found
        $help.Examples | Should -BeGreaterOrEqual 2
        @($help.Undescribed) | Should -BeNullOrEmpty -Because 'every parameter needs a description'
    }

    It 'has the about topic' {
        $helpSeen.About | Should -Match 'XOR-LIKE GAUSSIAN MIXTURES'
    }
}
