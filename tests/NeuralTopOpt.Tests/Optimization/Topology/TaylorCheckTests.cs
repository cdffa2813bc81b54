using NeuralTopOpt.Cells;
using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Tests.Models;

namespace NeuralTopOpt.Tests.Optimization.Topology;

/// <summary>
/// The whole chain θ → C → K → u → φ, checked by its Taylor remainder on a 12×6 half MBB beam for
/// every material model and derivative method. The same tolerance (order 2 ± 0.2) holds for cfd: its
/// relative error, about 1e-10 at h = 1e-6, adds ε·1e-10·|∇φ·d| to the remainder, many orders below
/// the ε² term for the steps used (0.1 down to 1e-4).
/// </summary>
public class TaylorCheckTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string> { { "dbto", "simp" } };
        foreach (var method in JacobianMethods.Names)
        {
            cases.Add("dbto", method);
            cases.Add("hbto", method);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Remainder_shrinks_as_epsilon_squared(string formulation, string method)
    {
        var problem = Problem(formulation, Material(formulation, method));

        var check = TaylorCheck.Run(problem, seed: 3);

        Assert.Equal(0, check.ClampedEntries);
        Assert.True(check.Passes(), $"observed order {check.ObservedOrder}");
        Assert.Equal(2, check.ObservedOrder, 1);
        Assert.True(check.Rows[^1].Remainder < 1e-2 * check.Rows[^1].Change, "at the smallest step the remainder is a tiny part of the change");
    }

    [Fact]
    public void A_derivative_off_by_one_percent_shows_first_order()
    {
        var problem = Problem("dbto", new ScaledDerivative(new SimpMaterial(), 1.01));

        var check = TaylorCheck.Run(problem, seed: 3);

        // r = 0.01·ε·|∇φ·d| + O(ε²): first order once ε is small.
        Assert.False(check.Passes());
        Assert.True(check.ObservedOrder < 1.8, $"observed order {check.ObservedOrder}");
        Assert.InRange(check.Rows[^1].Order!.Value, 0.9, 1.2);
    }

    [Fact]
    public void A_filtered_problem_is_refused()
    {
        var problem = new ComplianceProblem(StandardProblems.HalfMbb(12, 6), new SimpMaterial(), new ComplianceSettings());

        var error = Assert.Throws<InvalidInputException>(() => TaylorCheck.Run(problem, seed: 1));

        Assert.Contains("needs an unfiltered problem", error.Message, StringComparison.Ordinal);
    }

    internal static IMaterialModel Material(string formulation, string method) => (formulation, method) switch
    {
        ("dbto", "simp") => new SimpMaterial(),
        ("dbto", _) => CellFamilies.Density.CreateMaterial(MaterialSource.Network(TestModels.Dbto, method)),
        _ => CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Hbto, method)),
    };

    private static ComplianceProblem Problem(string formulation, IMaterialModel material) => new(
        StandardProblems.HalfMbb(12, 6),
        material,
        new ComplianceSettings(0.5, formulation == "dbto" ? CellFamilies.Density : CellFamilies.Hole, FilterKind.None));

    /// <summary>A material whose derivative is the true one times a factor.</summary>
    private sealed class ScaledDerivative(IMaterialModel inner, double factor) : IMaterialModel
    {
        public string Name => inner.Name;

        public int DesignVariablesPerElement => inner.DesignVariablesPerElement;

        public int StiffnessEntries => inner.StiffnessEntries;

        public int Stiffness(ReadOnlySpan<double> designs, Span<double> stiffness) => inner.Stiffness(designs, stiffness);

        public void Derivatives(ReadOnlySpan<double> designs, Span<double> derivatives)
        {
            inner.Derivatives(designs, derivatives);
            for (var i = 0; i < derivatives.Length; i++)
            {
                derivatives[i] *= factor;
            }
        }
    }
}
