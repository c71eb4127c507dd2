# The module as it ships: the staged folder and the .nupkg that `build.ps1 -Task Package` (and -Task Test) make,
# the manifest's claims, the files per platform, and an install by name through PSResourceGet into a throw-away
# user profile, used from a fresh pwsh started outside the repository.
BeforeDiscovery {
    # The platforms the package serves, as PowerShell names the folder its native-library resolver probes.
    $platforms = @(
        @{ platform = 'win-x64'; extension = '.dll'; format = 'PE'; architectures = @('x64') }
        @{ platform = 'linux-x64'; extension = '.so'; format = 'ELF'; architectures = @('x64') }
        @{ platform = 'osx-x64'; extension = '.dylib'; format = 'Mach-O*'; architectures = @('x64') }
        @{ platform = 'osx-arm64'; extension = '.dylib'; format = 'Mach-O*'; architectures = @('arm64') }
    )
}
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem

    $script:rootManifestPath = Join-Path $RepoRoot 'FeatureLearning.psd1'
    $script:rootManifest = Import-PowerShellDataFile $rootManifestPath
    $script:version = $rootManifest.ModuleVersion
    $script:staged = Join-Path $RepoRoot 'out' 'FeatureLearning' $version
    $script:nupkg = Join-Path $RepoRoot 'out' 'packages' "FeatureLearning.$version.nupkg"
    foreach ($required in $staged, $nupkg) {
        if (-not (Test-Path $required)) { throw "$required is missing: run build.ps1 -Task Package (or -Task Test) first." }
    }
    $script:stagedManifest = Import-PowerShellDataFile (Join-Path $staged 'FeatureLearning.psd1')

    # The package's files, as PSResourceGet will extract them (NuGet's own bookkeeping left out).
    $zip = [IO.Compression.ZipFile]::OpenRead($nupkg)
    try {
        $script:entries = @($zip.Entries | ForEach-Object FullName)
        $nuspecEntry = $zip.Entries | Where-Object FullName -Like '*.nuspec'
        $reader = [IO.StreamReader]::new($nuspecEntry.Open())
        $script:nuspec = ([xml]$reader.ReadToEnd()).package.metadata
        $reader.Dispose()
    }
    finally { $zip.Dispose() }
    $script:moduleFiles = @($entries | Where-Object { $_ -notmatch '^(_rels/|package/|\[Content_Types\]\.xml$|[^/]+\.nuspec$)' } | Sort-Object)

    # PowerShell releases and the .NET they run on (7.4 LTS: .NET 8; 7.5: .NET 9; 7.6 LTS: .NET 10).
    $script:dotnetOfPowerShell = [ordered]@{ '7.2' = 6; '7.3' = 7; '7.4' = 8; '7.5' = 9; '7.6' = 10 }

    # What a managed assembly says about itself, read from its metadata without loading it.
    function Get-AssemblyFacts([string]$Path) {
        $stream = [IO.File]::OpenRead($Path)
        $pe = [Reflection.PortableExecutable.PEReader]::new($stream)
        try {
            $md = [Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            $references = foreach ($handle in $md.AssemblyReferences) { $md.GetString($md.GetAssemblyReference($handle).Name) }
            $count = [Reflection.Metadata.Ecma335.MetadataReaderExtensions]::GetTableRowCount($md, [Reflection.Metadata.Ecma335.TableIndex]::ModuleRef)
            $pinvoke = if ($count) {
                foreach ($i in 1..$count) { $md.GetString($md.GetModuleReference([Reflection.Metadata.Ecma335.MetadataTokens]::ModuleReferenceHandle($i)).Name) }
            }
            $framework = foreach ($handle in $md.CustomAttributes) {
                $attribute = $md.GetCustomAttribute($handle)
                if ($attribute.Constructor.Kind -ne 'MemberReference') { continue }
                $parent = $md.GetMemberReference($attribute.Constructor).Parent
                if ($parent.Kind -ne 'TypeReference' -or $md.GetString($md.GetTypeReference($parent).Name) -ne 'TargetFrameworkAttribute') { continue }
                $blob = $md.GetBlobReader($attribute.Value); [void]$blob.ReadUInt16(); $blob.ReadSerializedString()
            }
            [pscustomobject]@{ Name = $md.GetString($md.GetAssemblyDefinition().Name); References = @($references); PInvoke = @($pinvoke); Framework = "$framework" }
        }
        finally { $pe.Dispose(); $stream.Dispose() }
    }

    # The architecture a native library was built for, from its file header (PE, ELF or Mach-O, thin or universal).
    function Get-NativeArchitecture([string]$Path) {
        $bytes = [IO.File]::ReadAllBytes($Path)
        if ($bytes[0] -eq 0x4D -and $bytes[1] -eq 0x5A) {
            $pe = [BitConverter]::ToInt32($bytes, 0x3C)
            $machine = [BitConverter]::ToUInt16($bytes, $pe + 4)
            return @{ Format = 'PE'; Architectures = @(switch ($machine) { 0x8664 { 'x64' } 0xAA64 { 'arm64' } 0x14C { 'x86' } default { "0x{0:X}" -f $machine } }) }
        }
        if ($bytes[0] -eq 0x7F -and $bytes[1] -eq 0x45 -and $bytes[2] -eq 0x4C -and $bytes[3] -eq 0x46) {
            $machine = [BitConverter]::ToUInt16($bytes, 18)
            return @{ Format = 'ELF'; Architectures = @(switch ($machine) { 62 { 'x64' } 183 { 'arm64' } default { "$machine" } }) }
        }
        $bigEndian = { param($offset) [uint32](16777216 * [uint32]$bytes[$offset] + 65536 * [uint32]$bytes[$offset + 1] + 256 * [uint32]$bytes[$offset + 2] + [uint32]$bytes[$offset + 3]) }
        $cpu = { param($type) switch ($type) { 0x01000007 { 'x64' } 0x0100000C { 'arm64' } default { '0x{0:X}' -f $type } } }
        if ((& $bigEndian 0) -eq [uint32]3405691582) { # 0xCAFEBABE: a universal (fat) binary, one 20-byte record per slice
            $count = & $bigEndian 4
            return @{ Format = 'Mach-O universal'; Architectures = @(foreach ($i in 0..($count - 1)) { & $cpu (& $bigEndian (8 + 20 * $i)) }) }
        }
        if ([BitConverter]::ToUInt32($bytes, 0) -eq [uint32]4277009103) { # 0xFEEDFACF: a thin 64-bit Mach-O
            return @{ Format = 'Mach-O'; Architectures = @(& $cpu ([BitConverter]::ToUInt32($bytes, 4))) }
        }
        @{ Format = 'unknown'; Architectures = @() }
    }

    # The P/Invoke libraries no package has to carry: the operating system's own, and SkiaSharp's optional GPU
    # path (ANGLE's libEGL, never called for the raster images Export-LearningCurvePlot draws).
    $script:systemLibraries = @('libc', 'Kernel32.dll', 'ole32.dll', 'libEGL.dll')
    $script:stagedAssemblies = @(Get-ChildItem $staged -Filter '*.dll' | ForEach-Object { Get-AssemblyFacts $_.FullName })
}

Describe 'The manifest states what is true' {
    It 'the staged manifest is the root manifest with file paths made relative, and names files that exist' {
        foreach ($key in $rootManifest.Keys) {
            if ($key -in 'RootModule', 'FormatsToProcess', 'TypesToProcess') {
                @($stagedManifest[$key]) | Should -Be @($rootManifest[$key] | ForEach-Object { Split-Path -Leaf $_ }) -Because $key
                foreach ($file in @($stagedManifest[$key])) { Join-Path $staged $file | Should -Exist }
            }
            else {
                ($stagedManifest[$key] | ConvertTo-Json -Depth 5) | Should -Be ($rootManifest[$key] | ConvertTo-Json -Depth 5) -Because $key
            }
        }
        @($stagedManifest.Keys | Sort-Object) | Should -Be @($rootManifest.Keys | Sort-Object)
    }

    It 'passes Test-ModuleManifest and imports, exporting what it lists (in a child pwsh, from the staged folder)' {
        $seen = & (Join-Path $PSHOME pwsh) -NoProfile -NonInteractive -Command {
            param($Path)
            $tested = Test-ModuleManifest -Path $Path -ErrorAction Stop
            $module = Import-Module $Path -PassThru -ErrorAction Stop
            [pscustomobject]@{
                TestedName = $tested.Name; TestedVersion = "$($tested.Version)"
                Cmdlets = @($module.ExportedCmdlets.Keys | Sort-Object); Aliases = @($module.ExportedAliases.Keys | Sort-Object)
                ModuleBase = $module.ModuleBase
            }
        } -args (Join-Path $staged 'FeatureLearning.psd1')
        $seen.TestedName | Should -Be 'FeatureLearning'
        $seen.TestedVersion | Should -Be $version
        $seen.ModuleBase | Should -Be $staged
        $seen.Cmdlets | Should -Be @($rootManifest.CmdletsToExport | Sort-Object)
        $seen.Aliases | Should -Be @($rootManifest.AliasesToExport | Sort-Object)
    }

    It 'exports exactly the cmdlets and aliases the DLL defines' {
        $assembly = (Get-Command New-GaussianMixture).ImplementingType.Assembly
        $types = @($assembly.GetExportedTypes() | Where-Object { -not $_.IsAbstract -and $_.IsDefined([System.Management.Automation.CmdletAttribute], $false) })
        $defined = @($types | ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" } | Sort-Object)
        $aliases = @($types | ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.AliasAttribute], $false).AliasNames } | Sort-Object)
        $defined.Count | Should -BeGreaterThan 0
        @($rootManifest.CmdletsToExport | Sort-Object) | Should -Be $defined
        @($rootManifest.AliasesToExport | Sort-Object) | Should -Be $aliases
        @($rootManifest.FunctionsToExport).Count | Should -Be 0
    }

    It 'claims the first PowerShell whose .NET loads every shipped assembly' {
        $needed = ($stagedAssemblies | ForEach-Object {
                $_.Framework | Should -Match '^\.NETCoreApp,Version=v\d+\.\d+$' -Because "$($_.Name) must be a .NET (Core) assembly"
                [version]($_.Framework -replace '^.*=v', '')
            } | Measure-Object -Maximum).Maximum
        $first = $dotnetOfPowerShell.Keys | Where-Object { $dotnetOfPowerShell[$_] -ge $needed.Major } | Select-Object -First 1
        $first | Should -Not -BeNullOrEmpty -Because ".NET $needed must map to a PowerShell release"
        $rootManifest.PowerShellVersion | Should -Be $first -Because "the assemblies need .NET $($needed.Major)"
        $rootManifest.CompatiblePSEditions | Should -Be @('Core') -Because 'Windows PowerShell 5.1 (Desktop) runs .NET Framework, which cannot load them'
    }

    It 'the table of PowerShell releases and their .NET holds for the running PowerShell' {
        $running = "$($PSVersionTable.PSVersion.Major).$($PSVersionTable.PSVersion.Minor)"
        $dotnetOfPowerShell.Contains($running) | Should -BeTrue -Because "the table needs a row for PowerShell $running"
        $dotnetOfPowerShell[$running] | Should -Be ([Environment]::Version.Major)
        $PSVersionTable.PSVersion | Should -BeGreaterOrEqual ([version]$rootManifest.PowerShellVersion)
    }

    It 'carries gallery metadata: description, author, tags without spaces, release notes' {
        $psData = $rootManifest.PrivateData.PSData
        $rootManifest.Description | Should -Not -BeNullOrEmpty
        $rootManifest.Author | Should -Not -BeNullOrEmpty
        $psData.Tags.Count | Should -BeGreaterThan 3
        foreach ($tag in $psData.Tags) { $tag | Should -Match '^\S+$' }
        $psData.Tags | Should -Contain 'PSEdition_Core'
        foreach ($os in 'Windows', 'Linux', 'MacOS') { $psData.Tags | Should -Contain $os }
        $psData.ReleaseNotes | Should -Match 'PowerShell 7\.6'
        # Compress-PSResource carried them into the package.
        $nuspec.id | Should -Be 'FeatureLearning'
        $nuspec.version | Should -Be $version
        $nuspec.releaseNotes | Should -Be $psData.ReleaseNotes
        foreach ($tag in $psData.Tags) { $nuspec.tags -split ' ' | Should -Contain $tag }
    }

    It 'names the project''s public addresses (ProjectUri, LicenseUri, HelpInfoURI) as absolute https URIs' {
        $uris = [ordered]@{ ProjectUri = $rootManifest.PrivateData.PSData.ProjectUri; LicenseUri = $rootManifest.PrivateData.PSData.LicenseUri; HelpInfoURI = $rootManifest.HelpInfoURI }
        foreach ($name in @($uris.Keys)) {
            if (-not $uris[$name]) { continue }
            [uri]::IsWellFormedUriString($uris[$name], 'Absolute') | Should -BeTrue -Because $name
            $uris[$name] | Should -Match '^https://' -Because $name
        }
        $missing = @($uris.Keys | Where-Object { -not $uris[$_] })
        if ($missing) { Set-ItResult -Skipped -Because "the project has no public address yet, so $($missing -join ', ') are not set (docs/packaging.md)" }
    }
}

Describe 'The package' {
    It 'is a flat module folder: manifest, assemblies, format views, help, about topic, licence and notices' {
        foreach ($file in 'FeatureLearning.psd1', 'FeatureLearning.PowerShell.dll', 'FeatureLearning.Format.ps1xml',
            'en-US/FeatureLearning.PowerShell.dll-Help.xml', 'en-US/about_FeatureLearning.help.txt', 'LICENSE.txt', 'THIRD-PARTY-NOTICES.txt') {
            $moduleFiles | Should -Contain $file
        }
        foreach ($entry in $entries) { $entry | Should -Not -Match '\\' -Because 'zip entry names use /; a \ would become part of a file name on Linux and macOS' }
        $moduleFiles | Should -Not -Contain 'FeatureLearning.PowerShell.deps.json'
        @($moduleFiles | Where-Object { $_ -like '*.pdb' }).Count | Should -Be 0
    }

    It 'holds every assembly the module references, directly or through a dependency, that PowerShell does not bring' {
        $platform = @([AppContext]::GetData('TRUSTED_PLATFORM_ASSEMBLIES') -split [IO.Path]::PathSeparator | ForEach-Object { [IO.Path]::GetFileNameWithoutExtension($_) })
        $shipped = @{}
        foreach ($assembly in $stagedAssemblies) { $shipped[$assembly.Name] = $assembly }
        $missing = [System.Collections.Generic.List[string]]::new()
        $queue = [System.Collections.Generic.Queue[string]]::new(); $queue.Enqueue('FeatureLearning.PowerShell')
        $visited = [System.Collections.Generic.HashSet[string]]::new()
        while ($queue.Count) {
            $name = $queue.Dequeue()
            if (-not $visited.Add($name)) { continue }
            if ($shipped.ContainsKey($name)) { foreach ($reference in $shipped[$name].References) { $queue.Enqueue($reference) } }
            elseif ($name -notin $platform) { $missing.Add($name) }
        }
        $missing | Should -BeNullOrEmpty
        foreach ($file in $stagedAssemblies) { $moduleFiles | Should -Contain "$($file.Name).dll" }
    }

    It '<platform>: holds every native library the assemblies call, built for <platform>' -ForEach $platforms {
        $needed = @($stagedAssemblies.PInvoke | Where-Object { $_ -and $_ -notin $systemLibraries } | Sort-Object -Unique)
        $needed | Should -Contain 'libSkiaSharp' -Because 'Export-LearningCurvePlot draws through SkiaSharp'
        $present = @($moduleFiles | Where-Object { $_ -like "$platform/*" } | ForEach-Object { Split-Path -Leaf $_ } | Sort-Object)
        # PowerShell's resolver loads <DLL folder>/<platform>/<P/Invoke name><extension>.
        $present | Should -Be @($needed | ForEach-Object { "$_$extension" })
        foreach ($file in $present) {
            $header = Get-NativeArchitecture (Join-Path $staged $platform $file)
            $header.Format | Should -BeLike $format -Because $file
            foreach ($architecture in $architectures) { $header.Architectures | Should -Contain $architecture -Because $file }
        }
    }

    It 'matches the file list in docs/packaging.md' {
        $doc = Get-Content (Join-Path $RepoRoot 'docs' 'packaging.md') -Raw
        $block = [regex]::Match($doc, '(?s)<!-- package-files:start -->\s*```text\s*(.*?)```\s*<!-- package-files:end -->')
        $block.Success | Should -BeTrue -Because 'docs/packaging.md lists the files between package-files markers'
        $listed = @($block.Groups[1].Value -split '\r?\n' | ForEach-Object { ($_ -replace '\s+\(.*$', '').Trim() } | Where-Object { $_ } | Sort-Object)
        $listed | Should -Be $moduleFiles
    }
}

Describe 'Installed by name through PSResourceGet' {
    BeforeAll {
        $script:sandbox = Join-Path ([IO.Path]::GetTempPath()) "fl-install-$PID"
        Remove-Item $sandbox -Recurse -Force -ErrorAction Ignore
        $script:feed = (New-Item -ItemType Directory -Force (Join-Path $sandbox 'feed')).FullName
        $script:userHome = (New-Item -ItemType Directory -Force (Join-Path $sandbox 'home')).FullName
        $script:work = (New-Item -ItemType Directory -Force (Join-Path $sandbox 'work')).FullName
        $script:savedModules = Join-Path $sandbox 'modules'

        # A pwsh whose profile is the sandbox: on Linux and macOS the user's module path, PSResourceGet's repository
        # list and its CurrentUser installs all live under HOME. Windows keeps them in the real profile's known folders,
        # so there the test saves the module into a folder of its own and puts that on PSModulePath instead.
        function Invoke-SandboxPwsh([string]$Script, [string[]]$Arguments, [string]$UserHome = $userHome) {
            $file = Join-Path $sandbox "step-$([guid]::NewGuid().ToString('n')).ps1"
            Set-Content -Path $file -Value $Script
            $start = [Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME 'pwsh'))
            foreach ($argument in @('-NoProfile', '-NonInteractive', '-File', $file) + $Arguments) { $start.ArgumentList.Add($argument) }
            $start.WorkingDirectory = $work
            $start.RedirectStandardOutput = $true; $start.RedirectStandardError = $true; $start.UseShellExecute = $false
            [void]$start.Environment.Remove('PSModulePath')
            if ($IsWindows) { $start.Environment['PSModulePath'] = $savedModules }
            else {
                $start.Environment['HOME'] = $UserHome
                foreach ($xdg in 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME') { [void]$start.Environment.Remove($xdg) }
            }
            $start.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
            $start.Environment['POWERSHELL_UPDATECHECK'] = 'Off'
            $process = [Diagnostics.Process]::Start($start)
            $stderr = $process.StandardError.ReadToEndAsync()
            $stdout = $process.StandardOutput.ReadToEnd()
            $process.WaitForExit()
            if ($process.ExitCode -ne 0) { throw "pwsh step failed ($($process.ExitCode)):`n$stdout`n$($stderr.Result)" }
            ($stdout -split '\r?\n' | Where-Object { $_ } | Select-Object -Last 1) | ConvertFrom-Json
        }

        $script:install = Invoke-SandboxPwsh -Arguments $feed, $nupkg, $savedModules -Script ({
            param($Feed, $Package, $SavedModules)
            $ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'
            Register-PSResourceRepository -Name FeatureLearningTest -Uri $Feed -Trusted
            try {
                Publish-PSResource -NupkgPath $Package -Repository FeatureLearningTest
                $found = Find-PSResource -Name FeatureLearning -Repository FeatureLearningTest
                if ($IsWindows) {
                    New-Item -ItemType Directory -Force $SavedModules | Out-Null
                    Save-PSResource -Name FeatureLearning -Repository FeatureLearningTest -Path $SavedModules -IncludeXml
                    $installed = Get-InstalledPSResource -Name FeatureLearning -Path $SavedModules
                }
                else {
                    Install-PSResource -Name FeatureLearning -Repository FeatureLearningTest -Scope CurrentUser
                    $installed = Get-InstalledPSResource -Name FeatureLearning -Scope CurrentUser
                }
            }
            finally { if ($IsWindows) { Unregister-PSResourceRepository -Name FeatureLearningTest } }
            [pscustomobject]@{ Found = "$($found.Version)"; Version = "$($installed.Version)"; Location = $installed.InstalledLocation } | ConvertTo-Json -Compress
        }.ToString())

        $script:workbook = Join-Path $work 'kernel-ridge.xlsx'
        $script:plot = Join-Path $work 'kernel-ridge.png'
        $script:use = Invoke-SandboxPwsh -Arguments $workbook, $plot -Script ({
            param($Workbook, $Plot)
            $ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'
            Import-Module FeatureLearning
            $module = Get-Module FeatureLearning
            $fits = foreach ($n in 100, 200, 400) {
                foreach ($seed in 1, 2) { New-GaussianMixture -Dimension 20 -Samples $n -Seed $seed | Invoke-KernelRidge -Seed $seed -TestSamples 500 }
            }
            $fits | Export-LearningCurveReport -Path $Workbook -X N -Y TestError -Series Learner
            $fits | Export-LearningCurvePlot -Path $Plot -X N -Y TestError -Series Learner
            $help = Get-Help Invoke-KernelRidge -Full
            [pscustomobject]@{
                ModuleBase = $module.ModuleBase; Version = "$($module.Version)"; WorkingDirectory = (Get-Location).Path
                ModulePath = $env:PSModulePath
                Fits       = @($fits | Select-Object N, Seed, TestError)
                Natives    = @((Get-Process -Id $PID).Modules | Where-Object ModuleName -Like '*SkiaSharp*' | ForEach-Object FileName | Sort-Object -Unique)
                Synopsis   = "$($help.Synopsis)"; Examples = @($help.Examples.Example).Count
                About      = (Get-Help about_FeatureLearning | Out-String)
            } | ConvertTo-Json -Compress -Depth 4
        }.ToString())
        $script:python = Find-OpenPyxl
    }
    AfterAll { Remove-Item $sandbox -Recurse -Force -ErrorAction SilentlyContinue }

    It 'Install-PSResource finds the package in a registered local repository and installs it into the user''s modules' {
        $install.Found | Should -Be $version
        $install.Version | Should -Be $version
        if ($IsWindows) { $install.Location | Should -BeLike "$savedModules*" }
        else { $install.Location | Should -BeLike "$userHome*" }
        Join-Path $install.Location 'FeatureLearning' $version 'FeatureLearning.psd1' | Should -Exist
    }

    It 'a fresh pwsh started outside the repository imports it by name from there' {
        $use.WorkingDirectory | Should -Not -BeLike "$RepoRoot*"
        $use.ModuleBase | Should -Be (Join-Path $install.Location 'FeatureLearning' $version)
        $use.Version | Should -Be $version
        $use.ModulePath | Should -Not -BeLike "*$RepoRoot*"
    }

    It 'runs data -> kernel ridge -> workbook, and the workbook holds every fit' {
        $use.Fits.Count | Should -Be 6
        $workbook | Should -Exist
        if (-not $python) { Set-ItResult -Skipped -Because 'python3 with openpyxl is not available; the workbook could not be read back'; return }
        $read = & $python -c @'
import json, sys, openpyxl
sheet = openpyxl.load_workbook(sys.argv[1])["Results"]
rows = [list(r) for r in sheet.iter_rows(values_only=True)]
print(json.dumps(rows))
'@ $workbook | ConvertFrom-Json
        $read.Count | Should -Be 7
        $header = @($read[0])
        foreach ($i in 0..5) {
            $row = $read[$i + 1]
            $row[$header.IndexOf('N')] | Should -Be $use.Fits[$i].N
            $row[$header.IndexOf('Seed')] | Should -Be $use.Fits[$i].Seed
            $row[$header.IndexOf('TestError')] | Should -Be $use.Fits[$i].TestError
        }
    }

    It 'draws the plot with the native library from the module''s own platform folder' {
        $bytes = [IO.File]::ReadAllBytes($plot)
        $bytes[0..7] | Should -Be @(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) # PNG signature
        $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
        $folder = Join-Path $use.ModuleBase "$os-$([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant())"
        $use.Natives | Where-Object { $_ -like '*libSkiaSharp*' } | Should -Be @(Join-Path $folder "libSkiaSharp$(if ($IsWindows) { '.dll' } elseif ($IsMacOS) { '.dylib' } else { '.so' })")
    }

    It 'has its help and about topic when imported by name' {
        $use.Synopsis | Should -Match 'kernel ridge'
        $use.Examples | Should -BeGreaterOrEqual 2
        $use.About | Should -Match 'XOR-LIKE GAUSSIAN MIXTURES'
    }

    It 'PowerShellGet 2 (Register-PSRepository, Install-Module) installs the same package' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'PowerShellGet 2 keeps its repositories in the real profile on Windows'; return }
        $otherHome = (New-Item -ItemType Directory -Force (Join-Path $sandbox 'home-powershellget')).FullName
        $installed = Invoke-SandboxPwsh -UserHome $otherHome -Arguments $feed -Script ({
                param($Feed)
                $ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'
                Import-Module PowerShellGet -MaximumVersion 2.99
                Register-PSRepository -Name FeatureLearningFolder -SourceLocation $Feed -InstallationPolicy Trusted
                Install-Module -Name FeatureLearning -Repository FeatureLearningFolder -Scope CurrentUser
                $module = Import-Module FeatureLearning -PassThru
                [pscustomobject]@{ PowerShellGet = "$((Get-Module PowerShellGet).Version)"; Version = "$($module.Version)"; ModuleBase = $module.ModuleBase } | ConvertTo-Json -Compress
            }.ToString())
        $installed.PowerShellGet | Should -BeLike '2.*'
        $installed.Version | Should -Be $version
        $installed.ModuleBase | Should -BeLike "$otherHome*"
    }
}
