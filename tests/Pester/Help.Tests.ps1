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

Describe 'Help tells the truth about the cmdlets (pipeline input, defaults, types), as Get-Help users rely on' {
    It '<name>: every parameter''s help says how it takes pipeline input, its real default and a readable type' -ForEach $cmdlets {
        $command = Get-Command $name
        $fresh = [Activator]::CreateInstance($command.ImplementingType)
        $help = Get-Help $name -Full
        foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }) {
            $entry = @($help.Parameters.Parameter) | Where-Object Name -eq $parameter.Name
            $entry | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) is a parameter of $name"
            $sets = @($parameter.ParameterSets.Values)
            $byValue = [bool]($sets | Where-Object ValueFromPipeline)
            $byName = [bool]($sets | Where-Object ValueFromPipelineByPropertyName)
            $entry.PipelineInput.StartsWith('True') | Should -Be ($byValue -or $byName) -Because "-$($parameter.Name) pipeline input"
            if ($byValue) { $entry.PipelineInput | Should -Match 'ByValue' }
            if ($byName) { $entry.PipelineInput | Should -Match 'ByPropertyName' }
            $value = $fresh.GetType().GetProperty($parameter.Name).GetValue($fresh)
            # (not a switch statement: it would enumerate an array default)
            $expected = if ($null -eq $value) { 'None' }
                elseif ($value -is [System.Management.Automation.SwitchParameter]) { "$($value.IsPresent)" }
                elseif ($value -is [string]) { if ($value) { $value } else { 'None' } }
                elseif ($value -is [array]) {
                    if ($value.Count) { ($value | ForEach-Object { if ($_ -is [IFormattable]) { $_.ToString($null, [cultureinfo]::InvariantCulture) } else { "$_" } }) -join ', ' } else { 'None' }
                }
                elseif ($value -is [IFormattable]) { $value.ToString($null, [cultureinfo]::InvariantCulture) }
                else { "$value" }
            $entry.DefaultValue | Should -Be $expected -Because "-$($parameter.Name) defaults to $expected"
            ($entry.Type.Name + ' ' + $help.Syntax.SyntaxItem.Parameter.ParameterValue -join ' ') | Should -Not -Match '`' -Because 'a type name like Nullable`1 reads as noise'
        }
    }
}
