using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FeatureLearning.Core.Numerics;

/// <summary>Whether a span holds only finite values, in one vector pass (the data checks before and during training).</summary>
internal static class Finite
{
    /// <summary>
    /// True when no value is NaN or ±∞: x − x is 0 for a finite x and NaN otherwise, so the sum of the differences is
    /// 0 exactly when all are finite. No branch per value; the caller looks for the culprit only when this fails.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool All(ReadOnlySpan<double> values)
    {
        ref double start = ref MemoryMarshal.GetReference(values);
        nuint length = (nuint)values.Length, i = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // Two sums, so a row in L1 is not held up by one chain of dependent adds.
            Vector512<double> acc0 = Vector512<double>.Zero, acc1 = Vector512<double>.Zero;
            for (; i + 16 <= length; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref start, i);
                var u = Vector512.LoadUnsafe(ref start, i + 8);
                acc0 += v - v;
                acc1 += u - u;
            }
            for (; i + 8 <= length; i += 8)
            {
                var v = Vector512.LoadUnsafe(ref start, i);
                acc0 += v - v;
            }
            sum = Vector512.Sum(acc0 + acc1);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<double>.Zero;
            for (; i + 4 <= length; i += 4)
            {
                var v = Vector256.LoadUnsafe(ref start, i);
                acc += v - v;
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < length; i++)
        {
            double v = Unsafe.Add(ref start, i);
            sum += v - v;
        }
        return sum == 0;
    }
}
