using NeuralTopOpt.Nn;

namespace NeuralTopOpt.Tests.Models;

/// <summary>
/// The trained networks the topology tests use, committed next to this file (see README.md for the
/// commands that regenerate them): the DBTO surrogate of Eq. (14), 1-64-1 on 10⁴ Latin hypercube
/// samples, the HBTO hole-cell surrogate, 2-64-4 on the 10⁴ reference cells, and the elliptical hole's,
/// 2-64-4 on 10⁴ of its homogenized cells (family 2, beyond the paper).
/// </summary>
internal static class TestModels
{
    private static readonly Lazy<NetworkModel> DbtoModel = new(() => ModelFile.Load(DbtoPath));
    private static readonly Lazy<NetworkModel> HbtoModel = new(() => ModelFile.Load(HbtoPath));
    private static readonly Lazy<NetworkModel> EllipseModel = new(() => ModelFile.Load(EllipsePath));

    public static string DbtoPath => Path.Combine(AppContext.BaseDirectory, "Models", "dbto-simp-1e4.json");

    public static string HbtoPath => Path.Combine(AppContext.BaseDirectory, "Models", "hbto-hole-cell-1e4.json");

    public static string EllipsePath => Path.Combine(AppContext.BaseDirectory, "Models", "ellipse-1e4.json");

    /// <summary>θ → E, trained on E(θ) = 1e-9 + (1 − 1e-9)θ³ (seed 1, 5000 epochs).</summary>
    public static NetworkModel Dbto => DbtoModel.Value;

    /// <summary>(θ₁, θ₂) → (C11, C12, C22, C33), trained on the reference hole cells (seed 1, 5000 epochs).</summary>
    public static NetworkModel Hbto => HbtoModel.Value;

    /// <summary>(θ₁, θ₂) → (C11, C12, C22, C33) of the elliptical hole, trained on 10⁴ of its cells at 100×100 (seed 1, 5000 epochs).</summary>
    public static NetworkModel Ellipse => EllipseModel.Value;
}
