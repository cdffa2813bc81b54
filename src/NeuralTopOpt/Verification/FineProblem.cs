using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Verification;

/// <summary>How a coarse point load is put on the fine mesh.</summary>
public enum LoadTransfer
{
    /// <summary>
    /// On the fine node at the coarse node's place. Work-consistent with the bilinear prolongation P of coarse
    /// to fine displacements (Pᵀf_fine = f_coarse, P interpolates at coinciding nodes), but a point load on a
    /// continuum: the fine compliance grows like ln n as the pixels shrink.
    /// </summary>
    Node,

    /// <summary>
    /// Spread along the domain boundary through the coarse node, over one coarse element each way, with the
    /// weights of the coarse node's hat function (1 at the node, 0 one element away), scaled to the same total
    /// force: the traction a coarse nodal load stands for. Where the node has no boundary edge, as <see cref="Node"/>.
    /// </summary>
    Spread,
}

/// <summary>
/// The coarse problem's supports and loads on the fine mesh of a <see cref="FineStructure"/> (n = K·M pixels per
/// element side; coarse node (ix, iy) is fine node (n·ix, n·iy)):
/// <list type="bullet">
/// <item>a coarse DOF fixed in direction d fixes the fine node at its place in d, and a coarse grid edge whose two
/// end nodes are both fixed in d fixes every fine node on it in d (an edge held along its length stays held);
/// an isolated support (the MBB beam's roller) stays a point support;</item>
/// <item>loads by <see cref="LoadTransfer"/>: at the coinciding node, or spread with the coarse hat function along
/// the boundary (the default: no point-load singularity in the fine compliance);</item>
/// <item>no passive elements (the fine problem is only analyzed).</item>
/// </list>
/// The fine elements are unit squares like the coarse ones; a square Q4's stiffness does not depend on its size in
/// 2D, so the fine problem in pixel units has the compliance of the structure in element units.
/// </summary>
public static class FineProblem
{
    /// <summary>The fine problem of <paramref name="coarse"/> with <paramref name="subdivision"/> pixels per element side.</summary>
    public static StructuralProblem Map(StructuralProblem coarse, int subdivision, LoadTransfer loads = LoadTransfer.Spread)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        var c = coarse.Mesh;
        var n = subdivision;
        var fine = new GridMesh(c.ElementsX * n, c.ElementsY * n);
        var isFixed = new bool[c.DofCount];
        foreach (var dof in coarse.FixedDofs)
        {
            isFixed[dof] = true;
        }

        var fixedDofs = new HashSet<int>();
        for (var ix = 0; ix <= c.ElementsX; ix++)
        {
            for (var iy = 0; iy <= c.ElementsY; iy++)
            {
                for (var d = 0; d < 2; d++)
                {
                    if (!isFixed[(2 * c.Node(ix, iy)) + d])
                    {
                        continue;
                    }

                    fixedDofs.Add((2 * fine.Node(n * ix, n * iy)) + d);
                    if (ix < c.ElementsX && isFixed[(2 * c.Node(ix + 1, iy)) + d])
                    {
                        for (var s = 1; s < n; s++)
                        {
                            fixedDofs.Add((2 * fine.Node((n * ix) + s, n * iy)) + d);
                        }
                    }

                    if (iy < c.ElementsY && isFixed[(2 * c.Node(ix, iy + 1)) + d])
                    {
                        for (var s = 1; s < n; s++)
                        {
                            fixedDofs.Add((2 * fine.Node(n * ix, (n * iy) + s)) + d);
                        }
                    }
                }
            }
        }

        var cases = coarse.LoadCases.Select(l => new LoadCase(l.Name, [.. l.Loads.SelectMany(p => Transfer(c, fine, n, p, loads))])).ToArray();
        return new StructuralProblem($"{coarse.Name}, fine {fine.ElementsX}x{fine.ElementsY}", fine, fixedDofs, cases);
    }

    /// <summary>The fine loads of one coarse point load.</summary>
    public static IEnumerable<PointLoad> Transfer(GridMesh coarse, GridMesh fine, int subdivision, PointLoad load, LoadTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        ArgumentNullException.ThrowIfNull(fine);
        var n = subdivision;
        var node = load.Dof / 2;
        var d = load.Dof % 2;
        var (ix, iy) = (node / coarse.NodesY, node % coarse.NodesY);
        var centre = (2 * fine.Node(n * ix, n * iy)) + d;
        if (transfer == LoadTransfer.Node || n == 1)
        {
            return [new PointLoad(centre, load.Value)];
        }

        // Boundary edges through the node: along x on the top or bottom edge, along y on the left or right edge.
        var directions = new List<(int Dx, int Dy)>();
        var onTopOrBottom = iy == 0 || iy == coarse.ElementsY;
        var onLeftOrRight = ix == 0 || ix == coarse.ElementsX;
        if (onTopOrBottom)
        {
            directions.AddRange(new[] { (-1, 0), (1, 0) }.Where(v => ix + v.Item1 >= 0 && ix + v.Item1 <= coarse.ElementsX));
        }

        if (onLeftOrRight)
        {
            directions.AddRange(new[] { (0, -1), (0, 1) }.Where(v => iy + v.Item2 >= 0 && iy + v.Item2 <= coarse.ElementsY));
        }

        if (directions.Count == 0)
        {
            return [new PointLoad(centre, load.Value)];
        }

        // Hat weights 1 − s/n at s = 0 … n − 1 fine steps from the node along each edge; they sum to 1 + Σ_edges (n − 1)/2.
        var total = 1 + (directions.Count * (n - 1) / 2.0);
        var loads = new List<PointLoad> { new(centre, load.Value / total) };
        foreach (var (dx, dy) in directions)
        {
            for (var s = 1; s < n; s++)
            {
                var weight = 1 - ((double)s / n);
                loads.Add(new PointLoad((2 * fine.Node((n * ix) + (dx * s), (n * iy) + (dy * s))) + d, load.Value * weight / total));
            }
        }

        return loads;
    }
}
