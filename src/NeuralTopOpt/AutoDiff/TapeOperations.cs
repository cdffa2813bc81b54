using NeuralTopOpt.AutoDiff.Kernels;
using NeuralTopOpt.Nn;

namespace NeuralTopOpt.AutoDiff;

/// <summary>Recording (forward) and replaying (backward) of each operation.</summary>
public sealed partial class Tape
{
    internal Variable Binary(OpKind op, Variable a, Variable b)
    {
        var (na, nb) = (NodeOf(a), NodeOf(b));
        var (sa, sb) = (new Operand(na.Rows, na.Columns), new Operand(nb.Rows, nb.Columns));
        var (rows, columns) = Broadcast.Shape(sa, sb);
        var y = Record(op, a.Index, b.Index, rows, columns);
        Broadcast.Forward(op, sa, ValueOf(a.Index), sb, ValueOf(b.Index), ValueOf(y.Index), rows, columns);
        return y;
    }

    internal Variable Unary(OpKind op, Variable a, Activation activation = Activation.Linear, double parameter = 0)
    {
        var x = NodeOf(a);
        var (rows, columns) = op switch
        {
            OpKind.Transpose => (x.Columns, x.Rows),
            OpKind.Sum => (1, 1),
            OpKind.SumOverRows => (1, x.Columns),
            OpKind.SumOverColumns => (x.Rows, 1),
            _ => (x.Rows, x.Columns),
        };
        var y = Record(op, a.Index, -1, rows, columns, activation, parameter, auxiliary: op == OpKind.Activate);
        var input = ValueOf(a.Index);
        var output = ValueOf(y.Index);
        switch (op)
        {
            case OpKind.Negate: Elementwise.Negate(input, output); break;
            case OpKind.Power: Elementwise.Power(input, parameter, output); break;
            case OpKind.Exp: Elementwise.Exp(input, output); break;
            case OpKind.Log: Elementwise.Log(input, output); break;
            case OpKind.Activate: Elementwise.Activate(activation, input, output, _nodes[y.Index].Aux.Span); break;
            case OpKind.Transpose: Matrix.Transpose(input, output, x.Rows, x.Columns, accumulate: false); break;
            case OpKind.Sum: output[0] = SpanMath.Sum(input); break;
            case OpKind.SumOverRows: Matrix.SumOverRows(input, output, x.Rows, x.Columns); break;
            case OpKind.SumOverColumns: Matrix.SumOverColumns(input, output, x.Rows, x.Columns); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }

        return y;
    }

    internal Variable MatMul(Variable a, Variable b)
    {
        var (na, nb) = (NodeOf(a), NodeOf(b));
        if (na.Columns != nb.Rows)
        {
            throw new ArgumentException($"cannot multiply {na.Rows} × {na.Columns} by {nb.Rows} × {nb.Columns}");
        }

        int n = na.Rows, k = na.Columns, m = nb.Columns;
        var y = Record(OpKind.MatMul, a.Index, b.Index, n, m);
        var output = ValueOf(y.Index);
        output.Clear();
        if (m >= Matrix.WideRow)
        {
            Matrix.GatherRows(ValueOf(a.Index), ValueOf(b.Index), output, n, k, m);
        }
        else
        {
            var transposed = _arena.Allocate(m * k).Span;
            Matrix.Transpose(ValueOf(b.Index), transposed, k, m, accumulate: false);
            Matrix.DotRows(ValueOf(a.Index), transposed, output, n, k, m);
        }

        return y;
    }

    /// <summary>Adds the adjoint of node <paramref name="index"/> to its inputs (the chain rule for one operation).</summary>
    private void BackwardStep(int index)
    {
        var node = _nodes[index];
        var g = (ReadOnlySpan<double>)node.Grad.Span;
        switch (node.Op)
        {
            case OpKind.Leaf:
                return;
            case OpKind.Add or OpKind.Subtract or OpKind.Multiply or OpKind.Divide:
                var (na, nb) = (_nodes[node.A], _nodes[node.B]);
                Broadcast.Backward(
                    node.Op, g, node.Value.Span,
                    new Operand(na.Rows, na.Columns), na.Value.Span, na.RequiresGradient ? GradientFor(node.A) : default,
                    new Operand(nb.Rows, nb.Columns), nb.Value.Span, nb.RequiresGradient ? GradientFor(node.B) : default,
                    node.Rows, node.Columns);
                return;
            case OpKind.MatMul:
                MatMulBackward(node, g);
                return;
        }

        var x = _nodes[node.A];
        var dx = GradientFor(node.A);
        switch (node.Op)
        {
            case OpKind.Negate: SpanMath.SubtractFrom(g, dx); break;
            case OpKind.Power: Elementwise.PowerBackward(g, x.Value.Span, node.Parameter, dx); break;
            case OpKind.Exp: SpanMath.MultiplyAddTo(g, node.Value.Span, dx); break;
            case OpKind.Log: Elementwise.LogBackward(g, x.Value.Span, dx); break;
            case OpKind.Activate: SpanMath.MultiplyAddTo(g, node.Aux.Span, dx); break;
            case OpKind.Transpose: Matrix.Transpose(g, dx, node.Rows, node.Columns, accumulate: true); break;
            case OpKind.Sum: AddScalar(dx, g[0], dx.Length); break;
            case OpKind.SumOverRows:
                for (var r = 0; r < x.Rows; r++)
                {
                    SpanMath.AddTo(g, dx.Slice(r * x.Columns, x.Columns));
                }

                break;
            case OpKind.SumOverColumns:
                for (var r = 0; r < x.Rows; r++)
                {
                    AddScalar(dx.Slice(r * x.Columns, x.Columns), g[r], x.Columns);
                }

                break;
            default:
                throw new InvalidOperationException($"no backward rule for {node.Op}");
        }
    }

    /// <summary>C = A·B: ∂A += G·Bᵀ, ∂B += Aᵀ·G, each in its long-inner-loop form (see <see cref="Matrix"/>).</summary>
    private void MatMulBackward(Node node, ReadOnlySpan<double> g)
    {
        var (na, nb) = (_nodes[node.A], _nodes[node.B]);
        int n = na.Rows, k = na.Columns, m = nb.Columns;
        if (na.RequiresGradient)
        {
            var da = GradientFor(node.A);
            if (k >= Matrix.WideRow)
            {
                var transposed = _arena.Allocate(m * k).Span;                  // Bᵀ, m × k
                Matrix.Transpose(nb.Value.Span, transposed, k, m, accumulate: false);
                Matrix.GatherRows(g, transposed, da, n, m, k);
            }
            else
            {
                Matrix.DotRows(g, nb.Value.Span, da, n, m, k);                 // rows of B are rows of (Bᵀ)ᵀ
            }
        }

        if (nb.RequiresGradient)
        {
            var db = GradientFor(node.B);
            if (m >= Matrix.WideRow)
            {
                Matrix.GatherTransposed(na.Value.Span, g, db, n, k, m);
            }
            else
            {
                var transposed = _arena.Allocate(m * k).Span;                  // (∂B)ᵀ, m × k
                transposed.Clear();
                Matrix.GatherTransposedInto(na.Value.Span, g, transposed, n, k, m);
                Matrix.Transpose(transposed, db, m, k, accumulate: true);
            }
        }
    }

    private static void AddScalar(Span<double> d, double value, int count)
    {
        for (var i = 0; i < count; i++)
        {
            d[i] += value;
        }
    }
}
