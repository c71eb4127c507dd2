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
                Parameters  = @(@($help.Parameters.Parameter) | Where-Object { $_ } | ForEach-Object {
                        [pscustomobject]@{ Name = $_.Name; PipelineInput = "$($_.PipelineInput)"; DefaultValue = "$($_.DefaultValue)"; Type = "$($_.Type.Name)" } })
                Syntax      = ($help.Syntax | Out-String -Width 4096)
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

Describe 'Help tells the truth about the cmdlets (pipeline input, defaults, types), as Get-Help users rely on' {
    It '<name>: every parameter''s help says how it takes pipeline input, its real default and a readable type' -ForEach $cmdlets {
        # The compiled help (read in the staged module by BeforeAll) against the cmdlet's real metadata here.
        $command = Get-Command $name
        $fresh = [Activator]::CreateInstance($command.ImplementingType)
        $help = $helpByName[$name]
        $help.Syntax | Should -Not -Match '`' -Because 'a type name like Nullable`1 reads as noise'
        foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }) {
            $entry = @($help.Parameters) | Where-Object Name -eq $parameter.Name
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
            $entry.Type | Should -Not -Match '`' -Because 'a type name like Nullable`1 reads as noise'
        }
    }
}
