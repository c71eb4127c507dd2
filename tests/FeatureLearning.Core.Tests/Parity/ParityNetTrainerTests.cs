using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Parity;
using FeatureLearning.Core.Persistence;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests.Parity;

public class ParityNetTrainerTests
{
    private static Dataset Draw(int bits, int k, ParityDistribution distribution, int count, long seed = 1)
    {
        IDataGenerator g = new SparseParityGenerator(bits, k, distribution, 0, seed);
        var d = g.Sample(count, Rng.ForStream(seed, 1));
        return new Dataset(d.X, d.Y, bits, g, seed);
    }

    [Theory]
    [InlineData(ParityLoss.Hinge)]
    [InlineData(ParityLoss.Logistic)]
    public void Gradient_matches_finite_differences(ParityLoss loss)
    {
        int d = 5, q = 4;
        var rng = new Rng(8);
        var w = new double[q * d]; var b = new double[q]; var u = new double[q]; var x = new double[d];
        rng.FillGaussian(w, 0.5); rng.FillGaussian(b, 0.5); rng.FillGaussian(u); rng.FillGaussian(x);
        double y = -1;
        var gW = new double[q * d]; var gB = new double[q]; var gU = new double[q]; var pre = new double[q];
        ParityNetTrainer.AccumulateGradient(x, y, w, b, u, d, loss, pre, gW, gB, gU);
        double Loss()
        {
            var m = new ParityNetModel(q, d, w, b, u);
            return ParityNetTrainer.LossAndSlope(y * m.Output(x, new double[q]), loss, out _);
        }
        const double h = 1e-6;
        void Check(double[] p, double[] g)
        {
            for (int i = 0; i < p.Length; i++)
            {
                double keep = p[i];
                p[i] = keep + h; double up = Loss();
                p[i] = keep - h; double down = Loss();
                p[i] = keep;
                Assert.Equal((up - down) / (2 * h), g[i], 5);
            }
        }
        Check(w, gW); Check(b, gB); Check(u, gU);
    }

    [Fact]
    public void TwoPhase_on_the_mixture_finds_the_subset_and_learns_the_parity_on_the_uniform_half()
    {
        var train = Draw(20, 3, ParityDistribution.Mixture, 1000);
        var fit = ParityNetTrainer.Fit(train, new ParityNetOptions { Width = 256, Steps = 1000, MonitorSamples = 0, Seed = 2 });
        var task = (SparseParityGenerator)train.Generator!;
        Assert.True(fit.Model.SubsetMass(task.Subset) > 0.9, $"subset mass {fit.Model.SubsetMass(task.Subset)} (k/n = 0.15)");
        var accuracy = ParityAccuracy.Measure(fit.Model, task, 4000, 3);
        Assert.True(accuracy.Uniform > 0.95, $"uniform-half accuracy {accuracy.Uniform}");
        Assert.True(accuracy.Overall > 0.95, $"accuracy {accuracy.Overall}");
    }

    [Fact]
    public void TwoPhase_under_uniform_inputs_gets_no_signal_on_the_subset()
    {
        // E[y x_i] = 0 for every bit when k ≥ 2: the first step puts only ~k/n of its mass on A.
        var train = Draw(20, 3, ParityDistribution.Uniform, 1000);
        var fit = ParityNetTrainer.Fit(train, new ParityNetOptions { Width = 256, Steps = 200, MonitorSamples = 0, Seed = 2 });
        var task = (SparseParityGenerator)train.Generator!;
        Assert.True(fit.Model.SubsetMass(task.Subset) < 0.4, $"subset mass {fit.Model.SubsetMass(task.Subset)}");
        Assert.True(ParityAccuracy.Measure(fit.Model, task, 4000, 3).Overall < 0.6);
    }

    [Fact]
    public void Adam_reduces_the_loss_and_same_seed_gives_the_same_weights()
    {
        var train = Draw(10, 3, ParityDistribution.Mixture, 500);
        var options = new ParityNetOptions { Width = 32, Algorithm = ParityAlgorithm.Adam, Loss = ParityLoss.Logistic, Steps = 300, MonitorSamples = 500, HistoryPoints = 10, Seed = 4 };
        var a = ParityNetTrainer.Fit(train, options);
        var b = ParityNetTrainer.Fit(train, options);
        Assert.Equal(a.Model.W, b.Model.W);
        Assert.Equal(a.Model.U, b.Model.U);
        Assert.True(a.History[^1].TrainLoss < a.History[1].TrainLoss);
        Assert.True(a.History[^1].MonitorAccuracy > a.History[0].MonitorAccuracy);
    }
}
