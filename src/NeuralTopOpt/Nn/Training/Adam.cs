using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralTopOpt.Nn.Training;

/// <summary>
/// Adam (Kingma and Ba 2015) in the form Keras implements, with ε added to √v outside the bias
/// correction: at step t,
/// <code>
///   m ← m + (g − m)(1 − β1),   v ← v + (g² − v)(1 − β2),
///   α_t = α·√(1 − β2^t)/(1 − β1^t),   θ ← θ − α_t·m/(√v + ε).
/// </code>
/// </summary>
internal sealed class Adam
{
    private readonly double[][] _parameters;
    private readonly double[][] _m;
    private readonly double[][] _v;
    private readonly double _learningRate;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilon;
    private long _step;

    public Adam(IReadOnlyList<double[]> parameters, double learningRate, double beta1, double beta2, double epsilon)
    {
        _parameters = parameters.ToArray();
        _m = _parameters.Select(p => new double[p.Length]).ToArray();
        _v = _parameters.Select(p => new double[p.Length]).ToArray();
        _learningRate = learningRate;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
    }

    /// <summary>Begins step t: returns α_t.</summary>
    public double BeginStep()
    {
        _step++;
        return _learningRate * Math.Sqrt(1 - Math.Pow(_beta2, _step)) / (1 - Math.Pow(_beta1, _step));
    }

    /// <summary>Updates parameter array <paramref name="index"/> with its gradient.</summary>
    public void Update(int index, ReadOnlySpan<double> gradient, double alpha)
    {
        var theta = _parameters[index];
        var m = _m[index];
        var v = _v[index];
        var (a, b) = (1 - _beta1, 1 - _beta2);
        if (gradient.Length != theta.Length)
        {
            throw new ArgumentException($"gradient length {gradient.Length} differs from the parameters' {theta.Length}");
        }

        // Four at a time: the same operations in the same order as the scalar loop (√ and ÷ are
        // correctly rounded in both), so the same bits.
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var tr = ref MemoryMarshal.GetArrayDataReference(theta);
            ref var mr = ref MemoryMarshal.GetArrayDataReference(m);
            ref var vr = ref MemoryMarshal.GetArrayDataReference(v);
            ref var gr = ref MemoryMarshal.GetReference(gradient);
            var (va, vb, valpha, veps) = (Vector256.Create(a), Vector256.Create(b), Vector256.Create(alpha), Vector256.Create(_epsilon));
            for (; k + 4 <= theta.Length; k += 4)
            {
                var g = Vector256.LoadUnsafe(ref gr, (nuint)k);
                var mk = Vector256.LoadUnsafe(ref mr, (nuint)k);
                var vk = Vector256.LoadUnsafe(ref vr, (nuint)k);
                mk += (g - mk) * va;
                vk += ((g * g) - vk) * vb;
                var tk = Vector256.LoadUnsafe(ref tr, (nuint)k) - (valpha * mk / (Vector256.Sqrt(vk) + veps));
                mk.StoreUnsafe(ref mr, (nuint)k);
                vk.StoreUnsafe(ref vr, (nuint)k);
                tk.StoreUnsafe(ref tr, (nuint)k);
            }
        }

        for (; k < theta.Length; k++)
        {
            var g = gradient[k];
            m[k] += (g - m[k]) * a;
            v[k] += ((g * g) - v[k]) * b;
            theta[k] -= alpha * m[k] / (Math.Sqrt(v[k]) + _epsilon);
        }
    }
}
