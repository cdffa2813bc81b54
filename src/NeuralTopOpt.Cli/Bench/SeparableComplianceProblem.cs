using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Cli.Bench;

/// <summary>
/// A cheap stand-in for compliance minimization, for timing the optimizers' own work: with
/// <c>fields = 1</c> (DBTO-like, n = N)
/// <code>
///   minimize Σ cᵢ/xᵢ   subject to mean(x) = V,  lb ≤ x ≤ 1
/// </code>
/// and with <c>fields = 2</c> (HBTO-like, x = [x₁; x₂], n = 2N) the paper's bilinear constraint (Eq. 13)
/// <code>
///   minimize Σ aᵢ/x₁ᵢ + bᵢ/x₂ᵢ   subject to 1 − mean(x₁ ∘ x₂) = V,  lb ≤ x ≤ 1
/// </code>
/// with weights max(t, 10⁻⁴)², t ~ U(−0.05, 1.3) from <c>new Random(seed)</c>. One evaluation is O(n).
/// Benchmark-only: compiled into <c>ntopo bench</c> and, linked, into the BenchmarkDotNet project; not part of the library.
/// </summary>
internal sealed class SeparableComplianceProblem : IOptimizationProblem
{
    private readonly double[] _weights;
    private readonly int _elements;
    private readonly int _fields;
    private readonly double _volume;
    private readonly double _lower;
    private readonly ConstraintForm _kind;

    /// <summary>Creates the problem with <paramref name="elements"/> elements of 1 or 2 fields.</summary>
    public SeparableComplianceProblem(int elements, int fields, double volume, double lower, ConstraintForm kind, int seed)
    {
        if (elements < 1 || fields is < 1 or > 2 || !(volume > 0 && volume < 1) || !(lower >= 0 && lower < 1))
        {
            throw new InvalidInputException($"separable compliance problem: need elements >= 1, fields 1 or 2, 0 < V < 1, 0 <= lb < 1, not {elements}, {fields}, {volume}, {lower}");
        }

        (_elements, _fields, _volume, _lower, _kind) = (elements, fields, volume, lower, kind);
        var random = new Random(seed);
        _weights = new double[elements * fields];
        for (var i = 0; i < _weights.Length; i++)
        {
            var t = -0.05 + (1.35 * random.NextDouble());
            _weights[i] = Math.Max(t, 1e-4) * Math.Max(t, 1e-4);
        }
    }

    /// <inheritdoc/>
    public int VariableCount => _elements * _fields;

    /// <inheritdoc/>
    public int EqualityCount => _kind == ConstraintForm.Equality ? 1 : 0;

    /// <inheritdoc/>
    public int InequalityCount => _kind == ConstraintForm.Inequality ? 1 : 0;

    /// <summary>The paper's start: x = V (one field) or x = √(1 − V) (two fields), feasible.</summary>
    public double[] Start() => Enumerable.Repeat(_fields == 1 ? _volume : Math.Sqrt(1 - _volume), VariableCount).ToArray();

    /// <inheritdoc/>
    public void GetBounds(Span<double> lower, Span<double> upper)
    {
        lower.Fill(_lower);
        upper.Fill(1.0);
    }

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        var f = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            f += _weights[i] / x[i];
            gradient[i] = -_weights[i] / (x[i] * x[i]);
        }

        return f;
    }

    /// <inheritdoc/>
    public void EvaluateConstraints(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian)
    {
        var sign = _kind == ConstraintForm.Equality ? 1.0 : -1.0;
        if (_fields == 1)
        {
            var sum = 0.0;
            for (var i = 0; i < _elements; i++)
            {
                sum += x[i];
                jacobian[i] = sign / _elements;
            }

            values[0] = sign * ((sum / _elements) - _volume);
            return;
        }

        // 1 − mean(x₁x₂) − V (equality) or its negation (inequality, active when f decreases in x)
        var product = 0.0;
        for (var i = 0; i < _elements; i++)
        {
            product += x[i] * x[_elements + i];
            jacobian[i] = -sign * x[_elements + i] / _elements;
            jacobian[_elements + i] = -sign * x[i] / _elements;
        }

        values[0] = sign * (1 - (product / _elements) - _volume);
    }
}
