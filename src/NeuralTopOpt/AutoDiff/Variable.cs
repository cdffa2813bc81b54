using NeuralTopOpt.Nn;

namespace NeuralTopOpt.AutoDiff;

/// <summary>
/// A differentiable matrix value recorded on a <see cref="Tape"/> (scalars are 1 × 1). Every
/// operator and method records one operation; programs written with them — any composition, not
/// only networks — are differentiated by <see cref="Tape.Backward(Variable)"/>.
/// </summary>
/// <remarks>
/// Elementwise operations broadcast like NumPy in two dimensions: a dimension of size 1 stretches to
/// the other operand's (a 1 × m row adds to every row of an n × m matrix; a 1 × 1 scalar to every
/// entry). Backward sums the gradient over the stretched dimension.
/// </remarks>
public readonly struct Variable : IEquatable<Variable>
{
    internal Variable(Tape tape, int index, int generation)
    {
        Tape = tape;
        Index = index;
        Generation = generation;
    }

    /// <summary>The tape this value is recorded on.</summary>
    public Tape Tape { get; }

    internal int Index { get; }

    internal int Generation { get; }

    /// <summary>Number of rows.</summary>
    public int Rows => Tape.NodeOf(this).Rows;

    /// <summary>Number of columns.</summary>
    public int Columns => Tape.NodeOf(this).Columns;

    /// <summary>The value, row-major. Valid until the tape is reset.</summary>
    public ReadOnlySpan<double> Value => Tape.NodeOf(this).Value.Span;

    /// <summary>The value of a 1 × 1 variable.</summary>
    public double Scalar => Rows == 1 && Columns == 1 ? Value[0] : throw new InvalidOperationException($"a {Rows} × {Columns} value is not a scalar");

    /// <summary>∂L/∂(this) after the tape's last backward pass.</summary>
    public ReadOnlySpan<double> Gradient => Tape.Gradient(this);

    /// <summary>a + b (broadcasting).</summary>
    public static Variable operator +(Variable a, Variable b) => a.Tape.Binary(OpKind.Add, a, b);

    /// <summary>a − b (broadcasting).</summary>
    public static Variable operator -(Variable a, Variable b) => a.Tape.Binary(OpKind.Subtract, a, b);

    /// <summary>a ⊙ b, elementwise (broadcasting).</summary>
    public static Variable operator *(Variable a, Variable b) => a.Tape.Binary(OpKind.Multiply, a, b);

    /// <summary>a ⊘ b, elementwise (broadcasting).</summary>
    public static Variable operator /(Variable a, Variable b) => a.Tape.Binary(OpKind.Divide, a, b);

    /// <summary>−a.</summary>
    public static Variable operator -(Variable a) => a.Tape.Unary(OpKind.Negate, a);

    /// <summary>a + c.</summary>
    public static Variable operator +(Variable a, double c) => a + a.Tape.Constant(c);

    /// <summary>c + a.</summary>
    public static Variable operator +(double c, Variable a) => a.Tape.Constant(c) + a;

    /// <summary>a − c.</summary>
    public static Variable operator -(Variable a, double c) => a - a.Tape.Constant(c);

    /// <summary>c − a.</summary>
    public static Variable operator -(double c, Variable a) => a.Tape.Constant(c) - a;

    /// <summary>a·c.</summary>
    public static Variable operator *(Variable a, double c) => a * a.Tape.Constant(c);

    /// <summary>c·a.</summary>
    public static Variable operator *(double c, Variable a) => a.Tape.Constant(c) * a;

    /// <summary>a / c.</summary>
    public static Variable operator /(Variable a, double c) => a / a.Tape.Constant(c);

    /// <summary>c / a.</summary>
    public static Variable operator /(double c, Variable a) => a.Tape.Constant(c) / a;

    /// <summary>Operator alias of +.</summary>
    public static Variable Add(Variable a, Variable b) => a + b;

    /// <summary>Operator alias of −.</summary>
    public static Variable Subtract(Variable a, Variable b) => a - b;

    /// <summary>Operator alias of *.</summary>
    public static Variable Multiply(Variable a, Variable b) => a * b;

    /// <summary>Operator alias of /.</summary>
    public static Variable Divide(Variable a, Variable b) => a / b;

    /// <summary>Operator alias of unary −.</summary>
    public static Variable Negate(Variable a) => -a;

    /// <summary>The matrix product this·b (n × k times k × m).</summary>
    public Variable MatMul(Variable b) => Tape.MatMul(this, b);

    /// <summary>The transpose.</summary>
    public Variable Transpose() => Tape.Unary(OpKind.Transpose, this);

    /// <summary>x^p elementwise, for a real constant p; ∂/∂x = p·x^(p−1).</summary>
    public Variable Pow(double p) => Tape.Unary(OpKind.Power, this, parameter: p);

    /// <summary>x² elementwise.</summary>
    public Variable Square() => this * this;

    /// <summary>√x elementwise.</summary>
    public Variable Sqrt() => Pow(0.5);

    /// <summary>e^x elementwise.</summary>
    public Variable Exp() => Tape.Unary(OpKind.Exp, this);

    /// <summary>ln x elementwise.</summary>
    public Variable Log() => Tape.Unary(OpKind.Log, this);

    /// <summary>The activation F(x) elementwise, with the formulas of <see cref="ActivationFunctions"/>.</summary>
    public Variable Activate(Activation activation) => Tape.Unary(OpKind.Activate, this, activation);

    /// <summary>tanh x elementwise.</summary>
    public Variable Tanh() => Activate(Activation.Tanh);

    /// <summary>1/(1 + e^(−x)) elementwise.</summary>
    public Variable Sigmoid() => Activate(Activation.Sigmoid);

    /// <summary>ln(1 + e^x) elementwise.</summary>
    public Variable Softplus() => Activate(Activation.Softplus);

    /// <summary>max(x, 0) elementwise (derivative 0 at 0).</summary>
    public Variable Relu() => Activate(Activation.Relu);

    /// <summary>x/(1 + e^(−x)) elementwise.</summary>
    public Variable Silu() => Activate(Activation.Silu);

    /// <summary>The sum of all entries, 1 × 1.</summary>
    public Variable Sum() => Tape.Unary(OpKind.Sum, this);

    /// <summary>Column sums (the sum over the rows), 1 × columns.</summary>
    public Variable SumOverRows() => Tape.Unary(OpKind.SumOverRows, this);

    /// <summary>Row sums (the sum over the columns), rows × 1.</summary>
    public Variable SumOverColumns() => Tape.Unary(OpKind.SumOverColumns, this);

    /// <summary>The mean of all entries, 1 × 1.</summary>
    public Variable Mean() => Sum() * (1.0 / (Rows * Columns));

    /// <summary>Column means, 1 × columns.</summary>
    public Variable MeanOverRows() => SumOverRows() * (1.0 / Rows);

    /// <summary>Row means, rows × 1.</summary>
    public Variable MeanOverColumns() => SumOverColumns() * (1.0 / Columns);

    /// <inheritdoc/>
    public bool Equals(Variable other) => ReferenceEquals(Tape, other.Tape) && Index == other.Index && Generation == other.Generation;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Variable other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Tape, Index, Generation);

    /// <summary>Same recorded value.</summary>
    public static bool operator ==(Variable left, Variable right) => left.Equals(right);

    /// <summary>Different recorded values.</summary>
    public static bool operator !=(Variable left, Variable right) => !left.Equals(right);
}
