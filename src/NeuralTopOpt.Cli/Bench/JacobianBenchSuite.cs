using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn.Examples;

namespace NeuralTopOpt.Cli.Bench;

/// <summary>
/// <c>ntopo bench jacobian</c>: outputs and full Jacobian of 1,800 inputs by every derivative method,
/// for the paper's two network shapes (1-64-1 DBTO, 2-64-4 HBTO; sigmoid hidden, linear output,
/// normalization layers). Target (issue 2): ≤ 2 ms median per call for 2-64-4.
/// </summary>
internal sealed class JacobianBenchSuite : IBenchSuite
{
    public const int Batch = 1800;

    public const double TargetMs = 2.0;

    public string Name => "jacobian";

    public string Description => "Outputs and Jacobian of 1,800 inputs by nnj, cfd, csm, ad, dual (1-64-1 and 2-64-4 sigmoid networks).";

    public IEnumerable<BenchMeasurement> Run(BenchSettings settings)
    {
        foreach (var (inputs, outputs) in new[] { (1, 1), (2, 4) })
        {
            var (network, x) = (PaperShapes.Untrained(inputs, outputs), PaperShapes.Designs(Batch, inputs));
            var y = new double[Batch * outputs];
            var jacobian = new double[Batch * outputs * inputs];
            foreach (var name in JacobianMethods.Names)
            {
                var method = JacobianMethods.Create(name, network);
                yield return BenchHarness.Measure(Name, $"{name} {network.Architecture} x{Batch}", () => method.Evaluate(x, y, jacobian), settings, outputs == 4 ? TargetMs : null) with
                {
                    Figures = new Dictionary<string, double> { ["batch"] = Batch, ["inputs"] = inputs, ["outputs"] = outputs },
                };
            }
        }
    }
}
