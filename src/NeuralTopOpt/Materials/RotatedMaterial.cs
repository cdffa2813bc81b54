namespace NeuralTopOpt.Materials;

/// <summary>
/// An orthotropic material turned by an angle φ per element (the orientation of the classic
/// homogenization-based design): with the inner model's C⁰(θ) in its own axes and the last design
/// variable φ,
/// <code>
///   C(θ, φ) = T(φ)·C⁰(θ)·T(φ)ᵀ,     T(φ) = [[c², s², −2cs], [s², c², 2cs], [cs, −cs, c² − s²]],  c = cos φ, s = sin φ,
///   ∂C/∂θⱼ = T·(∂C⁰/∂θⱼ)·Tᵀ,        ∂C/∂φ = T′·C⁰·Tᵀ + T·C⁰·T′ᵀ   (exact),
/// </code>
/// in Voigt notation with engineering shear (σ = Cε, ε = (ε_xx, ε_yy, γ_xy)); φ turns the material
/// counter-clockwise (x towards y, y upwards). C13 and C23 are no longer zero, so the model gives all six
/// entries (C11, C12, C22, C33, C13, C23). The inner model learns or computes C⁰ only (the paper's hole
/// network works unchanged); its clamped entries are counted as its own.
/// </summary>
public sealed class RotatedMaterial : IMaterialModel
{
    private readonly int _k;
    private double[] _inner = [];
    private double[] _c0 = [];
    private double[] _dc0 = [];

    /// <summary>Turns <paramref name="inner"/> (an orthotropic model of 4 entries) by an extra, last design variable φ.</summary>
    /// <exception cref="ArgumentException">The inner model is not orthotropic (4 entries).</exception>
    public RotatedMaterial(IMaterialModel inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (inner.StiffnessEntries != 4)
        {
            throw new ArgumentException($"the inner material must be orthotropic (4 entries), not {inner.StiffnessEntries}", nameof(inner));
        }

        Inner = inner;
        _k = inner.DesignVariablesPerElement;
    }

    /// <summary>The model of C⁰ in the material axes.</summary>
    public IMaterialModel Inner { get; }

    /// <inheritdoc/>
    public string Name => Inner.Name;

    /// <inheritdoc/>
    public int DesignVariablesPerElement => _k + 1;

    /// <inheritdoc/>
    public int StiffnessEntries => 6;

    /// <summary>E_ref of the unturned material: turning a cell does not change its stiffness scale.</summary>
    public double ReferenceModulus => Inner.ReferenceModulus;

    /// <inheritdoc/>
    public int Stiffness(ReadOnlySpan<double> designs, Span<double> stiffness)
    {
        var n = this.CheckLengths(designs.Length, stiffness.Length);
        if (_inner.Length != _k * n)
        {
            (_inner, _c0, _dc0) = (new double[_k * n], new double[4 * n], new double[4 * _k * n]);
        }

        Split(designs, n);
        var clamped = Inner.Stiffness(_inner, _c0);
        Span<double> t = stackalloc double[9];
        for (var e = 0; e < n; e++)
        {
            Transformation(designs[(e * (_k + 1)) + _k], t, derivative: false);
            Transform(t, _c0.AsSpan(4 * e, 4), t, stiffness.Slice(6 * e, 6), scale: 1);
        }

        return clamped;
    }

    /// <inheritdoc/>
    public void Derivatives(ReadOnlySpan<double> designs, Span<double> derivatives)
    {
        var k = _k + 1;
        var n = this.CheckLengths(designs.Length, 6 * (designs.Length / k), derivatives.Length);
        if (_inner.Length != _k * n)
        {
            throw new InvalidOperationException("Derivatives follows Stiffness at the same designs");
        }

        Inner.Derivatives(_inner, _dc0);
        Span<double> t = stackalloc double[9];
        Span<double> dt = stackalloc double[9];
        Span<double> c = stackalloc double[6];
        Span<double> d0 = stackalloc double[4];
        Span<double> sum = stackalloc double[6];
        for (var e = 0; e < n; e++)
        {
            var phi = designs[(e * k) + _k];
            Transformation(phi, t, derivative: false);
            Transformation(phi, dt, derivative: true);
            var target = derivatives.Slice(6 * k * e, 6 * k);
            for (var j = 0; j < _k; j++)
            {
                for (var q = 0; q < 4; q++)
                {
                    d0[q] = _dc0[(4 * _k * e) + (_k * q) + j];
                }

                Transform(t, d0, t, c, scale: 1);
                for (var q = 0; q < 6; q++)
                {
                    target[(k * q) + j] = c[q];
                }
            }

            // ∂C/∂φ = T′C⁰Tᵀ + TC⁰T′ᵀ: the symmetric part of 2·T′C⁰Tᵀ.
            Transform(dt, _c0.AsSpan(4 * e, 4), t, sum, scale: 1);
            Transform(t, _c0.AsSpan(4 * e, 4), dt, c, scale: 1);
            for (var q = 0; q < 6; q++)
            {
                target[(k * q) + _k] = sum[q] + c[q];
            }
        }
    }

    /// <summary>
    /// T(φ) (or T′(φ) = dT/dφ), 3 × 3 row-major: the map of stresses in the material axes to the global axes
    /// for axes turned by φ counter-clockwise.
    /// </summary>
    public static void Transformation(double phi, Span<double> t, bool derivative)
    {
        var (s, c) = Math.SinCos(phi);
        var (cc, ss, cs, d) = (c * c, s * s, c * s, (c * c) - (s * s));
        if (!derivative)
        {
            (t[0], t[1], t[2]) = (cc, ss, -2 * cs);
            (t[3], t[4], t[5]) = (ss, cc, 2 * cs);
            (t[6], t[7], t[8]) = (cs, -cs, d);
            return;
        }

        (t[0], t[1], t[2]) = (-2 * cs, 2 * cs, -2 * d);
        (t[3], t[4], t[5]) = (2 * cs, -2 * cs, 2 * d);
        (t[6], t[7], t[8]) = (d, -d, -4 * cs);
    }

    /// <summary>
    /// The six entries (C11, C12, C22, C33, C13, C23) of A·C⁰·Bᵀ for an orthotropic C⁰ given as (C11, C12, C22, C33),
    /// times <paramref name="scale"/>.
    /// </summary>
    public static void Transform(ReadOnlySpan<double> a, ReadOnlySpan<double> c0, ReadOnlySpan<double> b, Span<double> entries, double scale)
    {
        Span<double> m = [c0[0], c0[1], 0, c0[1], c0[2], 0, 0, 0, c0[3]];
        Span<double> am = stackalloc double[9];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                am[(3 * i) + j] = (a[3 * i] * m[j]) + (a[(3 * i) + 1] * m[3 + j]) + (a[(3 * i) + 2] * m[6 + j]);
            }
        }

        ReadOnlySpan<int> rows = [0, 0, 1, 2, 0, 1];
        ReadOnlySpan<int> columns = [0, 1, 1, 2, 2, 2];
        for (var q = 0; q < 6; q++)
        {
            var (i, j) = (rows[q], columns[q]);
            entries[q] = scale * ((am[3 * i] * b[3 * j]) + (am[(3 * i) + 1] * b[(3 * j) + 1]) + (am[(3 * i) + 2] * b[(3 * j) + 2]));
        }
    }

    private void Split(ReadOnlySpan<double> designs, int n)
    {
        for (var e = 0; e < n; e++)
        {
            designs.Slice(e * (_k + 1), _k).CopyTo(_inner.AsSpan(e * _k, _k));
        }
    }
}
