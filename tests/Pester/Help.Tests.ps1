BeforeDiscovery {
    . "$PSScriptRoot/TestHelpers.ps1"
    $cmdlets = Get-Command -Module FeatureLearning -CommandType Cmdlet | ForEach-Object { @{ name = $_.Name } }
}
BeforeAll { . "$PSScriptRoot/TestHelpers.ps1" }

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
        $help = Get-Help $name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*\S+ \[' # the auto-generated syntax line means no MAML was found
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($parameter in @($help.Parameters.Parameter)) {
            ($parameter.Description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs a description"
        }
    }

    It 'has the about topic' {
        (Get-Help about_FeatureLearning | Out-String) | Should -Match 'XOR-LIKE GAUSSIAN MIXTURES'
    }
}
