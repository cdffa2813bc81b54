using NeuralTopOpt.IO;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Formats;
using NeuralTopOpt.Tests.Architecture;

namespace NeuralTopOpt.Tests.Nn.Formats;

/// <summary>The paper's two trained networks (data/reference/paper-networks) and the data they were trained on.</summary>
internal static class PaperNetworks
{
    public static readonly string[] DbtoInputs = ["theta"];
    public static readonly string[] DbtoOutputs = ["E"];
    public static readonly string[] HbtoInputs = ["width", "height"];
    public static readonly string[] HbtoOutputs = ["C11", "C12", "C22", "C33"];

    private static readonly Lazy<NetworkModel> DbtoModel = new(() => ModelImporter.Import(DbtoPath, new ModelImportOptions { InputNames = DbtoInputs, OutputNames = DbtoOutputs }));
    private static readonly Lazy<NetworkModel> HbtoModel = new(() => ModelImporter.Import(HbtoPath, new ModelImportOptions { InputNames = HbtoInputs, OutputNames = HbtoOutputs }));
    private static readonly Lazy<CsvTable> Cells = new(() => CsvTable.Read(HoleCellsPath));

    public static string DbtoPath => Path.Combine(LayeringTests.RepositoryRoot(), "data", "reference", "paper-networks", "dbto-simp-1e4");

    public static string HbtoPath => Path.Combine(LayeringTests.RepositoryRoot(), "data", "reference", "paper-networks", "hbto-hole-cell-1e4");

    public static string HoleCellsPath => Path.Combine(LayeringTests.RepositoryRoot(), "data", "reference", "hole-cell-homogenized-100x100.csv");

    /// <summary>The imported DBTO network, θ → E.</summary>
    public static NetworkModel Dbto => DbtoModel.Value;

    /// <summary>The imported HBTO network, (width, height) → (C11, C12, C22, C33).</summary>
    public static NetworkModel Hbto => HbtoModel.Value;

    /// <summary>The 10⁴ reference cells the HBTO network was trained on, in file order.</summary>
    public static CsvTable HoleCells => Cells.Value;
}
