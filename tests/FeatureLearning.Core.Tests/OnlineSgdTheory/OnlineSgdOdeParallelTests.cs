using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Theory.OnlineSgd;

namespace FeatureLearning.Core.Tests.OnlineSgdTheory;

public class OnlineSgdOdeParallelTests
{
    [Fact]
    public void The_chunked_Monte_Carlo_sums_do_not_depend_on_the_thread_count()
    {
        // 2500 samples: two full chunks of 1024 and a partial one.
        var gen = new GaussianMixtureGenerator(100, 4, MixtureKind.Xor, seed: 3);
        var start = OrderParameters.FromInitialisation(gen, new TwoLayerNetOptions { Hidden = 3, Seed = 4 });
        IReadOnlyList<TrainingRecord> Run(int threads)
        {
            using var limit = Parallelism.Limit(threads);
            return new OnlineSgdOde(new OnlineSgdOdeOptions { Time = 4, Points = 3, MonteCarloSamples = 2500, Seed = 1 }, 3).Integrate(start);
        }
        var one = Run(1);
        var two = Run(2);
        for (int p = 0; p < one.Count; p++)
        {
            Assert.Equal(one[p].Q, two[p].Q);
            Assert.Equal(one[p].R, two[p].R);
            Assert.Equal(one[p].TestError, two[p].TestError);
        }
    }
}
