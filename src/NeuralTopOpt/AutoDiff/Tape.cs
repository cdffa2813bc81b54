using NeuralTopOpt.Nn;

namespace NeuralTopOpt.AutoDiff;

/// <summary>
/// Reverse-mode automatic differentiation: a tape (Wengert list) of matrix operations recorded as a
/// program runs on <see cref="AutoDiff.Variable"/> values, then replayed backwards. <see cref="Backward(Variable, ReadOnlySpan{double})"/>
/// computes a vector-Jacobian product: given the seed v = ∂L/∂y of an output y, every variable x
/// that y depends on receives ∂L/∂x = vᵀ·∂y/∂x, each operation adding its local adjoint to its
/// inputs' (the chain rule, applied by the tape and nothing else).
/// </summary>
/// <remarks>
/// Every value is a dense row-major matrix; scalars are 1 × 1. Values and gradients live in an
/// arena that <see cref="Reset"/> rewinds, so re-recording the same program allocates nothing.
/// Not thread-safe: one tape per thread.
/// </remarks>
public sealed partial class Tape
{
    private readonly Arena _arena = new();
    private Node[] _nodes = new Node[64];
    private int _count;
    private int _generation;
    private int _epoch;

    /// <summary>Number of operations (and leaves) recorded since the last <see cref="Reset"/>.</summary>
    public int Count => _count;

    /// <summary>Forgets every recorded value; earlier <see cref="AutoDiff.Variable"/>s become invalid. Keeps the memory.</summary>
    public void Reset()
    {
        _count = 0;
        _generation++;
        _arena.Reset();
    }

    /// <summary>A constant (no gradient) holding a copy of <paramref name="values"/>, rows × columns row-major.</summary>
    public Variable Constant(ReadOnlySpan<double> values, int rows, int columns) => Leaf(values, rows, columns, false);

    /// <summary>A 1 × 1 constant.</summary>
    public Variable Constant(double value) => Leaf([value], 1, 1, false);

    /// <summary>An independent variable (its gradient is kept) holding a copy of <paramref name="values"/>.</summary>
    public Variable Input(ReadOnlySpan<double> values, int rows, int columns) => Leaf(values, rows, columns, true);

    /// <summary>A 1 × 1 independent variable.</summary>
    public Variable Input(double value) => Leaf([value], 1, 1, true);

    /// <summary>
    /// A leaf that uses <paramref name="storage"/> (rows × columns) in place, without copying: for
    /// parameters that change between recordings. The caller must not modify it until the tape is reset.
    /// </summary>
    public Variable Wrap(double[] storage, int rows, int columns, bool requiresGradient)
    {
        ArgumentNullException.ThrowIfNull(storage);
        CheckShape(rows, columns);
        if (storage.Length < rows * columns)
        {
            throw new ArgumentException($"storage of {storage.Length} values cannot hold {rows} × {columns}");
        }

        return Push(new Node
        {
            Op = OpKind.Leaf,
            A = -1,
            B = -1,
            Rows = rows,
            Columns = columns,
            Value = new Block(storage, 0, rows * columns),
            RequiresGradient = requiresGradient,
        });
    }

    /// <summary>Backward pass from a 1 × 1 output (seed 1): afterwards <see cref="Gradient"/> gives ∂y/∂x.</summary>
    public void Backward(Variable output)
    {
        ref var node = ref NodeOf(output);
        if (node.Rows != 1 || node.Columns != 1)
        {
            throw new ArgumentException($"Backward without a seed needs a 1 × 1 output, not {node.Rows} × {node.Columns}");
        }

        Backward(output, [1.0]);
    }

    /// <summary>
    /// Backward pass from <paramref name="output"/> with seed v (same shape): afterwards
    /// <see cref="Gradient"/> of any recorded x is vᵀ·∂y/∂x, the vector-Jacobian product. Each call
    /// starts from zero gradients.
    /// </summary>
    public void Backward(Variable output, ReadOnlySpan<double> seed)
    {
        ref var top = ref NodeOf(output);
        if (seed.Length != top.Rows * top.Columns)
        {
            throw new ArgumentException($"the seed has {seed.Length} values; the output is {top.Rows} × {top.Columns}");
        }

        _epoch++;
        if (!top.RequiresGradient)
        {
            return;
        }

        seed.CopyTo(GradientFor(output.Index));
        for (var index = output.Index; index >= 0; index--)
        {
            if (_nodes[index].RequiresGradient && _nodes[index].GradEpoch == _epoch)
            {
                BackwardStep(index);
            }
        }
    }

    /// <summary>
    /// ∂L/∂x after the last <see cref="Backward(Variable, ReadOnlySpan{double})"/> (zeros when x does
    /// not influence the output or needs no gradient). Valid until the next backward pass or reset.
    /// </summary>
    public ReadOnlySpan<double> Gradient(Variable x)
    {
        ref var node = ref NodeOf(x);
        if (node.GradEpoch != _epoch || node.Grad.Array is null)
        {
            return GradientFor(x.Index);
        }

        return node.Grad.Span;
    }

    internal ref Node NodeOf(Variable v)
    {
        if (!ReferenceEquals(v.Tape, this) || v.Generation != _generation || v.Index >= _count)
        {
            throw new InvalidOperationException("the variable belongs to another tape, or to this tape before its last Reset");
        }

        return ref _nodes[v.Index];
    }

    internal Span<double> ValueOf(int index) => _nodes[index].Value.Span;

    /// <summary>The gradient buffer of a node, zeroed on first use in the current backward pass.</summary>
    internal Span<double> GradientFor(int index)
    {
        ref var node = ref _nodes[index];
        var length = node.Rows * node.Columns;
        if (node.Grad.Array is null || node.Grad.Length != length)
        {
            node.Grad = _arena.Allocate(length);
            node.GradEpoch = _epoch - 1;
        }

        var span = node.Grad.Span;
        if (node.GradEpoch != _epoch)
        {
            span.Clear();
            node.GradEpoch = _epoch;
        }

        return span;
    }

    /// <summary>Appends an operation node whose value (rows × columns) is allocated and left for the caller to fill.</summary>
    internal Variable Record(OpKind op, int a, int b, int rows, int columns, Activation activation = Activation.Linear, double parameter = 0, bool auxiliary = false)
    {
        CheckShape(rows, columns);
        var requires = (a >= 0 && _nodes[a].RequiresGradient) || (b >= 0 && _nodes[b].RequiresGradient);
        return Push(new Node
        {
            Op = op,
            A = a,
            B = b,
            Rows = rows,
            Columns = columns,
            Value = _arena.Allocate(rows * columns),
            Aux = auxiliary ? _arena.Allocate(rows * columns) : default,
            RequiresGradient = requires,
            Activation = activation,
            Parameter = parameter,
        });
    }

    private Variable Leaf(ReadOnlySpan<double> values, int rows, int columns, bool requiresGradient)
    {
        CheckShape(rows, columns);
        if (values.Length != rows * columns)
        {
            throw new ArgumentException($"{values.Length} values do not fill {rows} × {columns}");
        }

        var block = _arena.Allocate(values.Length);
        values.CopyTo(block.Span);
        return Push(new Node { Op = OpKind.Leaf, A = -1, B = -1, Rows = rows, Columns = columns, Value = block, RequiresGradient = requiresGradient });
    }

    private Variable Push(Node node)
    {
        if (_count == _nodes.Length)
        {
            Array.Resize(ref _nodes, 2 * _nodes.Length);
        }

        node.GradEpoch = int.MinValue;
        _nodes[_count] = node;
        return new Variable(this, _count++, _generation);
    }

    private static void CheckShape(int rows, int columns)
    {
        if (rows < 1 || columns < 1)
        {
            throw new ArgumentException($"a tape value needs positive dimensions, not {rows} × {columns}");
        }
    }
}

/// <summary>The operations a <see cref="Tape"/> records.</summary>
internal enum OpKind : byte
{
    Leaf,
    Add,
    Subtract,
    Multiply,
    Divide,
    Negate,
    Power,
    Exp,
    Log,
    Activate,
    MatMul,
    Transpose,
    Sum,
    SumOverRows,
    SumOverColumns,
}

/// <summary>One recorded value: its operation, inputs, value and (lazily) gradient.</summary>
internal struct Node
{
    public OpKind Op;
    public int A;
    public int B;
    public int Rows;
    public int Columns;
    public Block Value;
    public Block Aux;
    public Block Grad;
    public int GradEpoch;
    public bool RequiresGradient;
    public Activation Activation;
    public double Parameter;
}
