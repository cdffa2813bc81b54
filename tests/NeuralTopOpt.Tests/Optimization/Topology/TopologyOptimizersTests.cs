using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Mma;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Optimization.TrustRegion;

namespace NeuralTopOpt.Tests.Optimization.Topology;

public class TopologyOptimizersTests
{
    [Theory]
    [InlineData("auto", 1_800, "bfgs")]
    [InlineData("auto", 3_600, "bfgs")]
    [InlineData("auto", 5_400, "bfgs")]
    [InlineData("auto", 6_001, "lbfgs")]
    [InlineData("bfgs", 45_000, "bfgs")]
    [InlineData("lbfgs", 10, "lbfgs")]
    public void Auto_is_dense_for_the_paper_problems_and_limited_memory_beyond(string requested, int n, string expected) =>
        Assert.Equal(expected, TopologyOptimizers.ResolveHessian(requested, n));

    [Fact]
    public void Names_create_their_methods_with_matching_stopping_rules()
    {
        Assert.IsType<TrustRegionOptimizer>(TopologyOptimizers.Create("trust-region", 3_600));
        Assert.IsType<MmaOptimizer>(TopologyOptimizers.Create("mma", 3_600));
        Assert.Equal("oc", TopologyOptimizers.Create("oc", 1_800).Name);
        Assert.Equal(new StoppingCriteria(3000, 1e-3, 1e-3), TopologyOptimizers.Stopping("trust-region"));
        Assert.Equal(new StoppingCriteria(3000, 1e-2, 1e-2), TopologyOptimizers.Stopping("trust-region", tolerance: 0.01));
        Assert.Equal(new StoppingCriteria(500, 0.01), TopologyOptimizers.Stopping("mma", 500));
        Assert.Equal(new StoppingCriteria(500, 0.05), TopologyOptimizers.Stopping("oc", 500, 0.05));
    }

    [Theory]
    [InlineData("newton")]
    [InlineData("")]
    public void Unknown_names_are_refused_with_the_alternatives(string name)
    {
        var error = Assert.Throws<InvalidInputException>(() => TopologyOptimizers.Create(name, 10));

        Assert.Contains("trust-region, mma, oc", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => TopologyOptimizers.ResolveHessian("sr1", 10));
    }
}
