using System.Globalization;
using NeuralTopOpt.Sparse;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// One level of the hierarchy: its layout, operator, Dirichlet DOFs and the vectors a cycle works in
/// (right-hand side B, iterate X, residual R). R is free except between the residual and its
/// restriction, so a Jacobi sweep writes its new iterate there and the two swap: X is always where the
/// iterate is.
/// </summary>
internal sealed class MultigridLevel
{
    public MultigridLevel(int index, GridLayout layout, LevelOperator op, int[] fixedPositions, bool[] isFixed)
    {
        Index = index;
        Layout = layout;
        Operator = op;
        FixedPositions = fixedPositions;
        IsFixed = isFixed;
        B = index == 0 ? [] : new double[layout.Length];
        X = new double[layout.Length];
        R = new double[layout.Length];
        InverseDiagonal = new double[layout.Length];
    }

    /// <summary>0 for the finest level.</summary>
    public int Index { get; }

    public GridLayout Layout { get; }

    public LevelOperator Operator { get; }

    /// <summary>Padded positions of the fixed DOFs.</summary>
    public int[] FixedPositions { get; }

    /// <summary>Fixed flag by padded position.</summary>
    public bool[] IsFixed { get; }

    /// <summary>Transfer to the next coarser level (null on the coarsest).</summary>
    public GridTransfer? ToCoarser { get; set; }

    /// <summary>Right-hand side; on the finest level the caller's residual array is put here (no copy).</summary>
    public double[] B { get; set; }

    public double[] X { get; private set; }

    public double[] R { get; private set; }

    /// <summary>D⁻¹, zero on fixed DOFs and ghosts.</summary>
    public double[] InverseDiagonal { get; }

    /// <summary>Bytes of the level's own vectors (the finest level borrows B), operator and transfer.</summary>
    public long MemoryBytes => (8L * ((Index == 0 ? 3 : 4) * (long)Layout.Length)) + Operator.MemoryBytes + (ToCoarser?.MemoryBytes ?? 0);

    /// <summary>Swaps X and R (after a sweep wrote the new iterate into R).</summary>
    public void SwapIterate() => (X, R) = (R, X);

    /// <summary>
    /// Recomputes D⁻¹ from the operator. A free DOF without positive, finite stiffness makes the
    /// operator singular or indefinite: that throws <see cref="NotPositiveDefiniteException"/>.
    /// </summary>
    public void UpdateInverseDiagonal()
    {
        var d = InverseDiagonal;
        Operator.Diagonal(d);
        var layout = Layout;
        for (var ix = 0; ix < layout.NodesX; ix++)
        {
            for (var c = 0; c < 2; c++)
            {
                var plane = layout.Plane(ix, c);
                for (var iy = 0; iy < layout.NodesY; iy++)
                {
                    var i = plane + iy + 1;
                    var v = d[i];
                    if (IsFixed[i])
                    {
                        d[i] = 0;
                    }
                    else if (v > 0 && double.IsFinite(v))
                    {
                        d[i] = 1 / v;
                    }
                    else
                    {
                        throw new NotPositiveDefiniteException(
                            string.Create(
                                CultureInfo.InvariantCulture,
                                $"the stiffness matrix has the diagonal entry {v:G6} at node x={ix}, row {iy} from the top, direction {(c == 0 ? "x" : "y")} (multigrid level {Index}); element stiffness must be positive and finite"),
                            (2 * ((ix * layout.NodesY) + iy)) + c,
                            v,
                            double.IsFinite(v) ? (v == 0 ? PivotFailure.Singular : PivotFailure.Negative) : PivotFailure.NotFinite);
                    }
                }
            }
        }
    }
}
