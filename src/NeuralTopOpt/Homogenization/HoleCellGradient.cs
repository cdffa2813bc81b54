using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Homogenization;

/// <summary>
/// C^H of the hole cell and its exact derivatives with respect to the hole width θ₁ and height θ₂,
/// for the area-weighted rasterization of <see cref="HoleCellCoverage"/> — the ground truth the
/// paper lacked for the HBTO material model (Sec. 4, "its analytical derivative is computationally
/// intractable").
/// <para>
/// With χ_i the periodic fluctuation of load case i and dᵢ = χ⁰ᵢ − χᵢ, the energy form of Eq. (16)
/// is C^H_ij = (1/|Y|) Σₑ dᵢᵀ Kₑ dⱼ. Because χ satisfies equilibrium, the derivative with respect
/// to a pixel's stiffness scale needs no adjoint solve (the problem is self-adjoint):
/// ∂C^H_ij/∂ρₑ = (1/|Y|)·s′(ρₑ)·dᵢ,ₑᵀ K⁰ₑ dⱼ,ₑ, with K⁰ₑ the solid pixel's stiffness and
/// s(ρ) = ρ + ε(1 − ρ) the interpolation of <see cref="CellMaterial.Scale"/>. Then
/// ∂C^H/∂θ = Σₑ ∂C^H/∂ρₑ · ∂ρₑ/∂θ, a sum over the pixels on the hole's edges only.
/// </para>
/// </summary>
public sealed class HoleCellGradient
{
    private const int Dofs = Q4Element.DofCount;
    private readonly CellHomogenizer _homogenizer;
    private readonly double[] _densities, _byWidth, _byHeight, _solid = new double[Dofs * Dofs];

    /// <summary>Prepares the computation for the cells of <paramref name="mesh"/>; one instance per thread.</summary>
    public HoleCellGradient(PeriodicCellMesh mesh, CellMaterial? material = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        _homogenizer = new CellHomogenizer(mesh, material);
        var count = mesh.ElementCount;
        (_densities, _byWidth, _byHeight) = (new double[count], new double[count], new double[count]);
        Q4Element.UnitSquare.Stiffness(_homogenizer.Material.Solid, _solid);
    }

    /// <summary>The cell resolution R.</summary>
    public int Resolution => _homogenizer.Mesh.Resolution;

    /// <summary>Threads the factorization may use (set 1 when each core already computes its own cell).</summary>
    public int MaxDegreeOfParallelism
    {
        get => _homogenizer.MaxDegreeOfParallelism;
        set => _homogenizer.MaxDegreeOfParallelism = value;
    }

    /// <summary>C^H(θ₁, θ₂) of the area-weighted cell and ∂C^H/∂θ₁, ∂C^H/∂θ₂ (3 × 3 each).</summary>
    public HoleCellDerivative Compute(double width, double height)
    {
        var mesh = _homogenizer.Mesh;
        HoleCellCoverage.Rasterize(width, height, mesh.Resolution, _densities, _byWidth, _byHeight);
        var stiffness = _homogenizer.HomogenizeDensities(_densities);
        var byWidth = new double[9];
        var byHeight = new double[9];
        var n = mesh.UnknownCount;
        var table = mesh.ElementUnknowns;
        var fluctuations = _homogenizer.Fluctuations;
        var slope = 1 - _homogenizer.Material.VoidStiffness; // s'(ρ)
        Span<double> d = stackalloc double[3 * Dofs];
        Span<double> kd = stackalloc double[3 * Dofs];
        Span<double> sensitivity = stackalloc double[9];
        for (var e = 0; e < mesh.ElementCount; e++)
        {
            if (_byWidth[e] == 0 && _byHeight[e] == 0)
            {
                continue;
            }

            var dofs = table.Slice(Dofs * e, Dofs);
            for (var i = 0; i < 3; i++)
            {
                var chi0 = PeriodicCellMesh.UnitStrainDisplacement(i);
                for (var a = 0; a < Dofs; a++)
                {
                    d[(i * Dofs) + a] = chi0[a] - (dofs[a] >= 0 ? fluctuations[(i * n) + dofs[a]] : 0);
                }
            }

            // kd_j = K⁰ₑ dⱼ, then ∂C_ij/∂ρₑ = s'·dᵢᵀ kdⱼ / |Y|.
            for (var j = 0; j < 3; j++)
            {
                for (var a = 0; a < Dofs; a++)
                {
                    double sum = 0;
                    for (var b = 0; b < Dofs; b++)
                    {
                        sum += _solid[(a * Dofs) + b] * d[(j * Dofs) + b];
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

                    sensitivity[(3 * i) + j] = slope * sum / mesh.ElementCount;
                }
            }

            for (var k = 0; k < 9; k++)
            {
                byWidth[k] += sensitivity[k] * _byWidth[e];
                byHeight[k] += sensitivity[k] * _byHeight[e];
            }
        }

        return new HoleCellDerivative(stiffness, new HomogenizedStiffness(byWidth), new HomogenizedStiffness(byHeight));
    }
}

/// <summary>C^H and its derivatives with respect to the hole width and height.</summary>
/// <param name="Stiffness">C^H(θ₁, θ₂).</param>
/// <param name="ByWidth">∂C^H/∂θ₁.</param>
/// <param name="ByHeight">∂C^H/∂θ₂.</param>
public sealed record HoleCellDerivative(HomogenizedStiffness Stiffness, HomogenizedStiffness ByWidth, HomogenizedStiffness ByHeight);
