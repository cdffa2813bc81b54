using System.Diagnostics;
using System.Globalization;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Sparse.Factorization;

namespace NeuralTopOpt.Homogenization;

/// <summary>
/// Numerical homogenization of a periodic unit cell of pixels (Andreassen and Andreassen 2014; the
/// paper's Eq. 16). One instance holds one numeric Cholesky factor and its buffers and is not
/// thread-safe; threads share one <see cref="PeriodicCellMesh"/> and each create their own homogenizer.
/// </summary>
/// <remarks>
/// For each unit strain ε⁰_i (i = 1, 2, 3) the periodic fluctuation χ_i solves
/// <code>
///   K·χ_i = F_i,   K = Σₑ Kₑ,   F_i = Σₑ Kₑ·χ⁰_i          (one factorization, three right-hand sides)
/// </code>
/// with χ⁰_i the element displacements of the unit strain (<see cref="PeriodicCellMesh.UnitStrainDisplacement"/>)
/// and Kₑ = Σ_t C_e,t K_t the element stiffness (Eq. 10). C^H then follows from the energy form, Eq. (16),
/// <code>
///   C^H_ij = (1/|Y|) Σₑ (χ⁰_i − χ_i,e)ᵀ Kₑ (χ⁰_j − χ_j,e),   |Y| = R²       (Eq. 16, the energy form)
/// </code>
/// all nine entries computed (not mirrored).
/// </remarks>
public sealed class CellHomogenizer
{
    private const int Dofs = Q4Element.DofCount;

    private readonly SparseCholesky _cholesky;
    private readonly double[] _values;
    private readonly double[] _orthotropic;
    private readonly double[] _tensors;
    private readonly double[] _densities;
    private readonly double[] _loads;
    private readonly double[] _fluctuations;
    private double[]? _packed;

    /// <summary>A homogenizer for cells on <paramref name="mesh"/>, of <paramref name="material"/> (default: the paper's).</summary>
    public CellHomogenizer(PeriodicCellMesh mesh, CellMaterial? material = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        Mesh = mesh;
        Material = material ?? CellMaterial.Paper;
        _cholesky = new SparseCholesky(mesh.Symbolic);
        _values = new double[mesh.Assembler.Matrix.Values.Length];
        _orthotropic = new double[4 * mesh.ElementCount];
        _tensors = new double[6 * mesh.ElementCount];
        _densities = new double[mesh.ElementCount];
        _loads = new double[3 * mesh.UnknownCount];
        _fluctuations = new double[3 * mesh.UnknownCount];
    }

    /// <summary>A homogenizer of the paper's material on a new R × R cell.</summary>
    public CellHomogenizer(int resolution)
        : this(PeriodicCellMesh.Create(resolution))
    {
    }

    /// <summary>The cell's mesh, ordering and symbolic analysis.</summary>
    public PeriodicCellMesh Mesh { get; }

    /// <summary>The material that density maps are made of.</summary>
    public CellMaterial Material { get; }

    /// <summary>Threads the factorization may use (set 1 when each core already runs its own cell).</summary>
    public int MaxDegreeOfParallelism
    {
        get => _cholesky.MaxDegreeOfParallelism;
        set => _cholesky.MaxDegreeOfParallelism = value;
    }

    /// <summary>
    /// C^H of density maps already computed, shared with other homogenizers of the same mesh and material
    /// (<see cref="HomogenizeDensities"/> looks there first). Null (the default): every map is computed.
    /// A map answered from the memo leaves <see cref="Fluctuations"/> and <see cref="LastTimings"/> as they were.
    /// </summary>
    public HomogenizationMemo? Memo { get; init; }

    /// <summary>Where the time of the last cell went.</summary>
    public HomogenizationTimings LastTimings { get; private set; }

    /// <summary>The fluctuations χ₁, χ₂, χ₃ of the last cell: three columns of <see cref="PeriodicCellMesh.UnknownCount"/> values.</summary>
    public ReadOnlySpan<double> Fluctuations => _fluctuations;

    /// <summary>C^H of the paper's hole cell (<see cref="HoleCell"/>) of width θ₁ and height θ₂.</summary>
    /// <exception cref="InvalidInputException">θ outside [0, 1].</exception>
    public HomogenizedStiffness HomogenizeHole(double width, double height)
    {
        HoleCell.Rasterize(width, height, Mesh.Resolution, _densities);
        return HomogenizeDensities(_densities);
    }

    /// <summary>C^H of a density map (one ρ ∈ [0, 1] per pixel, index i·R + j), stiffness by <see cref="CellMaterial"/>.</summary>
    /// <exception cref="InvalidInputException">A density outside [0, 1].</exception>
    public HomogenizedStiffness HomogenizeDensities(ReadOnlySpan<double> densities)
    {
        CheckLength(densities.Length, 1);
        if (Memo is null)
        {
            Material.PixelTensors(densities, _tensors);
            return Compute(_tensors);
        }

        var key = HomogenizationMemo.Key(densities);
        if (Memo.TryGet(key, out var known))
        {
            return known;
        }

        Material.PixelTensors(densities, _tensors);
        var stiffness = Compute(_tensors);
        Memo.Add(key, stiffness);
        return stiffness;
    }

    /// <summary>
    /// C^H of a map of pixel tensors: 6 entries per pixel (C11, C12, C22, C33, C13, C23), pixel i·R + j.
    /// </summary>
    /// <exception cref="InvalidInputException">A pixel tensor that is not finite or not positive definite.</exception>
    public HomogenizedStiffness Homogenize(ReadOnlySpan<double> pixelTensors)
    {
        CheckLength(pixelTensors.Length, 6);
        for (var p = 0; p < Mesh.ElementCount; p++)
        {
            CheckPositiveDefinite(pixelTensors.Slice(6 * p, 6), p);
        }

        return Compute(pixelTensors);
    }

    private HomogenizedStiffness Compute(ReadOnlySpan<double> tensors)
    {
        var start = Stopwatch.GetTimestamp();
        Assemble(tensors);
        AssembleLoads(tensors);
        var assembled = Stopwatch.GetTimestamp();
        _cholesky.Factorize(_values);
        var factored = Stopwatch.GetTimestamp();
        _cholesky.Solve(_loads, _fluctuations, 3);
        var solved = Stopwatch.GetTimestamp();
        Span<double> entries = stackalloc double[9];
        Energies(tensors, entries);
        var area = (double)Mesh.ElementCount;
        for (var k = 0; k < 9; k++)
        {
            entries[k] /= area;
        }

        LastTimings = new HomogenizationTimings(
            Stopwatch.GetElapsedTime(start, assembled), Stopwatch.GetElapsedTime(assembled, factored),
            Stopwatch.GetElapsedTime(factored, solved), Stopwatch.GetElapsedTime(solved));
        return new HomogenizedStiffness(entries);
    }

    /// <summary>K = Σₑ Kₑ into this homogenizer's values: the 4-entry path for orthotropic pixels, packed matrices otherwise.</summary>
    private void Assemble(ReadOnlySpan<double> tensors)
    {
        var orthotropic = true;
        for (var e = 0; e < Mesh.ElementCount && orthotropic; e++)
        {
            orthotropic = tensors[(6 * e) + 4] == 0 && tensors[(6 * e) + 5] == 0;
        }

        if (orthotropic)
        {
            for (var e = 0; e < Mesh.ElementCount; e++)
            {
                tensors.Slice(6 * e, 4).CopyTo(_orthotropic.AsSpan(4 * e, 4));
            }

            Mesh.Assembler.Assemble(_orthotropic, Q4Element.UnitSquare, _values);
            return;
        }

        _packed ??= new double[Q4Element.PackedCount * Mesh.ElementCount];
        var basis = Q4Element.UnitSquare.Packed;
        for (var e = 0; e < Mesh.ElementCount; e++)
        {
            var packed = _packed.AsSpan(Q4Element.PackedCount * e, Q4Element.PackedCount);
            packed.Clear();
            for (var t = 0; t < 6; t++)
            {
                var c = tensors[(6 * e) + t];
                var k = basis.Slice(Q4Element.PackedCount * t, Q4Element.PackedCount);
                for (var q = 0; q < Q4Element.PackedCount; q++)
                {
                    packed[q] += c * k[q];
                }
            }
        }

        Mesh.Assembler.AssemblePacked(_packed, _values);
    }

    /// <summary>F_i = Σₑ Kₑ·χ⁰_i = Σₑ Σ_t C_e,t (K_t·χ⁰_i), scattered to the unknowns (the fixed node's entries dropped).</summary>
    private void AssembleLoads(ReadOnlySpan<double> tensors)
    {
        Array.Clear(_loads);
        var n = Mesh.UnknownCount;
        var table = Mesh.ElementUnknowns;
        var basisLoads = Mesh.BasisLoadVectors;
        Span<double> fe = stackalloc double[Dofs];
        for (var e = 0; e < Mesh.ElementCount; e++)
        {
            var c = tensors.Slice(6 * e, 6);
            var dofs = table.Slice(Dofs * e, Dofs);
            for (var i = 0; i < 3; i++)
            {
                fe.Clear();
                for (var t = 0; t < 6; t++)
                {
                    if (c[t] == 0)
                    {
                        continue;
                    }

                    var kChi = basisLoads.Slice(((3 * t) + i) * Dofs, Dofs);
                    for (var a = 0; a < Dofs; a++)
                    {
                        fe[a] += c[t] * kChi[a];
                    }
                }

                for (var a = 0; a < Dofs; a++)
                {
                    if (dofs[a] >= 0)
                    {
                        _loads[(i * n) + dofs[a]] += fe[a];
                    }
                }
            }
        }
    }

    /// <summary>entries[3i + j] = Σₑ dᵢᵀ Kₑ dⱼ with d_i = χ⁰_i − χ_i,e (the sum of Eq. 16 before dividing by |Y|).</summary>
    private void Energies(ReadOnlySpan<double> tensors, Span<double> entries)
    {
        entries.Clear();
        var n = Mesh.UnknownCount;
        var table = Mesh.ElementUnknowns;
        var basis = Q4Element.UnitSquare;
        Span<double> ke = stackalloc double[Dofs * Dofs];
        Span<double> d = stackalloc double[3 * Dofs];
        Span<double> kd = stackalloc double[3 * Dofs];
        for (var e = 0; e < Mesh.ElementCount; e++)
        {
            var dofs = table.Slice(Dofs * e, Dofs);
            for (var i = 0; i < 3; i++)
            {
                var chi0 = PeriodicCellMesh.UnitStrainDisplacement(i);
                for (var a = 0; a < Dofs; a++)
                {
                    d[(i * Dofs) + a] = chi0[a] - (dofs[a] >= 0 ? _fluctuations[(i * n) + dofs[a]] : 0);
                }
            }

            ElementMatrix(tensors.Slice(6 * e, 6), basis, ke);
            for (var j = 0; j < 3; j++)
            {
                var dj = d.Slice(j * Dofs, Dofs);
                for (var a = 0; a < Dofs; a++)
                {
                    var row = ke.Slice(a * Dofs, Dofs);
                    double sum = 0;
                    for (var b = 0; b < Dofs; b++)
                    {
                        sum += row[b] * dj[b];
                    }

                    kd[(j * Dofs) + a] = sum;
                }
            }

            for (var i = 0; i < 3; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    double sum = 0;
                    for (var a = 0; a < Dofs; a++)
                    {
                        sum += d[(i * Dofs) + a] * kd[(j * Dofs) + a];
                    }

                    entries[(3 * i) + j] += sum;
                }
            }
        }
    }

    /// <summary>Kₑ = Σ_t c_t K_t (64 values, row-major), skipping zero entries of c.</summary>
    private static void ElementMatrix(ReadOnlySpan<double> c, Q4Basis basis, Span<double> ke)
    {
        ke.Clear();
        for (var t = 0; t < 6; t++)
        {
            if (c[t] == 0)
            {
                continue;
            }

            var k = basis.Matrix(t);
            for (var q = 0; q < ke.Length; q++)
            {
                ke[q] += c[t] * k[q];
            }
        }
    }

    private void CheckLength(int length, int perPixel)
    {
        if (length != perPixel * Mesh.ElementCount)
        {
            throw new ArgumentException($"{length} values for a {Mesh.Resolution}x{Mesh.Resolution} cell; {perPixel} per pixel expected");
        }
    }

    /// <summary>Sylvester's criterion on C = [[C11, C12, C13], [C12, C22, C23], [C13, C23, C33]].</summary>
    private static void CheckPositiveDefinite(ReadOnlySpan<double> c, int pixel)
    {
        var (c11, c12, c22, c33, c13, c23) = (c[0], c[1], c[2], c[3], c[4], c[5]);
        var minor2 = (c11 * c22) - (c12 * c12);
        var det = (c11 * ((c22 * c33) - (c23 * c23))) - (c12 * ((c12 * c33) - (c23 * c13))) + (c13 * ((c12 * c23) - (c22 * c13)));
        var finite = double.IsFinite(c11) && double.IsFinite(c12) && double.IsFinite(c22) && double.IsFinite(c33) && double.IsFinite(c13) && double.IsFinite(c23);
        if (!finite || !(c11 > 0 && minor2 > 0 && det > 0))
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"pixel {pixel}: the stiffness tensor (C11 {c11}, C12 {c12}, C22 {c22}, C33 {c33}, C13 {c13}, C23 {c23}) is not finite and positive definite"));
        }
    }
}

/// <summary>Time spent on one cell: assembly of K and F, numeric factorization, the three solves, the energy sums.</summary>
public readonly record struct HomogenizationTimings(TimeSpan Assembly, TimeSpan Factorization, TimeSpan Solution, TimeSpan Energy)
{
    /// <summary>The whole cell.</summary>
    public TimeSpan Total => Assembly + Factorization + Solution + Energy;
}
