using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.ReluTeacher;

/// <summary>How well teacher direction w*_i is represented: the student unit with the largest |cos(w_j, w*_i)|.</summary>
public sealed record DirectionAlignment(int Direction, double TeacherWeight, double MaxCosine, int BestUnit, double BestUnitOutputWeight);

/// <summary>Which directions a first layer learned: cosines of the rows w_j with the teacher rows w*_i.</summary>
public static class TeacherAlignment
{
    /// <summary>Threshold of the alignment claim: a teacher direction counts as learned when some unit has |cos| above it.</summary>
    public const double LearnedCosine = 0.9;

    /// <summary>
    /// |cos(w_j, w*_i)| for all units j and teacher rows i, as an m×r row-major matrix (zero rows of W give 0). Both signs
    /// count: |z| = ReLU(z) + ReLU(−z), so the teacher is represented by units along +w*_i and −w*_i.
    /// </summary>
    public static double[] AbsCosines(double[] w, int m, int d, IReadOnlyList<double[]> directions, CancellationToken cancel = default)
    {
        int r = directions.Count;
        var unit = new double[(long)m * d];
        for (int j = 0; j < m; j++)
        {
            var row = w.AsSpan(j * d, d);
            double norm = Math.Sqrt(DenseMath.Dot(row, row));
            if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Multiply(row, 1.0 / norm, unit.AsSpan(j * d, d));
        }
        var teacher = new double[(long)r * d];
        for (int i = 0; i < r; i++)
        {
            var v = directions[i];
            double norm = Math.Sqrt(DenseMath.Dot(v, v));
            System.Numerics.Tensors.TensorPrimitives.Multiply(v, norm > 0 ? 1.0 / norm : 0.0, teacher.AsSpan(i * d, d));
        }
        var cos = new double[(long)m * r];
        DenseMath.MultiplyABt(unit, m, d, teacher, r, cos, cancel);
        System.Numerics.Tensors.TensorPrimitives.Abs(cos, cos);
        return cos;
    }

    /// <summary>For each teacher direction, the unit with the largest |cos| (ties: the lowest index).</summary>
    public static DirectionAlignment[] PerDirection(double[] w, double[] a, int d, IReadOnlyList<double[]> directions,
        IReadOnlyList<double>? teacherWeights = null, CancellationToken cancel = default)
    {
        int m = a.Length, r = directions.Count;
        var cos = AbsCosines(w, m, d, directions, cancel);
        var result = new DirectionAlignment[r];
        for (int i = 0; i < r; i++)
        {
            int best = 0;
            for (int j = 1; j < m; j++)
                if (cos[(long)j * r + i] > cos[(long)best * r + i]) best = j;
            var row = w.AsSpan(best * d, d);
            result[i] = new DirectionAlignment(i + 1, teacherWeights?[i] ?? double.NaN, cos[(long)best * r + i], best + 1,
                a[best] * Math.Sqrt(DenseMath.Dot(row, row)));
        }
        return result;
    }

    /// <summary>
    /// Share of the net's output weight Σ_j |a_j|‖w_j‖ carried by units within |cos| &gt; <paramref name="threshold"/> of some
    /// teacher direction: near 0 for a random first layer (for d ≳ 10), near 1 once every unit has found a teacher row.
    /// </summary>
    public static double AlignedMass(double[] w, double[] a, int d, IReadOnlyList<double[]> directions, double threshold = LearnedCosine,
        CancellationToken cancel = default)
    {
        int m = a.Length, r = directions.Count;
        var cos = AbsCosines(w, m, d, directions, cancel);
        double total = 0, aligned = 0;
        for (int j = 0; j < m; j++)
        {
            var row = w.AsSpan(j * d, d);
            double mass = Math.Abs(a[j]) * Math.Sqrt(DenseMath.Dot(row, row));
            total += mass;
            double best = 0;
            for (int i = 0; i < r; i++) best = Math.Max(best, cos[(long)j * r + i]);
            if (best > threshold) aligned += mass;
        }
        return total > 0 ? aligned / total : double.NaN;
    }
}
