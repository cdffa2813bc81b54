namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// The mechanical fields of a design, for pictures and exports: the displacements u_l of every load case and each
/// element's strain energy density w_e = ½ Σ_l u_{l,e}ᵀ K_e u_{l,e} (per unit area: the elements are unit squares),
/// from one solve of the problem's analysis with its material at the physical design θ̃. Σ_e w_e = J/2.
/// </summary>
/// <param name="Displacements">u of every load case, one after another (cases × DOFs).</param>
/// <param name="StrainEnergyDensity">w_e per element.</param>
/// <param name="Compliance">J = Σ_l f_lᵀu_l.</param>
public sealed record RunFields(double[] Displacements, double[] StrainEnergyDensity, double Compliance)
{
    /// <summary>The fields of <paramref name="problem"/> at the physical design <paramref name="physical"/> (field-major).</summary>
    public static RunFields Compute(ComplianceProblem problem, IReadOnlyList<double> physical)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(physical);
        var (n, k) = (problem.ElementCount, problem.FieldCount);
        if (physical.Count != n * k)
        {
            throw new ArgumentException($"{physical.Count} values for {n} elements with {k} field(s)", nameof(physical));
        }

        var designs = new double[n * k];
        for (var e = 0; e < n; e++)
        {
            for (var f = 0; f < k; f++)
            {
                designs[(e * k) + f] = physical[(f * n) + e];
            }
        }

        var material = problem.Material;
        var m = material.StiffnessEntries;
        var stiffness = new double[n * m];
        material.Stiffness(designs, stiffness);
        var analysis = problem.Analysis;
        var u = new double[problem.Structure.LoadCases.Count * problem.Structure.Mesh.DofCount];
        var compliance = analysis.Solve(stiffness, u);
        var energies = new double[n * m];
        analysis.ElementEnergies(u, energies);
        var density = new double[n];
        for (var e = 0; e < n; e++)
        {
            double sum = 0;
            for (var t = 0; t < m; t++)
            {
                sum += stiffness[(m * e) + t] * energies[(m * e) + t];
            }

            density[e] = 0.5 * sum;
        }

        return new RunFields(u, density, compliance);
    }
}
