using System.Globalization;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Materials;

namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// The factor that makes a compliance nondimensional, so that an optimizer sees the same problem
/// whatever the units of the loads and of the modulus:
/// <code>
///   φ̂ = w·φ,   w = E_ref / Σ_l P_l²,   P_l = Σ_nodes ‖f_l(node)‖₂   (free DOFs only)
/// </code>
/// with E_ref the material's <see cref="IMaterialModel.ReferenceModulus"/> and P_l the total force of
/// load case l (the Euclidean magnitudes of the net nodal forces, added). Since φ = Σ_l f_lᵀK⁻¹f_l and K
/// is proportional to E_ref, loads s·f give φ·s² and a modulus s·E_ref gives φ/s, while φ̂ stays the same:
/// the designs, iterations and stopping decisions of every optimizer are then independent of s.
/// For the paper's problem (one unit load, E = 1) w = 1 exactly and the optimizers see the paper's φ.
/// <para>
/// Why the total force and not ‖f‖₂²: a load spread over k nodes of a fixed structure has the same
/// φ·E/P² however fine the mesh (k grows with it), whereas φ·E/‖f‖₂² grows in proportion to k; the
/// nondimensional value then stays of the size of the geometry factor (tens to thousands), the size the
/// optimizers' constants are tuned for.
/// </para>
/// </summary>
public static class ComplianceScale
{
    /// <summary>Smallest and largest Σ P²/E_ref accepted: compliances of that order stay far from the ends of double precision.</summary>
    public const double MinimumLoadScale = 1e-250;

    /// <summary>The largest Σ P²/E_ref accepted (see <see cref="MinimumLoadScale"/>).</summary>
    public const double MaximumLoadScale = 1e250;

    /// <summary>w = E_ref / Σ_l P_l².</summary>
    /// <exception cref="InvalidInputException">Loads and modulus so small or large that compliances would leave double precision, or a non-positive modulus.</exception>
    public static double Factor(StructuralProblem structure, IMaterialModel material)
    {
        ArgumentNullException.ThrowIfNull(structure);
        ArgumentNullException.ThrowIfNull(material);
        var modulus = material.ReferenceModulus;
        if (!double.IsFinite(modulus) || !(modulus > 0))
        {
            throw new InvalidInputException($"the material's reference modulus must be a positive number, not {Format(modulus)}");
        }

        var sum = SquaredTotals(structure);
        var ratio = sum / modulus;
        if (!(ratio >= MinimumLoadScale && ratio <= MaximumLoadScale))
        {
            throw new InvalidInputException(
                $"the loads (sum of squared totals {Format(sum)}) and the modulus ({Format(modulus)}) give compliances of order {Format(ratio)}, outside 1e-250..1e250 where double precision holds them; express loads and modulus in other units");
        }

        return modulus / sum;
    }

    /// <summary>
    /// c = √(Σ_l P_l²), the size of the loads: a run solves with the loads f/c (<see cref="StructuralProblem.WithLoadsDividedBy"/>)
    /// and reports φ = c²·φ(f/c). For loads s·f with unit forces f (the paper's MBB and P(fy) of issue 11),
    /// c = |s| and f/c = f to the last bit (√(s²) rounds to |s| and s·f/s to f), so the optimizer sees the
    /// same numbers whatever s: the run is the same, not only the same up to roundoff amplified over a
    /// thousand iterations. c = 1 for the paper's problem, which is then solved as before.
    /// </summary>
    public static double LoadSize(StructuralProblem structure)
    {
        ArgumentNullException.ThrowIfNull(structure);
        return Math.Sqrt(SquaredTotals(structure));
    }

    // Σ_l P_l², the sum both w and c are made of.
    private static double SquaredTotals(StructuralProblem structure)
    {
        var sum = 0.0;
        for (var l = 0; l < structure.LoadCases.Count; l++)
        {
            var total = TotalForce(structure, l);
            sum += total * total;
        }

        return sum;
    }

    /// <summary>P_l: the sum over nodes of the magnitude of the net force on the node's free DOFs.</summary>
    public static double TotalForce(StructuralProblem structure, int loadCase)
    {
        ArgumentNullException.ThrowIfNull(structure);
        var net = new Dictionary<int, (double X, double Y)>();
        foreach (var load in structure.LoadCases[loadCase].Loads)
        {
            if (structure.FixedDofs.BinarySearch(load.Dof) >= 0)
            {
                continue;
            }

            var node = load.Dof / 2;
            var (x, y) = net.GetValueOrDefault(node);
            net[node] = load.Dof % 2 == 0 ? (x + load.Value, y) : (x, y + load.Value);
        }

        // Math.Sqrt(x² + y²) overflows or underflows long before double's range ends: hypot does not.
        return net.Values.Sum(f => double.Hypot(f.X, f.Y));
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
