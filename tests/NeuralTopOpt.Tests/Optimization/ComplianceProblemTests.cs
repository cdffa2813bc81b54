using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Tests.Optimization;

public class ComplianceProblemTests
{
    public static TheoryData<string, FilterKind> ExactGradientCases => new()
    {
        { "density", FilterKind.None },
        { "density", FilterKind.Density },
        { "hole", FilterKind.None },
        { "hole", FilterKind.Density },
    };

    [Theory]
    [MemberData(nameof(ExactGradientCases))]
    public void Compliance_gradient_matches_central_differences(string measure, FilterKind filter)
    {
        var problem = Create(measure, filter, StandardProblems.HalfMbb(10, 5));
        var x = RandomDesign(problem.VariableCount, 0.2, 0.8, seed: 1);
        var gradient = new double[x.Length];
        var f0 = problem.Evaluate(x, gradient);

        var worst = 0.0;
        foreach (var i in Enumerable.Range(0, x.Length).Where(i => i % 3 == 0))
        {
            var numeric = FivePointDifference(v => problem.Evaluate(v, new double[v.Length]), x, i, 1e-3);
            worst = Math.Max(worst, Math.Abs(numeric - gradient[i]) / Math.Max(1e-3 * f0, Math.Abs(gradient[i])));
        }

        Assert.True(worst < 1e-7, $"largest relative error {worst}");
    }

    [Theory]
    [InlineData("density")]
    [InlineData("hole")]
    public void Density_filtered_gradients_with_passive_elements_match_central_differences(string measure)
    {
        // Passive elements keep a fixed physical value, so their filtered neighbours must not pass sensitivity to them.
        var mbb = StandardProblems.HalfMbb(9, 6);
        var passive = new PassiveKind[54];
        passive[20] = PassiveKind.Solid;
        passive[21] = PassiveKind.Solid;
        passive[40] = PassiveKind.Void;
        var problem = Create(measure, FilterKind.Density, new StructuralProblem("passive", mbb.Mesh, mbb.FixedDofs.ToArray(), mbb.LoadCases, passive));
        var x = RandomDesign(problem.VariableCount, 0.2, 0.8, seed: 5);
        var gradient = new double[x.Length];
        var f0 = problem.Evaluate(x, gradient);
        var jacobian = new double[x.Length];
        problem.EvaluateConstraints(x, new double[1], jacobian);

        for (var i = 0; i < x.Length; i++)
        {
            var numeric = FivePointDifference(v => problem.Evaluate(v, new double[v.Length]), x, i, 1e-3);
            Assert.True(Math.Abs(numeric - gradient[i]) < 1e-7 * Math.Max(1e-3 * f0, Math.Abs(gradient[i])), $"variable {i}: {gradient[i]} vs {numeric}");
            Assert.Equal(FivePointDifference(v => ConstraintValue(problem, v), x, i, 1e-3), jacobian[i], 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(ExactGradientCases))]
    public void Volume_constraint_and_its_jacobian_match_central_differences(string measure, FilterKind filter)
    {
        var problem = Create(measure, filter, StandardProblems.HalfMbb(8, 4));
        var x = RandomDesign(problem.VariableCount, 0.1, 0.9, seed: 2);
        var value = new double[1];
        var jacobian = new double[x.Length];
        problem.EvaluateConstraints(x, value, jacobian);

        double Constraint(double[] v)
        {
            var c = new double[1];
            problem.EvaluateConstraints(v, c, new double[v.Length]);
            return c[0];
        }

        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(FivePointDifference(Constraint, x, i, 1e-3), jacobian[i], 1e-12);
        }

        var mean = measure == "density"
            ? x.Average()
            : 1 - Enumerable.Range(0, 32).Average(e => x[e] * x[32 + e]);
        if (filter == FilterKind.None)
        {
            Assert.Equal(mean - 0.5, value[0], 14);
        }
    }

    [Theory]
    [InlineData("density")]
    [InlineData("hole")]
    public void Sensitivity_filter_applies_the_papers_formula_to_each_field_and_leaves_the_volume_gradient(string measure)
    {
        var problem = Create(measure, FilterKind.Sensitivity, StandardProblems.HalfMbb(12, 6));
        var x = RandomDesign(problem.VariableCount, 0.05, 0.95, seed: 3);
        var n = problem.ElementCount;

        var analysis = problem.Analyze(x);

        var filter = new ConvolutionFilter(12, 6, 1.8);
        for (var f = 0; f < problem.FieldCount; f++)
        {
            var expected = new double[n];
            filter.FilterSensitivities(x.AsSpan(f * n, n), analysis.RawSensitivities.AsSpan(f * n, n), expected);
            Assert.Equal(expected, analysis.Gradient.AsSpan(f * n, n).ToArray());
        }

        var jacobian = new double[x.Length];
        problem.EvaluateConstraints(x, new double[1], jacobian);
        var unfiltered = Create(measure, FilterKind.None, StandardProblems.HalfMbb(12, 6));
        var reference = new double[x.Length];
        unfiltered.EvaluateConstraints(x, new double[1], reference);
        Assert.Equal(reference, jacobian);
    }

    [Theory]
    [InlineData("density")]
    [InlineData("hole")]
    public void Solid_fraction_filter_weights_by_the_elements_solid_fraction(string measure)
    {
        var problem = Create(measure, FilterKind.SolidFractionSensitivity, StandardProblems.HalfMbb(12, 6));
        var x = RandomDesign(problem.VariableCount, 0.05, 0.95, seed: 5);
        var n = problem.ElementCount;

        var analysis = problem.Analyze(x);

        // ρₑ = θₑ (DBTO) or 1 − θ₁ₑθ₂ₑ (HBTO); each field filtered with those weights.
        var solid = Enumerable.Range(0, n).Select(e => measure == "density" ? x[e] : 1 - (x[e] * x[n + e])).ToArray();
        var filter = new ConvolutionFilter(12, 6, 1.8);
        for (var f = 0; f < problem.FieldCount; f++)
        {
            var expected = new double[n];
            filter.FilterSensitivities(solid, analysis.RawSensitivities.AsSpan(f * n, n), expected);
            Assert.Equal(expected, analysis.Gradient.AsSpan(f * n, n).ToArray());
        }

        if (measure == "density")
        {
            var paper = Create(measure, FilterKind.Sensitivity, StandardProblems.HalfMbb(12, 6)).Analyze(x);
            Assert.Equal(paper.Gradient, analysis.Gradient);
        }
    }

    [Fact]
    public void Raw_sensitivities_are_minus_u_dK_u_of_eq_11()
    {
        // For SIMP, ∂φ/∂θₑ = −p θₑ^(p−1)(1 − E_min)·uₑᵀK⁰ₑuₑ with K⁰ₑ the unit-modulus element matrix.
        var problem = Create("density", FilterKind.None, StandardProblems.HalfMbb(6, 3));
        var x = RandomDesign(problem.VariableCount, 0.3, 0.9, seed: 4);
        var analysis = problem.Analyze(x);
        var simp = (SimpMaterial)problem.Material;

        for (var e = 0; e < problem.ElementCount; e++)
        {
            var elementEnergyAtUnitModulus = analysis.ElementCompliance[e] / simp.Modulus(x[e]);
            Assert.Equal(-simp.ModulusDerivative(x[e]) * elementEnergyAtUnitModulus, analysis.RawSensitivities[e], 1e-10);
        }

        Assert.Equal(analysis.Compliance, analysis.ElementCompliance.Sum(), 1e-10 * analysis.Compliance);
    }

    [Fact]
    public void Initial_design_meets_the_volume_target_with_passive_regions()
    {
        var passive = new PassiveKind[40 * 20];
        for (var e = 0; e < 100; e++)
        {
            passive[e] = PassiveKind.Void;
        }

        for (var e = 700; e < 750; e++)
        {
            passive[e] = PassiveKind.Solid;
        }

        var mbb = StandardProblems.HalfMbb(40, 20);
        var structure = new StructuralProblem("passive", mbb.Mesh, mbb.FixedDofs.ToArray(), mbb.LoadCases, passive);
        foreach (var measure in new[] { "density", "hole" })
        {
            var problem = Create(measure, FilterKind.Density, structure);
            var x = problem.InitialDesign();
            var value = new double[1];
            problem.EvaluateConstraints(x, value, new double[x.Length]);
            var lower = new double[x.Length];
            var upper = new double[x.Length];
            problem.GetBounds(lower, upper);

            Assert.Equal(0, value[0], 12);
            Assert.Equal(measure == "density" ? 0 : 1, lower[0]);
            Assert.Equal(lower[0], upper[0]);
            Assert.Equal(measure == "density" ? 1 : 0, upper[720]);
            Assert.Equal((0.0, 1.0), (lower[300], upper[300]));
        }
    }

    [Fact]
    public void Paper_starting_points_without_passive_elements()
    {
        var dbto = Create("density", FilterKind.Sensitivity, StandardProblems.HalfMbb(6, 3), 0.4);
        var hbto = Create("hole", FilterKind.Sensitivity, StandardProblems.HalfMbb(6, 3), 0.4);

        Assert.All(dbto.InitialDesign(), v => Assert.Equal(0.4, v, 15));
        Assert.All(hbto.InitialDesign(), v => Assert.Equal(Math.Sqrt(0.6), v, 15));
        Assert.Equal(36, hbto.VariableCount);
    }

    [Fact]
    public void Every_evaluation_leaves_a_record_with_its_timings()
    {
        var problem = Create("density", FilterKind.Density, StandardProblems.HalfMbb(20, 10));
        var records = new List<ComplianceEvaluation>();
        problem.Evaluated += records.Add;
        var x = problem.InitialDesign();

        var compliance = problem.Evaluate(x, new double[x.Length]);
        problem.Evaluate(x, new double[x.Length]);

        Assert.Equal([1, 2], records.Select(r => r.Index));
        Assert.Equal(records[0].Design, records[1].Design);
        Assert.Equal(records[0].Design, problem.DesignOf(x));
        x[0] += 0.01;
        Assert.Null(problem.DesignOf(new double[x.Length]));
        Assert.Equal(compliance, records[0].Compliance);
        Assert.Equal(0.5, records[0].Volume, 12);
        Assert.True(records[0].FeSolve > TimeSpan.Zero && records[0].Filter > TimeSpan.Zero && records[0].Sensitivity > TimeSpan.Zero);
        Assert.Same(records[1], problem.LastEvaluation);
    }

    [Fact]
    public void Mismatched_material_and_bad_designs_are_rejected()
    {
        var mbb = StandardProblems.HalfMbb(6, 3);
        Assert.Throws<InvalidInputException>(() => new ComplianceProblem(mbb, new SimpMaterial(), new ComplianceSettings { Cell = CellFamilies.Hole }));
        Assert.Throws<InvalidInputException>(() => new ComplianceProblem(mbb, new SimpMaterial(), new ComplianceSettings { VolumeFraction = 1.2 }));
        Assert.Throws<InvalidInputException>(() => new ComplianceProblem(mbb, new SimpMaterial(), new ComplianceSettings { FilterRadius = -1 }));

        var problem = Create("density", FilterKind.None, mbb);
        var x = problem.InitialDesign();
        x[4] = double.NaN;
        var error = Assert.Throws<InvalidInputException>(() => problem.Evaluate(x, new double[x.Length]));
        Assert.Contains("design variable 4", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => problem.Evaluate(new double[3], new double[3]));
    }

    internal static ComplianceProblem Create(string measure, FilterKind filter, StructuralProblem structure, double volume = 0.5)
    {
        IMaterialModel material = measure == "density" ? new SimpMaterial() : new TwoFieldTestMaterial();
        return new ComplianceProblem(structure, material, new ComplianceSettings(volume, CellFamilies.Find(measure), filter, 1.8));
    }

    internal static double[] RandomDesign(int n, double low, double high, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => low + ((high - low) * random.NextDouble())).ToArray();
    }

    private static double ConstraintValue(ComplianceProblem problem, double[] x)
    {
        var c = new double[1];
        problem.EvaluateConstraints(x, c, new double[x.Length]);
        return c[0];
    }

    /// <summary>Fourth-order central difference (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h.</summary>
    private static double FivePointDifference(Func<double[], double> f, double[] x, int i, double h)
    {
        double At(double offset)
        {
            var shifted = (double[])x.Clone();
            shifted[i] += offset;
            return f(shifted);
        }

        return (-At(2 * h) + (8 * At(h)) - (8 * At(-h)) + At(-2 * h)) / (12 * h);
    }
}
