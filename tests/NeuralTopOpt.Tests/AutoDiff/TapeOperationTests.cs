using NeuralTopOpt.AutoDiff;

namespace NeuralTopOpt.Tests.AutoDiff;

/// <summary>Every operation of the tape, with broadcasting, against central differences.</summary>
public class TapeOperationTests
{
    /// <summary>A program from input matrices to a matrix, reduced to a scalar with fixed random weights.</summary>
    public delegate Variable Program(Variable[] inputs);

    public static TheoryData<string> Programs => new(Cases.Keys);

    private static readonly Dictionary<string, ((int Rows, int Columns)[] Shapes, Program Body)> Cases = new()
    {
        ["add broadcast row, column, scalar"] = ([(3, 4), (1, 4), (3, 1), (1, 1)], v => v[0] + v[1] + v[2] + v[3]),
        ["subtract broadcast"] = ([(1, 4), (3, 4), (3, 1)], v => v[0] - v[1] - v[2]),
        ["multiply broadcast"] = ([(3, 4), (1, 4), (3, 1), (1, 1)], v => v[0] * v[1] * v[2] * v[3]),
        ["multiply broadcast wide"] = ([(3, 20), (1, 20), (3, 1), (1, 1)], v => v[0] * v[1] * v[2] * v[3]),
        ["multiply same shape"] = ([(4, 5), (4, 5)], v => v[0] * v[1]),
        ["add broadcast wide"] = ([(3, 20), (1, 20), (3, 1)], v => v[0] + v[1] - v[2]),
        ["divide broadcast"] = ([(3, 4), (1, 4), (3, 1)], v => v[0] / (v[1].Square() + 1) / (v[2].Exp() + 0.5) / v[1].Exp()),
        ["negate"] = ([(2, 3)], v => -v[0]),
        ["power"] = ([(2, 3)], v => (v[0].Square() + 0.3).Pow(-1.7)),
        ["sqrt"] = ([(2, 3)], v => (v[0].Square() + 0.1).Sqrt()),
        ["exp"] = ([(2, 5)], v => v[0].Exp()),
        ["log"] = ([(2, 5)], v => (v[0].Square() + 0.2).Log()),
        ["tanh"] = ([(2, 5)], v => (3 * v[0]).Tanh()),
        ["sigmoid"] = ([(2, 5)], v => (3 * v[0]).Sigmoid()),
        ["softplus"] = ([(2, 5)], v => (3 * v[0]).Softplus()),
        ["relu"] = ([(2, 5)], v => v[0].Relu()),
        ["silu"] = ([(2, 5)], v => (3 * v[0]).Silu()),
        ["matmul narrow"] = ([(5, 3), (3, 2)], v => v[0].MatMul(v[1])),
        ["matmul wide"] = ([(4, 9), (9, 11)], v => v[0].MatMul(v[1])),
        ["matmul by transpose"] = ([(4, 3), (6, 3)], v => v[0].MatMul(v[1].Transpose())),
        ["sum"] = ([(3, 4)], v => v[0].Sum() * v[0]),
        ["sums over rows and columns"] = ([(3, 4)], v => v[0].SumOverRows() * v[0].SumOverColumns()),
        ["means"] = ([(3, 4)], v => v[0].MeanOverRows() + v[0].MeanOverColumns() + v[0].Mean()),
        ["two-layer composition"] = ([(6, 2), (3, 2), (1, 3), (1, 3)], v => ((v[0].MatMul(v[1].Transpose()) + v[2]).Tanh() * v[3]).SumOverColumns()),
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void Gradient_matches_central_differences(string name)
    {
        var (shapes, body) = Cases[name];
        var random = new Random(name.Length * 7919);
        var inputs = shapes.Select(s => Enumerable.Range(0, s.Rows * s.Columns).Select(_ => (random.NextDouble() * 2) - 1).ToArray()).ToArray();

        // Keep ReLU arguments away from the kink so central differences are valid.
        if (name == "relu")
        {
            for (var i = 0; i < inputs[0].Length; i++)
            {
                inputs[0][i] = inputs[0][i] < 0 ? inputs[0][i] - 0.1 : inputs[0][i] + 0.1;
            }
        }

        double[]? weights = null;
        Variable Record(double[] flat, Tape tape, out Variable[] variables)
        {
            tape.Reset();
            var offset = 0;
            variables = new Variable[shapes.Length];
            for (var k = 0; k < shapes.Length; k++)
            {
                var length = shapes[k].Rows * shapes[k].Columns;
                variables[k] = tape.Input(flat.AsSpan(offset, length), shapes[k].Rows, shapes[k].Columns);
                offset += length;
            }

            var result = body(variables);
            weights ??= Enumerable.Range(0, result.Rows * result.Columns).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
            return (result * tape.Constant(weights, result.Rows, result.Columns)).Sum();
        }

        var all = inputs.SelectMany(x => x).ToArray();
        var tape = new Tape();
        var loss = Record(all, tape, out var leaves);
        tape.Backward(loss);
        var analytic = leaves.SelectMany(v => v.Gradient.ToArray()).ToArray();

        var numeric = FiniteDifference.Gradient(x => Record(x, new Tape(), out _).Scalar, all);
        FiniteDifference.AssertClose(numeric, analytic, 2e-8);
    }

    [Fact]
    public void Backward_starts_from_zero_each_time()
    {
        var tape = new Tape();
        var x = tape.Input([1.0, 2.0, 3.0], 1, 3);
        var y = x.Square();

        tape.Backward(y, [1.0, 0.0, 0.0]);
        var first = x.Gradient.ToArray();
        tape.Backward(y, [0.0, 0.0, 1.0]);
        var second = x.Gradient.ToArray();

        Assert.Equal([2.0, 0.0, 0.0], first);
        Assert.Equal([0.0, 0.0, 6.0], second);
    }

    [Fact]
    public void Constants_and_unreached_inputs_get_zero_gradients()
    {
        var tape = new Tape();
        var x = tape.Input(2.0);
        var unused = tape.Input([1.0, 1.0], 1, 2);
        var c = tape.Constant(3.0);
        var y = x * c;

        tape.Backward(y);

        Assert.Equal(3.0, x.Gradient[0]);
        Assert.Equal([0.0], c.Gradient.ToArray());
        Assert.Equal([0.0, 0.0], unused.Gradient.ToArray());
    }

    [Fact]
    public void Variables_from_before_a_reset_are_refused()
    {
        var tape = new Tape();
        var x = tape.Input(1.0);
        tape.Reset();

        Assert.Throws<InvalidOperationException>(() => x.Exp());
        Assert.Throws<InvalidOperationException>(() => new Tape().Input(1.0) + x);
    }

    [Fact]
    public void Incompatible_shapes_are_refused()
    {
        var tape = new Tape();
        var a = tape.Input(new double[6], 2, 3);
        var b = tape.Input(new double[4], 2, 2);

        Assert.Throws<ArgumentException>(() => a + b);
        Assert.Throws<ArgumentException>(() => a.MatMul(a));
        Assert.Throws<ArgumentException>(() => tape.Backward(a));
        Assert.Throws<ArgumentException>(() => tape.Backward(a, [1.0]));
    }

    [Fact]
    public void Rerecording_the_same_program_allocates_nothing()
    {
        var tape = new Tape();
        var data = Enumerable.Range(0, 200).Select(i => i / 100.0).ToArray();
        void Run()
        {
            tape.Reset();
            var x = tape.Input(data, 50, 4);
            var y = (x.MatMul(x.Transpose()).Tanh() + 1).Log().Sum();
            tape.Backward(y);
        }

        Assert.Equal(0, Allocations.SteadyState(Run));
    }
}
