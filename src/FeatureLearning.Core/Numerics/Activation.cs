namespace FeatureLearning.Core.Numerics;

/// <summary>Hidden-unit non-linearities g used by the networks and random features.</summary>
public enum Activation
{
    /// <summary>max(0, u).</summary>
    Relu,
    /// <summary>erf(u/√2): the odd sigmoid of the online-learning literature (Saad and Solla), with g'(0) = √(2/π).</summary>
    Erf,
    Tanh,
    /// <summary>u²: even, so it can represent XOR-like targets without biases.</summary>
    Quadratic,
    /// <summary>|u| = ReLU(u) + ReLU(−u).</summary>
    Abs,
    Linear,
    /// <summary>sin(u).</summary>
    Sin,
}

/// <summary>Values and derivatives of <see cref="Activation"/>.</summary>
public static class ActivationFunctions
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double SqrtTwoOverPi = 0.79788456080286535588;

    public static double Value(Activation g, double u) => g switch
    {
        Activation.Relu => u > 0 ? u : 0.0,
        Activation.Erf => MathNet.Numerics.SpecialFunctions.Erf(u * InvSqrt2),
        Activation.Tanh => Math.Tanh(u),
        Activation.Quadratic => u * u,
        Activation.Abs => Math.Abs(u),
        Activation.Linear => u,
        Activation.Sin => Math.Sin(u),
        _ => throw new ArgumentOutOfRangeException(nameof(g), g, "Unknown activation."),
    };

    public static double Derivative(Activation g, double u) => g switch
    {
        Activation.Relu => u > 0 ? 1.0 : 0.0,
        Activation.Erf => SqrtTwoOverPi * Math.Exp(-0.5 * u * u),
        Activation.Tanh => 1.0 - Math.Tanh(u) * Math.Tanh(u),
        Activation.Quadratic => 2.0 * u,
        Activation.Abs => u > 0 ? 1.0 : (u < 0 ? -1.0 : 0.0),
        Activation.Linear => 1.0,
        Activation.Sin => Math.Cos(u),
        _ => throw new ArgumentOutOfRangeException(nameof(g), g, "Unknown activation."),
    };

    /// <summary>True when g(−u) = −g(u): a bias-free net with such a g is an odd function of its input.</summary>
    public static bool IsOdd(Activation g) => g is Activation.Erf or Activation.Tanh or Activation.Linear or Activation.Sin;

    /// <summary>Applies g elementwise in place.</summary>
    public static void Apply(Activation g, Span<double> values)
    {
        switch (g)
        {
            case Activation.Relu:
                System.Numerics.Tensors.TensorPrimitives.Max(values, 0.0, values);
                break;
            case Activation.Linear:
                break;
            case Activation.Quadratic:
                System.Numerics.Tensors.TensorPrimitives.Multiply(values, values, values);
                break;
            case Activation.Abs:
                System.Numerics.Tensors.TensorPrimitives.Abs(values, values);
                break;
            case Activation.Tanh:
                System.Numerics.Tensors.TensorPrimitives.Tanh(values, values);
                break;
            default:
                for (int i = 0; i < values.Length; i++) values[i] = Value(g, values[i]);
                break;
        }
    }
}
