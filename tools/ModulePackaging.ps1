# Helpers of tools/Build-ModuleFolder.ps1 (dot-sourced): the packaged manifest, the build's assets, the notices.

# The manifest's keys whose values are paths of files that ship with the module.
$script:ManifestFileKeys = @('RootModule', 'FormatsToProcess', 'TypesToProcess')

<#
.SYNOPSIS
    The root manifest's text with every path under RootModule, FormatsToProcess and TypesToProcess replaced by the
    file's name (the packaged folder is flat), plus the original relative paths. Edits the text in place through the
    parser's extents, so comments, order and every other value stay exactly as written in the root manifest.
#>
function ConvertTo-PackagedManifest([string]$Path) {
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
    if ($errors) { throw "The manifest $Path does not parse: $($errors[0].Message)" }
    $table = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.HashtableAst] }, $false)
    $text = $ast.Extent.Text
    $offset = $ast.Extent.StartOffset
    $edits = [System.Collections.Generic.List[object]]::new()
    $files = [System.Collections.Generic.List[string]]::new()
    foreach ($pair in $table.KeyValuePairs) {
        if ($pair.Item1.Value -notin $script:ManifestFileKeys) { continue }
        $strings = $pair.Item2.FindAll({ param($node) $node -is [System.Management.Automation.Language.StringConstantExpressionAst] }, $true)
        foreach ($string in $strings) {
            $files.Add($string.Value)
            $leaf = Split-Path -Leaf ($string.Value -replace '\\', '/')
            $edits.Add(@{ Start = $string.Extent.StartOffset - $offset; Length = $string.Extent.Text.Length; Text = "'$leaf'" })
        }
    }
    $builder = [System.Text.StringBuilder]::new($text)
    foreach ($edit in $edits | Sort-Object { $_.Start } -Descending) {
        [void]$builder.Remove($edit.Start, $edit.Length).Insert($edit.Start, $edit.Text)
    }
    [pscustomobject]@{ Text = $builder.ToString(); Files = $files.ToArray() }
}

<#
.SYNOPSIS
    What a module built with CopyLocalLockFileAssemblies needs at run time, read from its .deps.json: the managed
    assemblies (file names in the build output), the native libraries per platform (path in the build output and
    the platform folder it goes to) and the NuGet packages they come from (id, version, folder in the NuGet cache).
.DESCRIPTION
    A native asset of RID r serves platform p when r = p or r is p's operating system alone (osx serves osx-x64
    and osx-arm64: NuGet's RID fallback for the universal macOS libraries).
#>
function Get-BuildAssets([string]$DepsFile, [string[]]$Platform) {
    $deps = Get-Content -LiteralPath $DepsFile -Raw | ConvertFrom-Json -AsHashtable
    $target = $deps.targets[$deps.runtimeTarget.name]
    $assemblies = [System.Collections.Generic.List[string]]::new()
    $natives = [System.Collections.Generic.List[object]]::new()
    $packages = [System.Collections.Generic.List[object]]::new()
    foreach ($library in $target.Keys | Sort-Object) {
        $entry = $target[$library]
        $info = $deps.libraries[$library]
        $shipped = $false
        foreach ($asset in @($entry['runtime'].Keys)) {
            if ($asset) { $assemblies.Add((Split-Path -Leaf $asset)); $shipped = $true }
        }
        foreach ($asset in @($entry['runtimeTargets'].Keys)) {
            if (-not $asset) { continue }
            $meta = $entry['runtimeTargets'][$asset]
            if ($meta.assetType -ne 'native') { continue }
            foreach ($p in $Platform) {
                if ($meta.rid -ne $p -and $meta.rid -ne ($p -split '-')[0]) { continue }
                $natives.Add([pscustomobject]@{ Platform = $p; Source = $asset; Name = Split-Path -Leaf $asset })
                $shipped = $true
            }
        }
        if ($shipped -and $info.type -eq 'package') {
            $id, $version = $library -split '/', 2
            $packages.Add([pscustomobject]@{ Id = $id; Version = $version; CachePath = $info.path })
        }
    }
    [pscustomobject]@{ Assemblies = $assemblies.ToArray(); Natives = $natives.ToArray(); Packages = $packages.ToArray() }
}

<#
.SYNOPSIS
    THIRD-PARTY-NOTICES.txt for the packages that ship: id, version, licence (from the nuspec in the NuGet cache),
    project address and copyright, followed by the notices files the packages themselves carry (Skia, HarfBuzz and
    their dependencies inside the SkiaSharp/HarfBuzzSharp native libraries).
#>
function New-ThirdPartyNotices([object[]]$Packages) {
    $cache = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    $out = [System.Text.StringBuilder]::new()
    [void]$out.AppendLine('FeatureLearning ships these third-party components (NuGet packages, with the licences their authors state).')
    [void]$out.AppendLine()
    $noticeFiles = [ordered]@{}
    foreach ($package in $Packages) {
        $folder = Join-Path $cache $package.CachePath
        $nuspec = Get-ChildItem -LiteralPath $folder -Filter '*.nuspec' | Select-Object -First 1
        $metadata = ([xml](Get-Content -LiteralPath $nuspec.FullName -Raw)).package.metadata
        $licence = if ($metadata.license) { "$($metadata.license.'#text')" } elseif ($metadata.licenseUrl) { $metadata.licenseUrl } else { 'not stated' }
        [void]$out.AppendLine("$($package.Id) $($package.Version)")
        [void]$out.AppendLine("  Licence:   $licence")
        if ($metadata.projectUrl) { [void]$out.AppendLine("  Project:   $($metadata.projectUrl)") }
        if ($metadata.copyright) { [void]$out.AppendLine("  Copyright: $($metadata.copyright)") }
        [void]$out.AppendLine()
        foreach ($notice in Get-ChildItem -LiteralPath $folder -Filter 'THIRD-PARTY-NOTICES*' -File) {
            $text = Get-Content -LiteralPath $notice.FullName -Raw
            # The SkiaSharp and HarfBuzzSharp native packages carry the same notices per platform: keep one copy each.
            $key = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($text)))
            if (-not $noticeFiles.Contains($key)) { $noticeFiles[$key] = @{ From = $package.Id; Text = $text } }
        }
    }
    foreach ($notice in $noticeFiles.Values) {
        [void]$out.AppendLine(('=' * 100))
        [void]$out.AppendLine("Notices shipped in $($notice.From):")
        [void]$out.AppendLine()
        [void]$out.AppendLine($notice.Text.TrimEnd())
        [void]$out.AppendLine()
    }
    $out.ToString()
}
