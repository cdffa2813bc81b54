namespace NeuralTopOpt.Solvers;

/// <summary>
/// The unknowns of an <see cref="ElasticSystem"/>: its free DOFs in mesh order, and the element table in
/// unknowns (−1 for a fixed DOF), as the direct solvers assemble them.
/// </summary>
internal sealed class FreeDofs
{
    public FreeDofs(ElasticSystem system)
    {
        var mesh = system.Mesh;
        UnknownOf = new int[mesh.DofCount];
        foreach (var dof in system.FixedDofs)
        {
            UnknownOf[dof] = -1;
        }

        var unknowns = 0;
        for (var dof = 0; dof < mesh.DofCount; dof++)
        {
            if (UnknownOf[dof] == 0)
            {
                UnknownOf[dof] = unknowns++;
            }
        }

        DofOf = new int[unknowns];
        for (var dof = 0; dof < mesh.DofCount; dof++)
        {
            if (UnknownOf[dof] >= 0)
            {
                DofOf[UnknownOf[dof]] = dof;
            }
        }

        ElementTable = new int[mesh.ElementDofs.Length];
        for (var t = 0; t < ElementTable.Length; t++)
        {
            ElementTable[t] = UnknownOf[mesh.ElementDofs[t]];
        }
    }

    /// <summary>The unknown of each mesh DOF, −1 when fixed.</summary>
    public int[] UnknownOf { get; }

    /// <summary>The mesh DOF of each unknown.</summary>
    public int[] DofOf { get; }

    /// <summary>The element DOF table in unknowns (−1 for fixed DOFs).</summary>
    public int[] ElementTable { get; }

    /// <summary>Number of unknowns.</summary>
    public int Count => DofOf.Length;

    /// <summary>Gathers the free entries of <paramref name="count"/> right-hand sides over all mesh DOFs.</summary>
    public void Gather(ReadOnlySpan<double> rhs, Span<double> reduced, int count)
    {
        var (n, dofs) = (Count, UnknownOf.Length);
        for (var l = 0; l < count; l++)
        {
            var force = rhs.Slice(l * dofs, dofs);
            for (var u = 0; u < n; u++)
            {
                reduced[(l * n) + u] = force[DofOf[u]];
            }
        }
    }

    /// <summary>Scatters reduced solutions back over all mesh DOFs (zero on fixed DOFs).</summary>
    public void Scatter(ReadOnlySpan<double> reduced, Span<double> solution, int count)
    {
        var (n, dofs) = (Count, UnknownOf.Length);
        solution.Clear();
        for (var l = 0; l < count; l++)
        {
            var u = solution.Slice(l * dofs, dofs);
            for (var k = 0; k < n; k++)
            {
                u[DofOf[k]] = reduced[(l * n) + k];
            }
        }
    }
}
