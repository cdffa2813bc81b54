namespace NeuralTopOpt.Fem;

/// <summary>What an element's design is held to, whatever the optimizer does.</summary>
public enum PassiveKind : byte
{
    /// <summary>Designable.</summary>
    Active,

    /// <summary>Held solid.</summary>
    Solid,

    /// <summary>Held void.</summary>
    Void,
}

/// <summary>A force on one DOF (N, positive along +x or +y with y upwards).</summary>
/// <param name="Dof">DOF index in the mesh numbering (2·node for x, 2·node + 1 for y).</param>
/// <param name="Value">Force.</param>
public readonly record struct PointLoad(int Dof, double Value);

/// <summary>One set of loads applied together; a problem may have several, each solved separately.</summary>
/// <param name="Name">Label for reports.</param>
/// <param name="Loads">The point loads (several on one DOF add up).</param>
public sealed record LoadCase(string Name, IReadOnlyList<PointLoad> Loads);

/// <summary>
/// A linear-elastic problem on a structured grid: the mesh, the fixed DOFs (homogeneous supports),
/// one or more load cases and the passive elements. Validated on creation.
/// </summary>
public sealed class StructuralProblem
{
    private readonly int[] _fixedDofs;
    private readonly PassiveKind[] _passive;

    /// <summary>Checks and stores a problem; throws <see cref="InvalidInputException"/> naming what is wrong.</summary>
    public StructuralProblem(string name, GridMesh mesh, IEnumerable<int> fixedDofs, IReadOnlyList<LoadCase> loadCases, IReadOnlyList<PassiveKind>? passive = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(fixedDofs);
        ArgumentNullException.ThrowIfNull(loadCases);
        Name = name;
        Mesh = mesh;
        _fixedDofs = fixedDofs.Distinct().Order().ToArray();
        if (_fixedDofs.Length > 0 && (_fixedDofs[0] < 0 || _fixedDofs[^1] >= mesh.DofCount))
        {
            throw new InvalidInputException($"a fixed DOF lies outside 0..{mesh.DofCount - 1}");
        }

        if (_fixedDofs.Length == mesh.DofCount)
        {
            throw new InvalidInputException("every DOF is fixed; nothing can deform");
        }

        if (loadCases.Count == 0)
        {
            throw new InvalidInputException("the problem has no load case");
        }

        var isFixed = new bool[mesh.DofCount];
        foreach (var dof in _fixedDofs)
        {
            isFixed[dof] = true;
        }

        foreach (var loadCase in loadCases)
        {
            var anyFree = false;
            var net = new Dictionary<int, double>();
            foreach (var load in loadCase.Loads)
            {
                if ((uint)load.Dof >= (uint)mesh.DofCount)
                {
                    throw new InvalidInputException($"load case '{loadCase.Name}': DOF {load.Dof} is outside 0..{mesh.DofCount - 1}");
                }

                if (!double.IsFinite(load.Value))
                {
                    throw new InvalidInputException($"load case '{loadCase.Name}': the force on DOF {load.Dof} is {load.Value}, not a finite number");
                }

                anyFree |= load.Value != 0 && !isFixed[load.Dof];
                if (!isFixed[load.Dof])
                {
                    net[load.Dof] = net.GetValueOrDefault(load.Dof) + load.Value;
                }
            }

            if (!anyFree)
            {
                throw new InvalidInputException($"load case '{loadCase.Name}' applies no force to a free DOF");
            }

            // Loads on one DOF add up; if they cancel everywhere the compliance is 0 for every design
            // and there is nothing to optimize (an optimizer would see a zero objective and gradient).
            if (net.Values.All(v => v == 0))
            {
                throw new InvalidInputException(
                    $"load case '{loadCase.Name}': its loads cancel (they add up to zero on every free DOF, e.g. +1 and -1 on one node), so the compliance is 0 for every design; remove the case or give it a net force");
            }
        }

        LoadCases = loadCases.ToArray();
        _passive = passive?.ToArray() ?? new PassiveKind[mesh.ElementCount];
        if (_passive.Length != mesh.ElementCount)
        {
            throw new InvalidInputException($"{_passive.Length} passive flags for {mesh.ElementCount} elements");
        }

        if (_passive.All(p => p != PassiveKind.Active))
        {
            throw new InvalidInputException("every element is passive; there is nothing to design");
        }
    }

    /// <summary>
    /// The same problem (mesh, supports, passive elements) with every force divided by
    /// <paramref name="divisor"/>: f/c. Division, not multiplication by 1/c, so that loads s·f divided by
    /// their own size c = s are f again to the last bit when f holds unit forces.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="divisor"/> is not a positive finite number.</exception>
    public StructuralProblem WithLoadsDividedBy(double divisor)
    {
        if (!(divisor > 0) || !double.IsFinite(divisor))
        {
            throw new ArgumentOutOfRangeException(nameof(divisor), divisor, "the divisor must be a positive finite number");
        }

        var cases = LoadCases.Select(c => new LoadCase(c.Name, c.Loads.Select(l => new PointLoad(l.Dof, l.Value / divisor)).ToArray())).ToArray();
        return new StructuralProblem(Name, Mesh, _fixedDofs, cases, _passive);
    }

    /// <summary>Label for reports.</summary>
    public string Name { get; }

    /// <summary>The mesh.</summary>
    public GridMesh Mesh { get; }

    /// <summary>Fixed DOFs, ascending, without repeats.</summary>
    public ReadOnlySpan<int> FixedDofs => _fixedDofs;

    /// <summary>The load cases.</summary>
    public IReadOnlyList<LoadCase> LoadCases { get; }

    /// <summary>Passive kind of every element.</summary>
    public ReadOnlySpan<PassiveKind> Passive => _passive;

    /// <summary>The force vector of load case <paramref name="index"/> (length = DOF count).</summary>
    public void ForceVector(int index, Span<double> force)
    {
        if (force.Length != Mesh.DofCount)
        {
            throw new ArgumentException($"the force vector has {Mesh.DofCount} entries", nameof(force));
        }

        force.Clear();
        foreach (var load in LoadCases[index].Loads)
        {
            force[load.Dof] += load.Value;
        }
    }
}
