namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// The geometry every node kernel shares: the four elements around a node, the node's local index in
/// each, and where each element's nodes lie relative to it. Local node order is the Q4 element's
/// (bottom-left, bottom-right, top-right, top-left, see <see cref="Fem.Q4Element"/>), rows counted
/// downwards from the top as in the mesh.
/// </summary>
internal static class NodeNeighbourhood
{
    /// <summary>Offset (ex − ix, ey − iy) of the element in quadrant q: up-left, up-right, down-left, down-right.</summary>
    public static readonly (int Dx, int Dy)[] Quadrants = [(-1, -1), (0, -1), (-1, 0), (0, 0)];

    /// <summary>Offset of local node k from its element's top-left node (ex, ey).</summary>
    public static readonly (int Dx, int Dy)[] LocalNodes = [(0, 1), (1, 1), (1, 0), (0, 0)];

    /// <summary>The forward neighbours whose coupling blocks a node stores (the others are the transposes stored at the neighbour).</summary>
    public static readonly (int Dx, int Dy)[] Forward = [(0, 1), (1, -1), (1, 0), (1, 1)];

    /// <summary>Local index of the centre node in the element of quadrant q.</summary>
    public static int CentreIndex(int q) => LocalIndex(q, 0, 0);

    /// <summary>Local index, in the element of quadrant q, of the node at offset (dx, dy) from the centre; −1 if that element lacks it.</summary>
    public static int LocalIndex(int q, int dx, int dy)
    {
        var (qx, qy) = Quadrants[q];
        for (var k = 0; k < 4; k++)
        {
            if (qx + LocalNodes[k].Dx == dx && qy + LocalNodes[k].Dy == dy)
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>Index 0 … 17 of DOF component c of the node at offset (dx, dy) among the 3×3 neighbourhood's DOFs.</summary>
    public static int Slot(int dx, int dy, int c) => ((((dx + 1) * 3) + dy + 1) * 2) + c;
}
