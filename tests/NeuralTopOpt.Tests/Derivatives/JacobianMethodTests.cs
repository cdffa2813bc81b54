using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn.Examples;

namespace NeuralTopOpt.Tests.Derivatives;

/// <summary>The contract of <see cref="IJacobianMethod"/>: registry, layouts, validation, no allocation on the hot path.</summary>
public class JacobianMethodTests
{
    public static TheoryData<string> Methods => new(JacobianMethods.Names);

    [Theory]
    [MemberData(nameof(Methods))]
    public void Repeated_calls_of_one_batch_size_allocate_nothing(string name)
    {
        var method = JacobianMethods.Create(name, PaperShapes.Untrained(2, 4));
        var x = PaperShapes.Designs(1801, 2);                 // not a multiple of the four SIMD lanes
        var y = new double[1801 * 4];
        var jacobian = new double[1801 * 8];

        Assert.Equal(0, Allocations.SteadyState(() => method.Evaluate(x, y, jacobian)));
        Assert.Equal(name, method.Name);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Layout_is_batch_by_outputs_by_inputs(string name)
    {
        var network = PaperShapes.Untrained(2, 4);
        var x = PaperShapes.Designs(9, 2);
        var batch = JacobianMethods.Create(name, network).Evaluate(x);

        for (var b = 0; b < 9; b++)
        {
            var single = JacobianMethods.Create(name, network).Evaluate(x.AsSpan(2 * b, 2));
            for (var o = 0; o < 4; o++)
            {
                Assert.Equal(single.Output(0, o), batch.Output(b, o));
                for (var i = 0; i < 2; i++)
                {
                    Assert.Equal(single.Derivative(0, o, i), batch.Derivative(b, o, i));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Bad_inputs_and_spans_are_refused(string name)
    {
        var method = JacobianMethods.Create(name, PaperShapes.Untrained(2, 4));

        var nan = Assert.Throws<InvalidInputException>(() => method.Evaluate([0.5, double.NaN]));
        Assert.Contains("input 2 of sample 1 is NaN", nan.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => method.Evaluate([0.5, 0.1, 0.2]));
        Assert.Throws<ArgumentException>(() => method.Evaluate([0.5, 0.5], new double[4], new double[7]));
        Assert.Throws<ArgumentException>(() => method.Evaluate([0.5, 0.5], new double[3], new double[8]));
        Assert.Empty(method.Evaluate([]).Jacobian);
    }

    [Fact]
    public void Names_are_case_insensitive_and_unknown_names_and_steps_are_refused()
    {
        var network = PaperShapes.Untrained(1, 1);

        Assert.Equal("csm", JacobianMethods.Create(" CSM ", network).Name);
        var unknown = Assert.Throws<InvalidInputException>(() => JacobianMethods.Create("jvp", network));
        Assert.Equal("unknown derivative method 'jvp'; expected one of nnj, cfd, csm, ad, dual", unknown.Message);
        Assert.Throws<InvalidInputException>(() => JacobianMethods.Create("cfd", network, new JacobianOptions { FiniteDifferenceStep = -1 }));
        Assert.Throws<InvalidInputException>(() => JacobianMethods.Create("csm", network, new JacobianOptions { ComplexStep = double.PositiveInfinity }));
    }

    [Fact]
    public void Finite_difference_error_follows_its_step()
    {
        // Truncation error of Eq. (7) is h²·y'''/6: ten times the step gives about a hundred times the error.
        var network = PaperShapes.Untrained(1, 1);
        var x = PaperShapes.Designs(50, 1);
        var exact = JacobianMethods.Create("nnj", network).Evaluate(x).Jacobian;
        double Error(double h) => JacobianMethods.Create("cfd", network, new JacobianOptions { FiniteDifferenceStep = h }).Evaluate(x).Jacobian.Zip(exact, (a, b) => Math.Abs(a - b)).Max();

        var ratio = Error(1e-2) / Error(1e-3);

        Assert.InRange(ratio, 60, 140);
    }
}
