<#
.SYNOPSIS
    Compiles docs/help/<Verb-Noun>.md (platyPS layout) into MAML so Get-Help works for the binary cmdlets.
.DESCRIPTION
    Syntax, types, positions and pipeline input come from the built cmdlets themselves (Get-Command); synopsis,
    descriptions, examples and notes from the Markdown. Writes FeatureLearning.PowerShell.dll-Help.xml and
    about_FeatureLearning.help.txt into -OutputDirectory: build.ps1 compiles them into the staged module,
    out/FeatureLearning/<version>/en-US (PowerShell looks for a module's help in <ModuleBase>/<culture>), never into
    the source tree. Returns the problems found (missing files, sections or parameter descriptions).
.EXAMPLE
    ./tools/Build-Help.ps1 -Manifest out/FeatureLearning/0.1.0/FeatureLearning.psd1 -OutputDirectory out/FeatureLearning/0.1.0/en-US
#>
[CmdletBinding()]
param(
    [string]$Manifest = (Join-Path $PSScriptRoot '..' 'FeatureLearning.psd1'),
    [string]$SourceDirectory = (Join-Path $PSScriptRoot '..' 'docs' 'help'),
    [Parameter(Mandatory)]
    [string]$OutputDirectory
)
$ErrorActionPreference = 'Stop'

function Read-HelpMarkdown([string]$Path) {
    # Returns @{ Synopsis; Description = [string[]]; Examples = @(@{Title; Code; Remarks}); Parameters = @{name = [string[]]};
    #            Inputs/Outputs = @(@{Type; Text}); Notes = [string[]]; Links = [string[]] }
    $help = @{ Synopsis = ''; Description = @(); Examples = @(); Parameters = [ordered]@{}; Inputs = @(); Outputs = @(); Notes = @(); Links = @() }
    $section = ''; $sub = $null; $buffer = [System.Collections.Generic.List[string]]::new(); $inCode = $false; $code = $null
    $flush = {
        $paragraphs = @((($buffer -join "`n") -split "\n\s*\n") | ForEach-Object { ($_ -replace '\s*\n\s*', ' ').Trim() } | Where-Object { $_ })
        switch ($section) {
            'SYNOPSIS' { $help.Synopsis = $paragraphs -join ' ' }
            'DESCRIPTION' { $help.Description = $paragraphs }
            'EXAMPLES' { if ($sub) { $sub.Remarks = $paragraphs; $help.Examples += $sub } }
            'PARAMETERS' { if ($sub) { $help.Parameters[$sub] = $paragraphs } }
            'INPUTS' { if ($sub) { $help.Inputs += @{ Type = $sub; Text = $paragraphs } } }
            'OUTPUTS' { if ($sub) { $help.Outputs += @{ Type = $sub; Text = $paragraphs } } }
            'NOTES' { $help.Notes = $paragraphs }
            'RELATED LINKS' { $help.Links = @($buffer | Where-Object { $_ -match '^\s*-\s*(.+)$' } | ForEach-Object { ($_ -replace '^\s*-\s*', '').Trim() }) }
        }
        $buffer.Clear()
    }
    foreach ($line in Get-Content $Path) {
        if ($inCode) {
            if ($line -match '^```') { $inCode = $false; $sub.Code = $code -join "`n" } else { $code += $line }
            continue
        }
        if ($line -match '^```') { $inCode = $true; $code = @(); continue }
        if ($line -match '^## (.+)$') { & $flush; $section = $Matches[1].Trim().ToUpperInvariant(); $sub = $null; continue }
        if ($line -match '^### (.+)$') {
            & $flush
            $title = $Matches[1].Trim()
            $sub = switch ($section) {
                'EXAMPLES' { @{ Title = $title; Code = ''; Remarks = @() } }
                'PARAMETERS' { $title.TrimStart('-') }
                default { $title }
            }
            continue
        }
        if ($line -match '^# ') { continue }
        $buffer.Add($line)
    }
    & $flush
    $help
}

function Add-Paragraphs([System.Xml.XmlWriter]$w, [string[]]$Paragraphs) {
    $w.WriteStartElement('maml', 'description', $maml)
    foreach ($p in $Paragraphs) { $w.WriteElementString('maml', 'para', $maml, $p) }
    if (-not $Paragraphs) { $w.WriteElementString('maml', 'para', $maml, '') }
    $w.WriteEndElement()
}

# The type as a user writes it: Int32[] for an array, Int32 for Nullable`1[Int32] (an optional value).
function Get-TypeName([Type]$Type) {
    if ($Type.IsArray) { return "$(Get-TypeName $Type.GetElementType())[]" }
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return $underlying.Name }
    $Type.Name
}

# A parameter's default as the cmdlet really has it: the property's value on a fresh instance of the cmdlet class.
function Get-DefaultText($Instance, [string]$Name) {
    $property = $Instance.GetType().GetProperty($Name)
    if (-not $property) { return 'None' }
    $value = $property.GetValue($Instance)
    if ($null -eq $value) { return 'None' }
    if ($value -is [System.Management.Automation.SwitchParameter]) { return "$($value.IsPresent)" }
    if ($value -is [string]) { if ($value) { return $value } else { return 'None' } }
    if ($value -is [System.Collections.IEnumerable]) {
        $items = @($value)
        if ($items.Count -eq 0) { return 'None' }
        return ($items | ForEach-Object { [System.Convert]::ToString($_, [cultureinfo]::InvariantCulture) }) -join ', '
    }
    [System.Convert]::ToString($value, [cultureinfo]::InvariantCulture)
}

# Pipeline input as the parameter really takes it, in any of its parameter sets.
function Get-PipelineText($Parameter) {
    $sets = if ($Parameter.PSObject.Properties['ParameterSets']) { @($Parameter.ParameterSets.Values) } else { @($Parameter) }
    $pipeline = @()
    if ($sets | Where-Object ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($sets | Where-Object ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
}

function Write-Parameter([System.Xml.XmlWriter]$w, $Parameter, [bool]$Mandatory, $Position, [string[]]$Description, [string]$Default) {
    $w.WriteStartElement('command', 'parameter', $command)
    $w.WriteAttributeString('required', "$Mandatory".ToLowerInvariant())
    $w.WriteAttributeString('variableLength', 'true')
    # Wildcards: -Path parameters of the readers and writers (resolved through the provider), never -LiteralPath.
    $w.WriteAttributeString('globbing', "$($Parameter.Name -eq 'Path')".ToLowerInvariant())
    $w.WriteAttributeString('pipelineInput', (Get-PipelineText $Parameter))
    $w.WriteAttributeString('position', $(if ($null -ne $Position -and $Position -ge 0) { "$Position" } else { 'named' }))
    $w.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    Add-Paragraphs $w $Description
    $typeName = Get-TypeName $Parameter.ParameterType
    if ($Parameter.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
        $w.WriteStartElement('command', 'parameterValue', $command)
        $w.WriteAttributeString('required', 'true'); $w.WriteAttributeString('variableLength', 'false')
        $w.WriteString($typeName); $w.WriteEndElement()
    }
    if ($Parameter.ParameterType.IsEnum) {
        $w.WriteStartElement('command', 'parameterValueGroup', $command)
        foreach ($v in [Enum]::GetNames($Parameter.ParameterType)) {
            $w.WriteStartElement('command', 'parameterValue', $command)
            $w.WriteAttributeString('required', 'false'); $w.WriteAttributeString('variableLength', 'false')
            $w.WriteString($v); $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $typeName); $w.WriteEndElement()
    $w.WriteElementString('dev', 'defaultValue', $dev, $Default)
    $w.WriteEndElement()
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

$module = Import-Module $Manifest -Force -PassThru
$problems = [System.Collections.Generic.List[string]]::new()
New-Item -ItemType Directory -Force $OutputDirectory | Out-Null
$target = Join-Path $OutputDirectory 'FeatureLearning.PowerShell.dll-Help.xml'
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$temporary = "$target.tmp"
$w = [System.Xml.XmlWriter]::Create($temporary, $settings)
try {
    $w.WriteStartDocument()
    $w.WriteStartElement('helpItems', 'http://msh'); $w.WriteAttributeString('schema', 'maml')
    foreach ($cmd in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
        $file = Join-Path $SourceDirectory "$($cmd.Name).md"
        if (-not (Test-Path $file)) { $problems.Add("$($cmd.Name): no help file $file"); continue }
        $help = Read-HelpMarkdown $file
        $instance = [Activator]::CreateInstance($cmd.ImplementingType)
        if (-not $help.Synopsis) { $problems.Add("$($cmd.Name): no SYNOPSIS") }
        if ($help.Examples.Count -lt 2) { $problems.Add("$($cmd.Name): fewer than two examples") }
        $w.WriteStartElement('command', 'command', $command)
        $w.WriteAttributeString('xmlns', 'maml', $null, $maml)
        $w.WriteAttributeString('xmlns', 'dev', $null, $dev)
        $w.WriteStartElement('command', 'details', $command)
        $w.WriteElementString('command', 'name', $command, $cmd.Name)
        $w.WriteElementString('command', 'verb', $command, $cmd.Verb)
        $w.WriteElementString('command', 'noun', $command, $cmd.Noun)
        Add-Paragraphs $w @($help.Synopsis)
        $w.WriteEndElement()
        Add-Paragraphs $w $help.Description
        $w.WriteStartElement('command', 'syntax', $command)
        foreach ($set in $cmd.ParameterSets) {
            $w.WriteStartElement('command', 'syntaxItem', $command)
            $w.WriteElementString('maml', 'name', $maml, $cmd.Name)
            foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $common }) {
                Write-Parameter $w $p $p.IsMandatory $p.Position $help.Parameters[$p.Name] (Get-DefaultText $instance $p.Name)
            }
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteStartElement('command', 'parameters', $command)
        foreach ($p in $cmd.Parameters.Values | Where-Object { $_.Name -notin $common }) {
            if (-not $help.Parameters.Contains($p.Name) -or -not $help.Parameters[$p.Name]) { $problems.Add("$($cmd.Name): parameter -$($p.Name) has no description") }
            $attributes = @($p.ParameterSets.Values)
            $mandatory = [bool]($attributes | Where-Object IsMandatory)
            $position = ($attributes | Select-Object -First 1).Position
            Write-Parameter $w $p $mandatory $position $help.Parameters[$p.Name] (Get-DefaultText $instance $p.Name)
        }
        $w.WriteEndElement()
        foreach ($kind in 'Inputs', 'Outputs') {
            $outer = if ($kind -eq 'Inputs') { 'inputTypes' } else { 'returnValues' }
            $inner = if ($kind -eq 'Inputs') { 'inputType' } else { 'returnValue' }
            $w.WriteStartElement('command', $outer, $command)
            foreach ($item in $help[$kind]) {
                $w.WriteStartElement('command', $inner, $command)
                $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $item.Type); $w.WriteEndElement()
                Add-Paragraphs $w $item.Text
                $w.WriteEndElement()
            }
            $w.WriteEndElement()
        }
        if ($help.Notes) {
            $w.WriteStartElement('maml', 'alertSet', $maml); $w.WriteStartElement('maml', 'alert', $maml)
            foreach ($p in $help.Notes) { $w.WriteElementString('maml', 'para', $maml, $p) }
            $w.WriteEndElement(); $w.WriteEndElement()
        }
        $w.WriteStartElement('command', 'examples', $command)
        foreach ($example in $help.Examples) {
            $w.WriteStartElement('command', 'example', $command)
            $w.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
            $w.WriteElementString('dev', 'code', $dev, $example.Code)
            $w.WriteStartElement('dev', 'remarks', $dev)
            foreach ($p in $example.Remarks) { $w.WriteElementString('maml', 'para', $maml, $p) }
            $w.WriteEndElement()
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteStartElement('command', 'relatedLinks', $command)
        foreach ($link in $help.Links) {
            $w.WriteStartElement('maml', 'navigationLink', $maml)
            $w.WriteElementString('maml', 'linkText', $maml, $link); $w.WriteElementString('maml', 'uri', $maml, '')
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndDocument()
}
finally { $w.Dispose() }
Move-Item -Force $temporary $target

$about = Join-Path $SourceDirectory '..' 'about_FeatureLearning.md'
if (Test-Path $about) { Copy-Item $about (Join-Path $OutputDirectory 'about_FeatureLearning.help.txt') -Force }
else { $problems.Add("no about topic at $about") }
$problems
