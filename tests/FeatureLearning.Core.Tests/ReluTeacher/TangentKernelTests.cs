using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.ReluTeacher;

namespace FeatureLearning.Core.Tests.ReluTeacher;

/// <summary>
/// The closed forms K1 + s·K0 (NTK) and K1 (NNGP) against the empirical kernel of a random net in the NTK parametrisation.
/// The empirical kernel is a mean over m i.i.d. units, so it deviates from its limit by a Monte Carlo error of
/// sd(c_j)/√m. Errors are measured relative to the kernel's scale √(Θ(x,x)Θ(x',x')) (the NTK changes sign at obtuse
/// angles, so a ratio to Θ(x,x') itself is undefined near the sign change). Per unit the sd is about 0.5 (orthogonal
/// inputs) to 1 (correlated inputs) of that scale, i.e. 0.35–0.7% at m = 20000, so 1% there is only 1.5–3 standard errors.
/// The tests therefore check (a) at m = 20000 that every pair lies within 4.5 of its own standard errors, and (b) at a
/// width where 1% is at least 4 standard errors (asserted in the test, so the check cannot lose its power unnoticed) that
/// every pair lies within 1%.
/// </summary>
public class TangentKernelTests
{
    private static Dataset Inputs(int d, int n, long seed) =>
        ((IDataGenerator)new AbsTeacherGenerator(d, TeacherWeightKind.Uniform, 0, seed)).Sample(n, new Rng(seed));

    [Fact]
    public void Closed_form_NTK_and_NNGP_lie_within_Monte_Carlo_error_of_a_random_net_of_width_20000()
    {
        var data = Inputs(16, 200, 1);
        var net = WideReluNet.RandomNtk(16, 20000, seed: 2);
        var (ra, rw) = EmpiricalTangentKernel.NtkRates(net);
        var rows = TangentKernelComparison.Compare(net, data, 20, 3, ra, rw);
        Assert.All(rows, r =>
        {
            // 20 pairs × P(|Z| > 4.5) ≈ 1.4e-4: a failure means the closed form is off, not bad luck.
            Assert.True(Math.Abs(r.ZScore) < 4.5, $"pair {r.Pair}: NTK {r.EmpiricalNtk:G5} vs {r.ClosedFormNtk:G5}, z = {r.ZScore:F2}");
            Assert.True(Math.Abs(r.EmpiricalNngp - r.ClosedFormNngp) < 4.5 * r.NngpStandardError, $"pair {r.Pair}: NNGP");
        });
    }

    [Fact]
    public void Closed_form_NTK_and_NNGP_match_a_random_net_within_one_percent_where_one_percent_is_four_standard_errors()
    {
        var data = Inputs(16, 200, 4);
        var net = WideReluNet.RandomNtk(16, 200_000, seed: 5);
        var (ra, rw) = EmpiricalTangentKernel.NtkRates(net);
        foreach (var r in TangentKernelComparison.Compare(net, data, 20, 6, ra, rw))
        {
            Assert.True(r.RelativeStandardError <= 0.0025, $"pair {r.Pair}: the test lacks power (SE {r.RelativeStandardError:P2})");
            Assert.True(r.NngpStandardError <= 0.0025 * r.Scale, $"pair {r.Pair}: the test lacks power for the NNGP part");
            Assert.InRange(r.RelativeError, -0.01, 0.01);
            Assert.InRange((r.EmpiricalNngp - r.ClosedFormNngp) / r.Scale, -0.01, 0.01);
        }
    }

    [Fact]
    public void Kernel_matrix_equals_the_pairwise_kernel()
    {
        var data = Inputs(6, 9, 7);
        var net = WideReluNet.RandomNtk(6, 300, seed: 8);
        var k = new double[9 * 9];
        EmpiricalTangentKernel.Matrix(net, data.X, 9, data.X, 9, 0.3, 0.7, k);
        for (int i = 0; i < 9; i++)
            for (int j = 0; j < 9; j++)
            {
                double expected = EmpiricalTangentKernel.Pair(net, data.Row(i), data.Row(j), 0.3, 0.7).Value;
                Assert.Equal(expected, k[i * 9 + j], 1e-12 * Math.Max(1, Math.Abs(expected)));
            }
    }

    [Fact]
    public void Tangent_kernel_is_the_inner_product_of_finite_difference_parameter_gradients()
    {
        var data = Inputs(3, 2, 9);
        var net = WideReluNet.RandomNtk(3, 7, seed: 10);
        double[] Gradient(int row)
        {
            var one = new Dataset(data.Row(row).ToArray(), new[] { 0.0 }, 3, null);
            var f = new double[1];
            var grad = new List<double>();
            foreach (var p in new[] { net.A, net.W })
                for (int k = 0; k < p.Length; k++)
                {
                    double keep = p[k], h = 1e-6;
                    p[k] = keep + h; net.Predict(one, f); double up = f[0];
                    p[k] = keep - h; net.Predict(one, f); double down = f[0];
                    p[k] = keep;
                    grad.Add((up - down) / (2 * h));
                }
            return grad.ToArray();
        }
        var g0 = Gradient(0); var g1 = Gradient(1);
        Assert.Equal(DenseMath.Dot(g0, g1), EmpiricalTangentKernel.Pair(net, data.Row(0), data.Row(1), 1, 1).Value, 7);
        // NTK parametrisation: rates 1/m on the a-block, 1/d on the W-block.
        double scaled = DenseMath.Dot(g0.AsSpan(0, 7), g1.AsSpan(0, 7)) / 7 + DenseMath.Dot(g0.AsSpan(7), g1.AsSpan(7)) / 3;
        var (ra, rw) = EmpiricalTangentKernel.NtkRates(net);
        Assert.Equal(scaled, EmpiricalTangentKernel.Pair(net, data.Row(0), data.Row(1), ra, rw).Value, 7);
    }

    [Fact]
    public void Closed_form_is_the_existing_kernel_of_Invoke_KernelRidge()
    {
        var data = Inputs(5, 4, 11);
        var rows = TangentKernelComparison.Compare(WideReluNet.RandomNtk(5, 10, 1), data, 3, 1, 0.1, 0.2);
        foreach (var r in rows)
        {
            double aa = DenseMath.Dot(data.Row(r.I - 1), data.Row(r.I - 1)) / 5, bb = DenseMath.Dot(data.Row(r.J - 1), data.Row(r.J - 1)) / 5;
            Assert.Equal(new KernelSpec(KernelKind.Ntk).Value(r.S, aa, bb), r.ClosedFormNtk, 15);
            Assert.Equal(new KernelSpec(KernelKind.ArcCosine).Value(r.S, aa, bb), r.ClosedFormNngp, 15);
        }
    }
}

public class TangentKernelRidgeTests
{
    private static (Dataset Train, Dataset Test, AbsTeacherGenerator Task) Data(int d, int n, long seed)
    {
        var g = new AbsTeacherGenerator(d, TeacherWeightKind.Uniform, 0, seed);
        return (((IDataGenerator)g).Sample(n, new Rng(seed)), ((IDataGenerator)g).Sample(300, new Rng(seed + 1)), g);
    }

    private static double[] Predictions(FeatureLearning.Core.Learners.IModel model, Dataset test)
    {
        var f = new double[test.Count];
        model.Predict(test, f);
        return f;
    }

    private static double RelativeRms(double[] a, double[] b) =>
        Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum() / b.Sum(y => y * y));

    [Fact]
    public void Random_net_tangent_kernel_ridge_converges_to_closed_form_NTK_ridge_as_the_width_grows()
    {
        var (train, test, _) = Data(8, 300, 1);
        const double ridge = 3.0;   // ρ = 0.01: a well-conditioned solve, so predictions follow the kernel smoothly
        var closed = Predictions(KernelRidgeLearner.Fit(train, new KernelSpec(KernelKind.Ntk), ridge), test);
        double Difference(int m)
        {
            var net = WideReluNet.RandomNtk(8, m, seed: 2);
            var (ra, rw) = EmpiricalTangentKernel.NtkRates(net);
            return RelativeRms(Predictions(TangentKernelRidge.Fit(train, net, ra, rw, ridge), test), closed);
        }
        double narrow = Difference(1000), wide = Difference(40000);
        // The kernel's Monte Carlo error falls as m^{-1/2}: 40× the width should shrink the difference about 6×.
        Assert.True(wide < narrow / 3, $"m = 1000: {narrow:G3}, m = 40000: {wide:G3}");
        Assert.True(wide < 0.02, $"m = 40000: {wide:G3}");
    }

    [Fact]
    public void The_tangent_kernel_of_a_trained_net_fits_the_teacher_below_the_kernel_floor()
    {
        const int d = 8;
        var (_, test, g) = Data(d, 10, 10);
        var train = ((IDataGenerator)g).Sample(1024, Rng.ForStream(10, 1));
        var fit = WideReluTrainer.Fit(train, new WideReluOptions
        {
            Width = 128, Algorithm = WideReluAlgorithm.Adam, LearningRate = 0.002, InitScale = 0.01, Epochs = 60, BatchSize = 64, Seed = 10,
            HistoryPoints = 1, MonitorSamples = 0,
        });
        var model = TangentKernelRidge.Fit(train, fit.Net, 1, 1, null);
        double mse = Predictions(model, test).Zip(test.Y, (f, y) => (f - y) * (f - y)).Average();
        Assert.True(mse < 0.2 * g.KernelFloorMse, $"d·MSE {d * mse:G3}");
    }

    [Fact]
    public void Bad_ridge_or_rates_are_rejected()
    {
        var (train, test, _) = Data(4, 30, 3);
        var net = WideReluNet.RandomNtk(4, 50, 1);
        Assert.Equal("FeatureLearning.InvalidHyperParameter",
            Assert.Throws<FeatureLearningException>(() => TangentKernelRidge.Fit(train, net, 1, 1, double.NaN)).ErrorId);
        Assert.Equal("FeatureLearning.InvalidHyperParameter",
            Assert.Throws<FeatureLearningException>(() => TangentKernelRidge.Fit(train, net, 0, 0, 1)).ErrorId);
    }
}
