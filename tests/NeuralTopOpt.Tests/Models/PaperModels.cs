using NeuralTopOpt.Nn;

namespace NeuralTopOpt.Tests.Models;

/// <summary>
/// The paper's own two networks (data/reference/paper-networks, TensorFlow SavedModels) in ntopo's
/// model format, converted by <c>tools/scipy/savedmodel.py</c> (see README.md): the Keras output
/// layer (z − m)/s is written as ntopo's z·std + mean with std = 1/s and mean = −m/s, equal to
/// roundoff.
/// </summary>
internal static class PaperModels
{
    private static readonly Lazy<NetworkModel> DbtoModel = new(() => ModelFile.Load(Path.Combine(AppContext.BaseDirectory, "Models", "paper-dbto-simp-1e4.json")));
    private static readonly Lazy<NetworkModel> HbtoModel = new(() => ModelFile.Load(Path.Combine(AppContext.BaseDirectory, "Models", "paper-hbto-hole-cell-1e4.json")));

    /// <summary>θ → E, 1-64-1, the paper's DBTO network (Table 1: test MSE 1.87e-7).</summary>
    public static NetworkModel Dbto => DbtoModel.Value;

    /// <summary>(θ₁, θ₂) → (C11, C12, C22, C33), 2-64-4, the paper's HBTO network (Table 1: test MSE 1.47e-3).</summary>
    public static NetworkModel Hbto => HbtoModel.Value;
}
