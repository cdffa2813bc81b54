using CsCheck;

namespace NeuralTopOpt.Tests.Properties;

/// <summary>
/// Property tests with CsCheck's generators, run deterministically: the cases come from one seeded
/// PCG stream, so a run is reproducible (CsCheck's own <c>Sample</c> draws fresh seeds each time). A
/// failing case is reported with its index and value. Shrinking is not attempted: the generators here
/// are small enough that the failing value itself is readable.
/// </summary>
internal static class SeededProperty
{
    /// <summary>Runs <paramref name="property"/> on <paramref name="cases"/> values of <paramref name="gen"/> drawn from seed <paramref name="seed"/>.</summary>
    public static void Check<T>(Gen<T> gen, ulong seed, int cases, Action<T> property, Func<T, string>? describe = null)
    {
        var pcg = new PCG(1, seed);
        for (var k = 0; k < cases; k++)
        {
            var value = gen.Generate(pcg, null!, out _);
            try
            {
                property(value);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"property failed on case {k} (seed {seed}): {describe?.Invoke(value) ?? value?.ToString()}{Environment.NewLine}{e.Message}");
            }
        }
    }

    /// <summary>Log-uniform scale factors 10^u, u uniform in [<paramref name="lowExponent"/>, <paramref name="highExponent"/>].</summary>
    public static Gen<double> LogUniform(double lowExponent, double highExponent) =>
        Gen.Double.Unit.Select(u => Math.Pow(10, lowExponent + ((highExponent - lowExponent) * u)));
}
