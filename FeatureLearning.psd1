@{
    # Binary module built by `dotnet build FeatureLearning.sln -c Release`.
    RootModule           = 'src/FeatureLearning.PowerShell/bin/Release/net10.0/FeatureLearning.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0c4c55-0f1e-4f55-9a53-3d3b6c2f5a10'
    Author               = 'FeatureLearning developers'
    CompanyName          = 'FeatureLearning'
    Copyright            = '(c) FeatureLearning developers. MIT licence.'
    Description          = 'Reproduce when two-layer neural networks learn features that kernel methods and random features cannot: datasets, learners, theory and Excel reports as PowerShell cmdlets.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('module/FeatureLearning.Format.ps1xml')
    CmdletsToExport      = @(
        'New-GaussianMixture'
        'Invoke-TwoLayerNet'
        'Invoke-RandomFeatures'
        'Invoke-KernelRidge'
        'Get-BayesOptimalError'
        'Compare-Learner'
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
            Tags       = @('MachineLearning', 'LearningTheory', 'NeuralNetworks', 'Kernels')
            ProjectUri = ''
        }
    }
}
