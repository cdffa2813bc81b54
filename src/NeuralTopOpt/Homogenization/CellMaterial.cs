using System.Globalization;
using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Homogenization;

/// <summary>
/// The material of a unit cell given as a pixel map of densities ρ ∈ [0, 1]: each pixel has the
/// stiffness C(ρ) = (ρ + E_void·(1 − ρ))·C_solid, linear between the void floor (ρ = 0, E_void·C_solid)
/// and the solid (ρ = 1, C_solid). Linear interpolation is the modified SIMP rule with p = 1; it keeps
/// 0/1 maps exactly at E_void and 1, and gives a grey pixel the stiffness of its density.
/// </summary>
/// <param name="Solid">C_solid, the constitutive matrix of a solid pixel.</param>
/// <param name="VoidStiffness">E_void, the stiffness of a void pixel as a fraction of the solid (the paper's 1e-9).</param>
public sealed record CellMaterial(StiffnessTensor Solid, double VoidStiffness = CellMaterial.PaperVoidStiffness)
{
    /// <summary>The void floor of the paper's homogenization and of the reference data, 1e-9 of solid.</summary>
    public const double PaperVoidStiffness = 1e-9;

    /// <summary>The paper's material (Sec. 3.3): plane strain, E = 1, ν = 0.3, void pixels at 1e-9 of solid.</summary>
    public static CellMaterial Paper { get; } = new(StiffnessTensor.Isotropic(1, 0.3, PlaneCondition.Strain));

    /// <summary>The stiffness factor ρ + E_void·(1 − ρ) of a pixel of density ρ.</summary>
    public double Scale(double density) => density + (VoidStiffness * (1 - density));

    /// <summary>
    /// Writes the tensors of the pixels (6 entries each, in the order C11, C12, C22, C33, C13, C23 of
    /// <see cref="Q4Element"/>'s basis) for <paramref name="densities"/>.
    /// </summary>
    /// <exception cref="InvalidInputException">A density outside [0, 1] or not a number, or a void floor outside (0, 1].</exception>
    public void PixelTensors(ReadOnlySpan<double> densities, Span<double> tensors)
    {
        if (tensors.Length != 6 * densities.Length)
        {
            throw new ArgumentException($"{tensors.Length} tensor entries for {densities.Length} pixels; 6 per pixel expected", nameof(tensors));
        }

        if (!(VoidStiffness > 0 && VoidStiffness <= 1))
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"the void stiffness must be a fraction of the solid in (0, 1], not {VoidStiffness}"));
        }

        Span<double> solid = stackalloc double[6];
        Solid.CopyTo(solid);
        for (var p = 0; p < densities.Length; p++)
        {
            var rho = densities[p];
            if (!(rho >= 0 && rho <= 1))
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"pixel {p} has density {rho}; densities must lie in [0, 1]"));
            }

            var scale = Scale(rho);
            var target = tensors.Slice(6 * p, 6);
            for (var t = 0; t < 6; t++)
            {
                target[t] = scale * solid[t];
            }
        }
    }
}
