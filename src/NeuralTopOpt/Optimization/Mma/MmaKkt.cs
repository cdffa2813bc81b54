namespace NeuralTopOpt.Optimization.Mma;

/// <summary>
/// The KKT residual of the original problem in MMA's standard form (Svanberg's <c>kktcheck</c>),
/// evaluated at the new iterate x with its gradients and the multipliers (y, z, λ, ξ, η, μ, ζ, s) of
/// the subproblem just solved:
/// <code>
///   ∇f₀ + Σλᵢ∇fᵢ − ξ + η,   c + dy − μ − λ,   a₀ − ζ − aᵀλ,   f − az − y + s,
///   ξ∘(x − l),   η∘(u − x),   μ∘y,   ζz,   λ∘s
/// </code>
/// The ∞-norm of all of them is <see cref="IterationReport.Optimality"/> for MMA.
/// </summary>
internal static class MmaKkt
{
    public static double Residual(
        MmaSubproblemSolver sub, MmaOptions options, ReadOnlySpan<double> x, ReadOnlySpan<double> xmin, ReadOnlySpan<double> xmax,
        ReadOnlySpan<double> df0, ReadOnlySpan<double> fval, ReadOnlySpan<double> dfdx)
    {
        var n = x.Length;
        var m = fval.Length;
        var max = 0.0;
        void Add(double r) => max = Math.Max(max, Math.Abs(r));
        for (var j = 0; j < n; j++)
        {
            var r = df0[j] - sub.Xsi[j] + sub.Eta[j];
            for (var i = 0; i < m; i++)
            {
                r += sub.Lam[i] * dfdx[(i * n) + j];
            }

            Add(r);
            Add(sub.Xsi[j] * (x[j] - xmin[j]));
            Add(sub.Eta[j] * (xmax[j] - x[j]));
        }

        var lamSum = 0.0;
        for (var i = 0; i < m; i++)
        {
            lamSum += sub.Lam[i];
            Add(options.C + (options.D * sub.Y[i]) - sub.Mu[i] - sub.Lam[i]);
            Add(fval[i] - (options.A * sub.Z) - sub.Y[i] + sub.S[i]);
            Add(sub.Mu[i] * sub.Y[i]);
            Add(sub.Lam[i] * sub.S[i]);
        }

        Add(options.A0 - sub.Zet - (options.A * lamSum));
        Add(sub.Zet * sub.Z);
        return max;
    }
}
