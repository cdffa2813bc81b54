namespace NeuralTopOpt.Fem.Problems;

/// <summary>The classic benchmark problems on an nelx × nely grid (y upwards, forces of unit size).</summary>
public static class StandardProblems
{
    /// <summary>
    /// The half MBB beam of the paper (Fig. 4A) and of the 88-line code: the left edge is the symmetry
    /// line (x fixed on all its nodes), a unit load pushes down at the top-left node (DOF 1), and the
    /// bottom-right node rests on a roller (y fixed).
    /// </summary>
    public static StructuralProblem HalfMbb(int elementsX, int elementsY)
    {
        var mesh = new GridMesh(elementsX, elementsY);
        var fixedDofs = new List<int>();
        for (var iy = 0; iy <= elementsY; iy++)
        {
            fixedDofs.Add(2 * mesh.Node(0, iy));
        }

        fixedDofs.Add((2 * mesh.NodeAt(elementsX, 0)) + 1);
        var load = new LoadCase("top-left", [new PointLoad((2 * mesh.NodeAt(0, elementsY)) + 1, -1)]);
        return new StructuralProblem($"half MBB beam {elementsX}x{elementsY}", mesh, fixedDofs, [load]);
    }

    /// <summary>
    /// The full MBB beam: a load of <paramref name="load"/> downwards at the top-centre node (nelx even),
    /// rollers (y fixed) at both bottom corners, and x fixed at the top-centre node, which lies on the
    /// symmetry line. Its symmetric solution is the half beam's mirrored, with twice the compliance when
    /// the load is 2.
    /// </summary>
    public static StructuralProblem FullMbb(int elementsX, int elementsY, double load = 2)
    {
        if (elementsX % 2 != 0)
        {
            throw new InvalidInputException($"the full MBB beam needs an even nelx to load its centre, not {elementsX}");
        }

        var mesh = new GridMesh(elementsX, elementsY);
        var centre = mesh.NodeAt(elementsX / 2, elementsY);
        int[] fixedDofs = [(2 * mesh.NodeAt(0, 0)) + 1, (2 * mesh.NodeAt(elementsX, 0)) + 1, 2 * centre];
        var loads = new LoadCase("top-centre", [new PointLoad((2 * centre) + 1, -load)]);
        return new StructuralProblem($"full MBB beam {elementsX}x{elementsY}", mesh, fixedDofs, [loads]);
    }

    /// <summary>
    /// A cantilever: the left edge clamped (x and y fixed), a unit load downwards at the middle node of
    /// the right edge (the lower of the two middle nodes when nely is odd).
    /// </summary>
    public static StructuralProblem Cantilever(int elementsX, int elementsY)
    {
        var mesh = new GridMesh(elementsX, elementsY);
        var fixedDofs = new List<int>();
        for (var iy = 0; iy <= elementsY; iy++)
        {
            fixedDofs.Add(2 * mesh.Node(0, iy));
            fixedDofs.Add((2 * mesh.Node(0, iy)) + 1);
        }

        var tip = mesh.NodeAt(elementsX, elementsY / 2);
        var load = new LoadCase("tip", [new PointLoad((2 * tip) + 1, -1)]);
        return new StructuralProblem($"cantilever {elementsX}x{elementsY}", mesh, fixedDofs, [load]);
    }
}
