using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Theory.OnlineSgd;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Theory;

/// <summary>
/// <para type="synopsis">Integrates the ODEs of online SGD for a two-layer net on a Gaussian mixture and emits the predicted learning curve (alias Invoke-OnlineSgdOde).</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "TwoLayerNetTheory", DefaultParameterSetName = "Data")]
[Alias("Invoke-OnlineSgdOde")]
[OutputType(typeof(PSObject))]
public sealed class GetTwoLayerNetTheoryCommand : FeatureLearningCmdlet
{
    /// <summary>The dataset whose generator (snr, kind, d, directions) the simulation trains on.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0, ParameterSetName = "Data")]
    public Dataset Data { get; set; } = null!;

    /// <summary>snr = m² with unit noise (default 4 when neither -Snr nor -Noise is given).</summary>
    [Parameter(ParameterSetName = "Mixture")]
    public double? Snr { get; set; }

    /// <summary>The paper's noise σ with unit-norm means: the mixture of -Snr 1/σ². Not together with -Snr.</summary>
    [Parameter(ParameterSetName = "Mixture")]
    public double? Noise { get; set; }

    [Parameter(ParameterSetName = "Mixture")]
    public MixtureKind Kind { get; set; } = MixtureKind.Xor;

    /// <summary>
    /// d of the random initial net (the initial overlaps R are of order 1/√d). With -Ensemble it may also be given with
    /// -Data: the members are then drawn at this d instead of the dataset's.
    /// </summary>
    [Parameter]
    [ValidateRange(2, 10_000_000)]
    public int Dimension { get; set; } = 1000;

    /// <summary>
    /// E: integrate the ODE from E initial states drawn as the simulation draws them at dimension d (exact distribution of
    /// R, Q, v of a random init) and emit the members' mean with its spread (TestErrorStd, TestErrorQ10/Median/Q90,
    /// TestLossStd, Members columns). 0: one ODE from the initial state of -Seed (the default).
    /// </summary>
    [Parameter]
    [ValidateRange(0, 100_000)]
    public int Ensemble { get; set; }

    /// <summary>With -Ensemble: add to every step of every member the O(1/√d) fluctuation of its dt·d online-SGD steps.</summary>
    [Parameter]
    public SwitchParameter SgdNoise { get; set; }

    /// <summary>With -Ensemble: also emit every member's curve (Learner 'TheoryMember', Member column).</summary>
    [Parameter]
    public SwitchParameter PassThruMembers { get; set; }

    [Parameter]
    [ValidateRange(1, 1000)]
    public int Hidden { get; set; } = 4;

    [Parameter]
    public Activation Activation { get; set; } = Activation.Relu;

    [Parameter]
    public double LearningRate { get; set; } = 0.5;

    /// <summary>η₂: dv/dt carries η₂ instead of η (as Invoke-TwoLayerNet -SecondLayerLearningRate).</summary>
    [Parameter]
    public double? SecondLayerLearningRate { get; set; }

    [Parameter]
    public double Regularization { get; set; }

    [Parameter]
    public double? SecondLayerRegularization { get; set; }

    /// <summary>Paper: the rates, weight decays and -InitScale are the mixture paper's (unit means, noise σ), as Invoke-TwoLayerNet -Convention.</summary>
    [Parameter]
    public MixtureConvention Convention { get; set; } = MixtureConvention.Module;

    /// <summary>Final time t = steps/d (on the simulation's clock, also after a warm start).</summary>
    [Parameter]
    public double Time { get; set; } = 200;

    /// <summary>dt; default min(0.1, 0.025/η).</summary>
    [Parameter]
    public double Step { get; set; }

    [Parameter]
    [ValidateRange(2, 1_000_000)]
    public int Points { get; set; } = 50;

    [Parameter]
    [ValidateRange(100, 100_000_000)]
    public int MonteCarloSamples { get; set; } = 10_000;

    /// <summary>Independent samples per cluster for the recorded errors (0: reuse the dynamics' samples).</summary>
    [Parameter]
    [ValidateRange(0, 100_000_000)]
    public int EvaluationSamples { get; set; }

    /// <summary>Seed of the initial net (as Invoke-TwoLayerNet -Seed) and of the Monte Carlo samples.</summary>
    [Parameter]
    public int Seed { get; set; }

    /// <summary>Start from this (untrained or trained) two-layer net instead of a random initialisation.</summary>
    [Parameter]
    public TrainedModel? InitialModel { get; set; }

    /// <summary>Start from a Get-TrainingHistory row (its R, Q, v and T): the theory continues a simulation from time T.</summary>
    [Parameter]
    public PSObject? InitialState { get; set; }

    [Parameter]
    public double InitScale { get; set; } = 1.0;

    [Parameter]
    public double SecondLayerInitScale { get; set; } = 1.0;

    [Parameter]
    public double[]? SecondLayer { get; set; }

    [Parameter]
    public SwitchParameter FixedSecondLayer { get; set; }

    [Parameter]
    public OdeMethod Method { get; set; } = OdeMethod.Euler;

    /// <summary>Erf only: closed-form averages for the right-hand side instead of Monte Carlo.</summary>
    [Parameter]
    public SwitchParameter ClosedForm { get; set; }

    protected override void ProcessRecord()
    {
        const string activity = "Integrating the online-SGD ODEs";
        Guard(() =>
        {
            GaussianMixtureGenerator generator;
            if (ParameterSetName == "Data" && Ensemble == 0 && MyInvocation.BoundParameters.ContainsKey(nameof(Dimension)))
                throw new FeatureLearningException("FeatureLearning.ConflictingParameters",
                    "With -Data the dimension is the dataset's; -Dimension only sets the members' d of -Ensemble. Drop -Dimension or add -Ensemble.");
            if (ParameterSetName == "Data")
            {
                generator = Data.Generator as GaussianMixtureGenerator ?? throw new FeatureLearningException("FeatureLearning.NoGenerator",
                    "The ODE theory needs a Gaussian-mixture dataset made by New-GaussianMixture (it reads snr, kind, d and the cluster directions).",
                    ErrorKind.InvalidOperation);
            }
            else
            {
                generator = new GaussianMixtureGenerator(Dimension, MixtureNoise.Resolve(Snr, Noise, defaultSnr: 4), Kind, Seed);
            }
            // The paper's units become ours with the mixture's σ, exactly as the trainer converts them (PaperUnits).
            var rates = Convention == MixtureConvention.Paper
                ? PaperUnits.ToModule(generator.Snr, LearningRate, SecondLayerLearningRate, Regularization, SecondLayerRegularization, InitScale)
                : new ModuleRates(LearningRate, SecondLayerLearningRate ?? LearningRate, Regularization, SecondLayerRegularization ?? Regularization, InitScale);
            OrderParameters initial;
            Activation activation = Activation;
            double startTime = 0;
            if (InitialModel is not null && InitialState is not null)
                throw new FeatureLearningException("FeatureLearning.ConflictingParameters", "Give either -InitialModel or -InitialState, not both.");
            if (InitialState is not null)
            {
                var columns = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in InitialState.Properties)
                    if (property.Value is not null && double.TryParse(Convert.ToString(property.Value, System.Globalization.CultureInfo.InvariantCulture),
                            System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value))
                        columns[property.Name] = value;
                initial = OrderParameters.FromColumns(columns);
                startTime = columns.TryGetValue("T", out double t) && double.IsFinite(t) ? t : 0;
                if (initial.Directions != MixtureCluster.DirectionCount(generator.Kind))
                    throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                        $"-InitialState has {initial.Directions} direction columns but the {generator.Kind} mixture has {MixtureCluster.DirectionCount(generator.Kind)}.");
            }
            else if (InitialModel is not null)
            {
                var net = InitialModel.GetModel() as TwoLayerNet ?? throw new FeatureLearningException("FeatureLearning.WrongModel",
                    $"-InitialModel must be a two-layer net, got a {InitialModel.ToRow().Learner} model.");
                if (net.InputDimension != generator.Dimension)
                    throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                        $"-InitialModel has input dimension {net.InputDimension} but the data has {generator.Dimension}; use data from the same task.");
                initial = OrderParameters.FromNet(net, generator.Directions);
                activation = net.Activation;
            }
            else
            {
                var netOptions = new TwoLayerNetOptions
                {
                    Hidden = Hidden,
                    Activation = Activation,
                    FirstLayerInitScale = rates.FirstLayerInitScale,
                    SecondLayerInitScale = SecondLayerInitScale,
                    SecondLayer = SecondLayer,
                    Seed = Seed,
                };
                initial = OrderParameters.FromInitialisation(generator, netOptions);
            }
            if (Time - startTime <= 0)
                throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter",
                    $"-Time ({Time}) must be later than the start time T = {startTime} of -InitialState.");
            var options = new OnlineSgdOdeOptions
            {
                Kind = generator.Kind,
                Snr = generator.Snr,
                Activation = activation,
                LearningRate = rates.LearningRate,
                SecondLayerLearningRate = rates.SecondLayerLearningRate,
                Regularization = rates.Regularization,
                SecondLayerRegularization = rates.SecondLayerRegularization,
                TrainSecondLayer = !FixedSecondLayer,
                // -Time is the final time on the simulation's clock, also after a warm start at T0.
                Time = Time - startTime,
                Step = MyInvocation.BoundParameters.ContainsKey(nameof(Step)) ? Step : null,
                Points = Points,
                MonteCarloSamples = MonteCarloSamples,
                EvaluationSamples = EvaluationSamples,
                Seed = Seed,
                Method = Method,
                ClosedForm = ClosedForm,
            };
            if (activation == Activation.Erf || ActivationFunctions.IsOdd(activation))
                if (generator.Kind == MixtureKind.Xor)
                    WriteVerbose($"{activation} is odd: a bias-free net predicts f(−x) = −f(x) and stays at error 0.5 on XOR.");
            WriteVerbose($"ODE: K={initial.Hidden} {activation} on {generator.Kind} snr={generator.Snr:G4}, η={options.LearningRate:G4}, η₂={options.SecondRate:G4}, dt={options.EffectiveStep:G3}, N_MC={MonteCarloSamples}.");
            int samples = ParameterSetName == "Data" ? Data.Count : 0;
            if (Ensemble > 0)
            {
                WriteEnsemble(options, initial.Hidden, generator, samples, startTime, activity, rates.FirstLayerInitScale);
                return;
            }
            if (SgdNoise)
                throw new FeatureLearningException("FeatureLearning.ConflictingParameters",
                    "-SgdNoise adds the SGD fluctuation to the members of an ensemble; give -Ensemble <E> with it.");
            var ode = new OnlineSgdOde(options, initial.Hidden);
            var records = ode.Integrate(initial, Context(activity), generator.Dimension, startTime);
            foreach (var record in records)
                WriteObject(TheoryRows.Create("Theory", generator.TaskName, generator.Dimension, samples, Seed, record, generator.BayesError));
            CompleteProgress(activity);
        }, ParameterSetName == "Data" ? Data : null);
    }

    private void WriteEnsemble(OnlineSgdOdeOptions options, int hidden, GaussianMixtureGenerator generator, int samples, double startTime, string activity,
        double firstLayerInitScale)
    {
        if (InitialModel is not null || InitialState is not null)
            throw new FeatureLearningException("FeatureLearning.ConflictingParameters",
                "-Ensemble draws its members' initial states at dimension d; it cannot start from -InitialModel or -InitialState.");
        int dimension = ParameterSetName == "Data" && !MyInvocation.BoundParameters.ContainsKey(nameof(Dimension)) ? generator.Dimension : Dimension;
        var ensemble = new OdeEnsembleOptions
        {
            Members = Ensemble,
            Dimension = dimension,
            Seed = Seed,
            SgdNoise = SgdNoise,
            FirstLayerInitScale = firstLayerInitScale,
            SecondLayerInitScale = SecondLayerInitScale,
            SecondLayer = SecondLayer,
        };
        WriteVerbose($"Ensemble of {Ensemble} ODE runs from initial states drawn at d = {dimension}{(SgdNoise ? ", with the SGD noise of that d" : "")}.");
        var result = OdeEnsemble.Run(options, hidden, ensemble, Context(activity), startTime);
        string learner = SgdNoise ? "TheoryEnsembleNoise" : "TheoryEnsemble";
        if (PassThruMembers)
            for (int m = 0; m < result.Members.Count; m++)
                foreach (var record in result.Members[m])
                {
                    var row = TheoryRows.Create("TheoryMember", generator.TaskName, dimension, samples, Seed, record, generator.BayesError);
                    row.Properties.Add(new PSNoteProperty("Member", m));
                    WriteObject(row);
                }
        foreach (var point in result.Summary)
        {
            var row = TheoryRows.Create(learner, generator.TaskName, dimension, samples, Seed, point.Mean, generator.BayesError);
            row.Properties.Add(new PSNoteProperty("Members", point.Members));
            row.Properties.Add(new PSNoteProperty("TestErrorStd", point.TestErrorStd));
            row.Properties.Add(new PSNoteProperty("TestErrorQ10", point.TestErrorQ10));
            row.Properties.Add(new PSNoteProperty("TestErrorMedian", point.TestErrorMedian));
            row.Properties.Add(new PSNoteProperty("TestErrorQ90", point.TestErrorQ90));
            row.Properties.Add(new PSNoteProperty("TestLossStd", point.TestLossStd));
            WriteObject(row);
        }
        CompleteProgress(activity);
    }
}
