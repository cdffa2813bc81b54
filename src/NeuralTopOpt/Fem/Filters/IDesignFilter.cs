namespace NeuralTopOpt.Fem.Filters;

/// <summary>
/// The filter module of a topology problem, on one element field at a time (pyMOTO's forward/backward):
/// forward x → x̃ (the physical field), backward the chain rule ∂f/∂x̃ → ∂f/∂x, and
/// <see cref="FilterObjective"/>, which the objective's sensitivities go through: the chain rule for
/// consistent filters, the heuristic of the paper's sensitivity filter otherwise. Built once per problem
/// (<see cref="DesignFilters.Create"/>); keeps its scratch, so the loop allocates nothing; not thread-safe.
/// </summary>
public interface IDesignFilter
{
    /// <summary>Which filter.</summary>
    FilterKind Kind { get; }

    /// <summary>x̃ from x (one field of n elements; the spans must not overlap).</summary>
    void Forward(ReadOnlySpan<double> x, Span<double> physical);

    /// <summary>∂f/∂x from ∂f/∂x̃, the exact chain rule of <see cref="Forward"/> (in place allowed).</summary>
    void Backward(ReadOnlySpan<double> gradient, Span<double> result);

    /// <summary>
    /// The objective's ∂f/∂x from its ∂f/∂x̃: <see cref="Backward"/> for the density filter and none; for the
    /// sensitivity filters H(w ⊙ ∂f/∂x̃)/Hs/max(10⁻³, w) with the weights <paramref name="weights"/> (the field
    /// itself, the paper's, or the solid fraction). The spans must not overlap.
    /// </summary>
    void FilterObjective(ReadOnlySpan<double> weights, ReadOnlySpan<double> gradient, Span<double> result);
}

/// <summary>The filter modules by <see cref="FilterKind"/>.</summary>
public static class DesignFilters
{
    /// <summary>The filter of <paramref name="kind"/> on an nx × ny grid with radius r (ignored for <see cref="FilterKind.None"/>).</summary>
    public static IDesignFilter Create(FilterKind kind, int elementsX, int elementsY, double radius) => kind switch
    {
        FilterKind.None => new IdentityFilter(elementsX * elementsY),
        FilterKind.Density => new DensityFilter(new ConvolutionFilter(elementsX, elementsY, radius)),
        FilterKind.Sensitivity or FilterKind.SolidFractionSensitivity => new SensitivityFilter(kind, new ConvolutionFilter(elementsX, elementsY, radius)),
        _ => throw new InvalidInputException($"unknown filter {kind}"),
    };

    /// <summary>No filtering: x̃ = x, gradients pass unchanged.</summary>
    private sealed class IdentityFilter(int elements) : IDesignFilter
    {
        public FilterKind Kind => FilterKind.None;

        public void Forward(ReadOnlySpan<double> x, Span<double> physical) => Copy(x, physical, elements);

        public void Backward(ReadOnlySpan<double> gradient, Span<double> result) => Copy(gradient, result, elements);

        public void FilterObjective(ReadOnlySpan<double> weights, ReadOnlySpan<double> gradient, Span<double> result) => Copy(gradient, result, elements);
    }

    /// <summary>The density filter x̃ = Hx/Hs; both gradients go back through H(g/Hs).</summary>
    private sealed class DensityFilter(ConvolutionFilter weights) : IDesignFilter
    {
        private readonly double[] _scratch = new double[weights.ElementCount];

        public FilterKind Kind => FilterKind.Density;

        public void Forward(ReadOnlySpan<double> x, Span<double> physical) => weights.Smooth(x, physical);

        public void Backward(ReadOnlySpan<double> gradient, Span<double> result) => weights.SmoothTranspose(gradient, result, _scratch);

        public void FilterObjective(ReadOnlySpan<double> weights, ReadOnlySpan<double> gradient, Span<double> result) => Backward(gradient, result);
    }

    /// <summary>The sensitivity filters: x̃ = x; the objective's sensitivities smoothed with weights, the constraints' exact.</summary>
    private sealed class SensitivityFilter(FilterKind kind, ConvolutionFilter filter) : IDesignFilter
    {
        private readonly double[] _scratch = new double[filter.ElementCount];

        public FilterKind Kind => kind;

        public void Forward(ReadOnlySpan<double> x, Span<double> physical) => Copy(x, physical, filter.ElementCount);

        public void Backward(ReadOnlySpan<double> gradient, Span<double> result) => Copy(gradient, result, filter.ElementCount);

        public void FilterObjective(ReadOnlySpan<double> weights, ReadOnlySpan<double> gradient, Span<double> result) =>
            filter.FilterSensitivities(weights, gradient, result, _scratch);
    }

    private static void Copy(ReadOnlySpan<double> source, Span<double> target, int elements)
    {
        if (source.Length != elements || target.Length != elements)
        {
            throw new ArgumentException($"the filter works on {elements} elements, not {source.Length} -> {target.Length}");
        }

        source.CopyTo(target);
    }
}
