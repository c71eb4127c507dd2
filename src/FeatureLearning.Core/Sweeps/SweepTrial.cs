namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// One independent unit of a sweep, fully determined by its description: learner <see cref="Learner"/> (an index into
/// the plan's learners) fitted with <see cref="Seed"/> on the first <see cref="N"/> rows of a training set of
/// <see cref="TrainingPool"/> samples drawn with that seed (as Compare-Learner draws once at the largest n per seed).
/// </summary>
public sealed record SweepTrial(int Id, int Learner, int N, long Seed, int TrainingPool);
