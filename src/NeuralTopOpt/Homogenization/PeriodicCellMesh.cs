using NeuralTopOpt.Fem;
using NeuralTopOpt.Sparse.Factorization;
using NeuralTopOpt.Sparse.Ordering;

namespace NeuralTopOpt.Homogenization;

/// <summary>
/// Everything about a periodic R × R unit cell of square Q4 pixel elements that depends only on R —
/// built once, immutable, and shared by any number of <see cref="CellHomogenizer"/>s (one per thread):
/// the periodic DOF map, the sparsity pattern and scatter map, the nested-dissection ordering and the
/// symbolic Cholesky analysis, and the element loads of the three unit strains.
/// </summary>
/// <remarks>
/// Periodicity as in Andreassen and Andreassen (2014): the DOFs of opposite boundary nodes are
/// the same unknowns, so node (ix, iy), 0 ≤ ix, iy ≤ R, is node (ix mod R, iy mod R) and the cell has
/// R² distinct nodes, numbered ix·R + iy (ix from the left, iy from the top). Node 0 is fixed in both
/// directions to remove the rigid translations, leaving 2R² − 2 unknowns. Pixel (i, j), column i from
/// the left and row j from the top, is element i·R + j, with nodes in <see cref="Q4Element"/>'s order
/// (bottom-left, bottom-right, top-right, top-left). Elements are unit squares; the cell area is R².
/// </remarks>
public sealed class PeriodicCellMesh
{
    /// <summary>Largest resolution (R² ≤ <see cref="GridMesh.MaxElements"/>).</summary>
    public const int MaxResolution = 2000;

    /// <summary>
    /// The element displacements χ⁰ of the three unit strains ε⁰ = (1, 0, 0), (0, 1, 0), (0, 0, 1) on a
    /// unit element with its bottom-left node at the origin: u = (x, 0), (0, y) and (y/2, x/2), 8 values each.
    /// </summary>
    private static readonly double[] UnitStrains =
    [
        0, 0, 1, 0, 1, 0, 0, 0,
        0, 0, 0, 0, 0, 1, 0, 1,
        0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0,
    ];

    private readonly int[] _elementUnknowns;
    private readonly double[] _basisLoads;

    private PeriodicCellMesh(int resolution)
    {
        Resolution = resolution;
        var nodes = resolution * resolution;
        var unknownOf = new int[2 * nodes];
        unknownOf[0] = unknownOf[1] = -1;
        for (var d = 2; d < unknownOf.Length; d++)
        {
            unknownOf[d] = d - 2;
        }

        UnknownCount = unknownOf.Length - 2;
        _elementUnknowns = new int[Q4Element.DofCount * nodes];
        Span<int> corners = stackalloc int[4];
        for (var ex = 0; ex < resolution; ex++)
        {
            for (var ey = 0; ey < resolution; ey++)
            {
                // Bottom-left, bottom-right, top-right, top-left; row ey + 1 lies below row ey.
                corners[0] = Node(ex, ey + 1);
                corners[1] = Node(ex + 1, ey + 1);
                corners[2] = Node(ex + 1, ey);
                corners[3] = Node(ex, ey);
                var dofs = _elementUnknowns.AsSpan(Q4Element.DofCount * ((ex * resolution) + ey), Q4Element.DofCount);
                for (var a = 0; a < 4; a++)
                {
                    dofs[2 * a] = unknownOf[2 * corners[a]];
                    dofs[(2 * a) + 1] = unknownOf[(2 * corners[a]) + 1];
                }
            }
        }

        Assembler = new StiffnessAssembler(UnknownCount, _elementUnknowns);
        var nodeOrder = GridNestedDissection.Order(resolution, resolution, periodicX: true, periodicY: true);
        Symbolic = SymbolicAnalysis.Analyze(Assembler.Matrix, Permutation.Restrict(Permutation.ExpandBlocks(nodeOrder, 2), unknownOf));
        _basisLoads = BasisLoads();
    }

    /// <summary>R, pixels along each side.</summary>
    public int Resolution { get; }

    /// <summary>R², the number of pixel elements.</summary>
    public int ElementCount => Resolution * Resolution;

    /// <summary>2R² − 2 unknowns of the periodic fluctuation field.</summary>
    public int UnknownCount { get; }

    /// <summary>The unknown of each of the 8 DOFs of every element (−1 for the fixed node), element after element.</summary>
    public ReadOnlySpan<int> ElementUnknowns => _elementUnknowns;

    /// <summary>Pattern and scatter map of K (values are filled by each homogenizer into its own buffer).</summary>
    public StiffnessAssembler Assembler { get; }

    /// <summary>The symbolic Cholesky analysis of K under periodic nested dissection.</summary>
    public SymbolicAnalysis Symbolic { get; }

    /// <summary>χ⁰ of unit strain <paramref name="loadCase"/> (0, 1, 2) on one element, 8 values.</summary>
    public static ReadOnlySpan<double> UnitStrainDisplacement(int loadCase) => UnitStrains.AsSpan(Q4Element.DofCount * loadCase, Q4Element.DofCount);

    /// <summary>K_t·χ⁰_i for the six basis matrices t and the three load cases i: 8 values at (3t + i)·8.</summary>
    internal ReadOnlySpan<double> BasisLoadVectors => _basisLoads;

    /// <summary>Builds the cell for resolution R (at least 2, at most <see cref="MaxResolution"/>).</summary>
    /// <exception cref="InvalidInputException">R outside [2, <see cref="MaxResolution"/>].</exception>
    public static PeriodicCellMesh Create(int resolution)
    {
        if (resolution < 2 || resolution > MaxResolution)
        {
            throw new InvalidInputException($"the cell resolution must be 2 to {MaxResolution} pixels per side, not {resolution}");
        }

        return new PeriodicCellMesh(resolution);
    }

    private int Node(int ix, int iy) => ((ix % Resolution) * Resolution) + (iy % Resolution);

    private static double[] BasisLoads()
    {
        var loads = new double[6 * 3 * Q4Element.DofCount];
        for (var t = 0; t < 6; t++)
        {
            var k = Q4Element.UnitSquare.Matrix(t);
            for (var i = 0; i < 3; i++)
            {
                var chi = UnitStrainDisplacement(i);
                for (var a = 0; a < Q4Element.DofCount; a++)
                {
                    double sum = 0;
                    for (var b = 0; b < Q4Element.DofCount; b++)
                    {
                        sum += k[(a * Q4Element.DofCount) + b] * chi[b];
                    }

                    loads[(((3 * t) + i) * Q4Element.DofCount) + a] = sum;
                }
            }
        }

        return loads;
    }
}
