using System.Reflection;

namespace FeatureLearning.Core.Random;

/// <summary>
/// Every random stream of the library, by name, in one place: <c>Rng.ForStream(seed, RandomStreams.X)</c>. Task streams
/// (what a task is and the data drawn from it), trial streams, learner streams and theory streams have distinct labels,
/// so a task and a learner given the same seed never share numbers. A test checks that no two names share a value.
/// Values that did not collide keep their historical labels, so results published before the registry are unchanged.
/// </summary>
public static class RandomStreams
{
    // ---- Task streams: seeded by the task's own seed ------------------------------------------------------------
    /// <summary>The task's hidden structure: mixture directions, the single-index θ, the multi-index U, the parity
    /// subset A, the teacher's W*.</summary>
    public const long TaskStructure = 0;

    /// <summary>The teacher's random second layer a (−Weights Random).</summary>
    public const long TeacherOutputWeights = 2;

    /// <summary>Multi-index heads: head h of a seed draws its coefficients from <c>MultiIndexHead + h</c>.</summary>
    public const long MultiIndexHead = 1L << 40;

    // ---- Data streams -------------------------------------------------------------------------------------------
    /// <summary>The samples a New-* cmdlet draws with its -Seed (multi-index head h: <see cref="DatasetForHead"/>).</summary>
    public const long Dataset = 1;

    /// <summary>A trial's training pool (Compare-Learner, sweeps): drawn once per seed at the largest n, cut to each n.</summary>
    public const long TrialTrainingPool = 100;

    /// <summary>A trial's test set, shared by every learner and n of a seed.</summary>
    public const long TrialTestSet = 101;

    /// <summary>The fresh test set of a single fit (Invoke-* cmdlets), seeded by the fit's -Seed.</summary>
    public const long FitTestSet = 1000;

    /// <summary>Task measures on fresh samples: the parity task's overall, uniform-half and structured-half accuracy.</summary>
    public const long ParityOverallMeasure = 2001, ParityUniformMeasure = 2002, ParityStructuredMeasure = 2003;

    // ---- Learner streams: seeded by the fit's seed --------------------------------------------------------------
    public const long TwoLayerNetInit = 10, TwoLayerNetMonitor = 11, TwoLayerNetOrder = 12, TwoLayerNetOnlineSamples = 13;

    public const long RandomFeaturesProjection = 20;

    public const long OneStepInit = 30, OneStepFirstBatch = 31, SpikeDirection = 32, OneStepPowerIteration = 33;

    /// <summary>Two-phase net: symmetric init and phase-2 biases (were 40, 41, the ODE's Monte Carlo labels).</summary>
    public const long TwoPhaseInit = 44, TwoPhaseBiases = 45;

    public const long NystromCentres = 50;

    public const long RandomNtkNetwork = 60;

    public const long WideReluInit = 70, WideReluMonitor = 71, WideReluShuffle = 72;

    public const long TangentKernelPairs = 80;

    /// <summary>Parity net initialisation and batches (was 0, the task's subset stream).</summary>
    public const long ParityNetInit = 90;

    public const long ParityNetMonitor = 500;

    // ---- Theory streams: seeded by the theory call's seed -------------------------------------------------------
    public const long OdeMonteCarlo = 40, OdeEvaluation = 41;

    /// <summary>Ensemble ODE: member m's initial overlaps from <c>OdeEnsembleInitial + m</c>, its SGD noise from
    /// <c>OdeEnsembleNoise + m</c> (ranges of 2^20 members, far from every named stream).</summary>
    public const long OdeEnsembleInitial = 1L << 41, OdeEnsembleNoise = (1L << 41) + (1L << 20);

    /// <summary>The New-* draw of multi-index head h (head 0 is <see cref="Dataset"/>, as before the registry).</summary>
    public static long DatasetForHead(int head) => head == 0 ? Dataset : MultiIndexHead + (1L << 20) + head;

    /// <summary>Every named stream with its value (for the distinctness test and for documentation).</summary>
    public static IReadOnlyList<KeyValuePair<string, long>> All() =>
        typeof(RandomStreams).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(long))
            .Select(f => new KeyValuePair<string, long>(f.Name, (long)f.GetRawConstantValue()!))
            .ToList();
}
