using NeuralTopOpt.Nn;
using NeuralTopOpt.Tests.Architecture;

namespace NeuralTopOpt.Tests.Models;

/// <summary>
/// The paper's own two networks as the project carries them, <c>data/networks/paper-*.json</c>
/// (imported from data/reference/paper-networks by <c>ntopo model import</c>, with Keras' output
/// Normalization (z − m)/s kept as such; <c>CommittedNetworksTests</c> checks them against the
/// SavedModels).
/// </summary>
internal static class PaperModels
{
    private static readonly Lazy<NetworkModel> DbtoModel = new(() => Load("paper-dbto-simp-1e4.json"));
    private static readonly Lazy<NetworkModel> HbtoModel = new(() => Load("paper-hbto-hole-cell-1e4.json"));

    /// <summary>θ → E, 1-64-1, the paper's DBTO network (Table 1: test MSE 1.87e-7).</summary>
    public static NetworkModel Dbto => DbtoModel.Value;

    /// <summary>(θ₁, θ₂) → (C11, C12, C22, C33), 2-64-4, the paper's HBTO network (Table 1: test MSE 1.47e-3).</summary>
    public static NetworkModel Hbto => HbtoModel.Value;

    private static NetworkModel Load(string file) => ModelFile.Load(Path.Combine(LayeringTests.RepositoryRoot(), "data", "networks", file));
}
