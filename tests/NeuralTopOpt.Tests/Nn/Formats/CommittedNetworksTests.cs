using NeuralTopOpt.Nn;
using NeuralTopOpt.Tests.Architecture;

namespace NeuralTopOpt.Tests.Nn.Formats;

/// <summary>data/networks holds the paper's two networks in ntopo's format: exactly what a fresh import gives.</summary>
public class CommittedNetworksTests
{
    public static TheoryData<string, string> Networks => new()
    {
        { "paper-dbto-simp-1e4.json", "dbto" },
        { "paper-hbto-hole-cell-1e4.json", "hbto" },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Committed_files_equal_a_fresh_import(string file, string which)
    {
        var committed = Path.Combine(LayeringTests.RepositoryRoot(), "data", "networks", file);
        var fresh = which == "dbto" ? PaperNetworks.Dbto : PaperNetworks.Hbto;

        Assert.Equal(ModelFile.ToJson(fresh), File.ReadAllText(committed));
        Assert.Equal(OutputNormalizationMode.Normalize, ModelFile.Load(committed).Network.OutputMode);
    }
}
