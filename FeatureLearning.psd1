@{
    # The source of truth for the module's metadata. From the repository root it loads the Release build for
    # development; `build.ps1 -Task Package` stages out/FeatureLearning/<version>/ with a copy of this manifest whose
    # file paths (RootModule, FormatsToProcess) are made relative to that folder (tools/Build-ModuleFolder.ps1).
    RootModule           = 'src/FeatureLearning.PowerShell/bin/Release/net10.0/FeatureLearning.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0c4c55-0f1e-4f55-9a53-3d3b6c2f5a10'
    Author               = 'FeatureLearning developers'
    CompanyName          = 'FeatureLearning'
    Copyright            = '(c) FeatureLearning developers. MIT licence.'
    Description          = 'Reproduce when two-layer neural networks learn features that kernel methods and random features cannot: datasets, learners, theory and Excel reports as PowerShell cmdlets.'
    # The assemblies target .NET 10, which PowerShell loads from 7.6 on (7.4 runs on .NET 8, 7.5 on .NET 9);
    # tests/Pester/Package.Tests.ps1 checks this against the DLL's target framework (docs/packaging.md).
    PowerShellVersion    = '7.6'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('module/FeatureLearning.Format.ps1xml')
    CmdletsToExport      = @(
        'New-GaussianMixture'
        'Invoke-TwoLayerNet'
        'Invoke-RandomFeatures'
        'Invoke-KernelRidge'
        'Get-BayesOptimalError'
        'Compare-Learner'
        'Measure-RidgePath'
        'Get-TrainingHistory'
        'ConvertTo-Dataset'
        'Export-Dataset'
        'Import-Dataset'
        'Export-TrainedModel'
        'Import-TrainedModel'
        'Export-LearningCurveReport'
        'Export-LearningCurvePlot'
        'New-MultiIndexTask'
        'Invoke-TwoPhaseNetwork'
        'Get-LearnedFeatures'
        'New-SweepPlan'
        'Invoke-Sweep'
        'Submit-Sweep'
        'Receive-Sweep'
        'New-SparseParity'
        'Invoke-ParityNetwork'
        'Measure-ParityAccuracy'
        'Get-TwoLayerNetTheory'
        'New-SingleIndexTask'
        'Invoke-OneStepNetwork'
        'Invoke-SpikedRandomFeatures'
        'Get-SpikedRandomFeaturesTheory'
        'New-AbsTeacherTask'
        'Invoke-WideReluNetwork'
        'Measure-TeacherAlignment'
        'Measure-TangentKernel'
        'Invoke-TangentKernelRidge'
    )
    AliasesToExport      = @(
        'Train-TwoLayerNet'
        'Invoke-OnlineSgdOde'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('MachineLearning', 'LearningTheory', 'NeuralNetworks', 'KernelMethods', 'RandomFeatures',
                             'Reproducibility', 'Science', 'Excel', 'Windows', 'Linux', 'MacOS', 'PSEdition_Core')
            ReleaseNotes = 'First packaged release. Cmdlets for five learning-theory results (XOR Gaussian mixtures and the online-SGD ODEs, multi-index polynomials, one giant step and spiked random features, the ReLU teacher, sparse parities), sweeps (local and Slurm), Excel workbooks with native charts and PNG/SVG plots. Needs PowerShell 7.6 or later (.NET 10) on Windows x64, Linux x64 or macOS (x64 or arm64).'
            # ProjectUri, LicenseUri, IconUri and HelpInfoURI (module level) are left out until the project has a public
            # address: an invented one would be a dead link on the gallery page. The licence ships in the package
            # (LICENSE.txt) and so does the help (en-US/); see docs/packaging.md.
        }
    }
}
