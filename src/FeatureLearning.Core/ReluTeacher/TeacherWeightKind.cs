namespace FeatureLearning.Core.ReluTeacher;

/// <summary>How the non-negative second layer a of the teacher f*(x) = aᵀ|W*x| is chosen.</summary>
public enum TeacherWeightKind
{
    /// <summary>a_i = 1/d for every i (‖a‖₁ = 1).</summary>
    Uniform,
    /// <summary>a_i = u_i / Σ u_k with u_i ~ U(0, 1) from the seed (non-negative, ‖a‖₁ = 1).</summary>
    Random,
    /// <summary>The vector given by the user (non-negative, used as given).</summary>
    Given,
}
