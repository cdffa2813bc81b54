using BenchmarkDotNet.Attributes;
using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn.Examples;

namespace NeuralTopOpt.Benchmarks;

/// <summary>
/// Outputs and Jacobian of 1,800 designs by every derivative method, for the paper's 1-64-1 and
/// 2-64-4 networks (issue 2 target: ≤ 2 ms for 2-64-4). The same cases as <c>ntopo bench jacobian</c>.
/// </summary>
[MemoryDiagnoser]
public class JacobianBenchmarks
{
    private const int Batch = 1800;
    private IJacobianMethod _method = null!;
    private double[] _inputs = [];
    private double[] _outputs = [];
    private double[] _jacobian = [];

    [Params("nnj", "cfd", "csm", "ad", "dual")]
    public string Method { get; set; } = "nnj";

    [Params("1-64-1", "2-64-4")]
    public string Shape { get; set; } = "2-64-4";

    [GlobalSetup]
    public void Setup()
    {
        var (n, m) = Shape == "1-64-1" ? (1, 1) : (2, 4);
        _method = JacobianMethods.Create(Method, PaperShapes.Untrained(n, m));
        _inputs = PaperShapes.Designs(Batch, n);
        _outputs = new double[Batch * m];
        _jacobian = new double[Batch * m * n];
    }

    [Benchmark]
    public void Evaluate() => _method.Evaluate(_inputs, _outputs, _jacobian);
}
