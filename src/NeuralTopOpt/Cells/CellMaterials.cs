using NeuralTopOpt.Fem;
using NeuralTopOpt.Materials;

namespace NeuralTopOpt.Cells;

/// <summary>
/// The material factory of the cell families, in one place: what every front end (<c>ntopo optimize</c>,
/// <c>check-gradient</c>, the study) gets for a family and a <see cref="MaterialSource"/>, with the rules
/// of which source fits which family.
/// </summary>
public static class CellMaterials
{
    /// <summary>
    /// The default of a homogenized cell: a network of its k fields to (C11, C12, C22, C33), or a model
    /// of the caller's with k design variables; SIMP is refused (a density model).
    /// </summary>
    public static IMaterialModel Create(ICellFamily cell, MaterialSource source, PlaneCondition plane)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(source);
        return source switch
        {
            NetworkSource network => Network(cell, network, NetworkOutputs.Orthotropic, plane),
            ModelSource model => Custom(cell, model),
            _ => throw new IncompatibleChoicesException(
                $"the {cell.Name} cell needs --material nn with a network trained on its homogenized cells (--model FILE); SIMP (Eq. 14) is a density model"),
        };
    }

    /// <summary>
    /// A <see cref="NetworkMaterial"/> of <paramref name="cell"/>'s fields, after checking that the network
    /// has one input per field and the outputs of <paramref name="outputs"/>.
    /// </summary>
    /// <exception cref="InvalidInputException">The network has another shape; the message names the one needed.</exception>
    public static NetworkMaterial Network(ICellFamily cell, NetworkSource source, NetworkOutputs outputs, PlaneCondition plane, int inputs = -1)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(source);
        var k = inputs < 0 ? cell.FieldCount : inputs;
        var network = source.Model.Network;
        if (network.InputCount != k || network.OutputCount != outputs.Count())
        {
            var names = string.Join(", ", cell.Parameters.Take(k).Select(p => p.Name));
            var targets = outputs == NetworkOutputs.Modulus ? "E" : "C11, C12, C22, C33";
            throw new InvalidInputException(
                $"the network has {network.InputCount} input(s) and {network.OutputCount} output(s) ({network.Architecture}); the {cell.Name} cell needs a network {k} -> {outputs.Count()} ({names} -> {targets})");
        }

        return new NetworkMaterial(source.Model, source.Method, outputs, plane, source.SolidTensor, source.Clamp);
    }

    /// <summary>A model of the caller's, after checking that it takes the family's k design variables (and no solid tensor or clamp is asked of it).</summary>
    public static IMaterialModel Custom(ICellFamily cell, ModelSource source)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(source);
        var material = source.Material;
        if (source.SolidTensor != SolidTensor.Exact || source.Clamp != StiffnessClamp.PositiveDefinite)
        {
            throw new IncompatibleChoicesException($"the material model '{material.Name}' is used as it is; its solid tensor and clamp are its own");
        }

        if (material.DesignVariablesPerElement != cell.FieldCount)
        {
            throw new InvalidInputException(
                $"the material model '{material.Name}' takes {material.DesignVariablesPerElement} design variable(s) per element, but the {cell.Name} cell has {cell.FieldCount}");
        }

        return material;
    }
}
