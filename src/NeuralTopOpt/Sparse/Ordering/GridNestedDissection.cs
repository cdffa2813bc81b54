namespace NeuralTopOpt.Sparse.Ordering;

/// <summary>
/// Geometric nested dissection of a structured grid of nodes (George 1973; Davis, <i>Direct Methods
/// for Sparse Linear Systems</i>, Sec. 7.6): a rectangle of nodes is split by its middle line of nodes
/// across the longer side; the two halves are ordered recursively, then the separator last. For
/// matrices whose couplings stay within one element of a bilinear (Q4) mesh, removing a line of nodes
/// disconnects the two sides, so the factor of a k×k grid has O(k² log k) nonzeros and costs O(k³)
/// operations instead of O(k³) and O(k⁴) for a banded order.
/// </summary>
/// <remarks>
/// Nodes are numbered column by column, node (ix, iy) = ix·nodesY + iy, as in the FE mesh. A grid
/// periodic in x (node column nodesX wrapped onto column 0, as in a periodic unit cell) is first cut
/// along column 0, which becomes the last separator; likewise row 0 in y.
/// </remarks>
public static class GridNestedDissection
{
    /// <summary>Regions with at most this many nodes are ordered directly (column by column).</summary>
    private const int LeafSize = 4;

    /// <summary>An ordering of the nodesX × nodesY nodes (see the type remarks for numbering).</summary>
    public static int[] Order(int nodesX, int nodesY, bool periodicX = false, bool periodicY = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodesX, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodesY, 1);
        var order = new List<int>(nodesX * nodesY);
        var x0 = periodicX ? 1 : 0;
        var y0 = periodicY ? 1 : 0;
        Dissect(order, nodesY, x0, nodesX, y0, nodesY);

        // Periodic cuts: row 0 (minus its corner) and column 0 are eliminated last.
        if (periodicY)
        {
            for (var ix = x0; ix < nodesX; ix++)
            {
                order.Add(ix * nodesY);
            }
        }

        if (periodicX)
        {
            for (var iy = 0; iy < nodesY; iy++)
            {
                order.Add(iy);
            }
        }

        return order.ToArray();
    }

    /// <summary>Orders the nodes of [x0, x1) × [y0, y1), separators after the parts they separate.</summary>
    private static void Dissect(List<int> order, int nodesY, int x0, int x1, int y0, int y1)
    {
        var width = x1 - x0;
        var height = y1 - y0;
        if (width <= 0 || height <= 0)
        {
            return;
        }

        if (width * height <= LeafSize || (width <= 2 && height <= 2))
        {
            for (var ix = x0; ix < x1; ix++)
            {
                for (var iy = y0; iy < y1; iy++)
                {
                    order.Add((ix * nodesY) + iy);
                }
            }

            return;
        }

        if (width >= height)
        {
            var xm = x0 + (width / 2);
            Dissect(order, nodesY, x0, xm, y0, y1);
            Dissect(order, nodesY, xm + 1, x1, y0, y1);
            for (var iy = y0; iy < y1; iy++)
            {
                order.Add((xm * nodesY) + iy);
            }
        }
        else
        {
            var ym = y0 + (height / 2);
            Dissect(order, nodesY, x0, x1, y0, ym);
            Dissect(order, nodesY, x0, x1, ym + 1, y1);
            for (var ix = x0; ix < x1; ix++)
            {
                order.Add((ix * nodesY) + ym);
            }
        }
    }
}
