namespace FeatureLearning.Core.Learning;

/// <summary>Every learner the module has, by the name Compare-Learner, New-SweepPlan and result rows use.</summary>
public enum LearnerName
{
    TwoLayerNet,
    RandomFeatures,
    KernelRidge,
    TwoPhaseNetwork,
    OneStepNetwork,
    SpikedRandomFeatures,
    WideReluNetwork,
    TangentKernelRidge,
    ParityNetwork,
}
