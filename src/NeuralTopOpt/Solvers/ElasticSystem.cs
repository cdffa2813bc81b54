using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Solvers;

/// <summary>
/// What a linear solver is asked to solve, independent of the coefficients: the mesh, the
/// element type with its basis matrices K_t, how many coefficients each element takes, and the fixed
/// (homogeneous) DOFs. K(c) = Σₑ Σ_t c_{e,t} K_t over the first <see cref="CoefficientCount"/> basis
/// matrices, with the rows and columns of fixed DOFs eliminated.
/// </summary>
public sealed class ElasticSystem
{
    private readonly int[] _fixedDofs;

    /// <summary>Checks and stores the system.</summary>
    /// <exception cref="ArgumentException">A coefficient count outside 1 … <see cref="IElementBasis.EntryCount"/>, an element that does not fit the mesh, or a fixed DOF outside it.</exception>
    public ElasticSystem(IElementMesh mesh, IElementBasis element, int coefficientCount, ReadOnlySpan<int> fixedDofs)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(element);
        (Mesh, Element, CoefficientCount) = (mesh, element, coefficientCount);
        _fixedDofs = fixedDofs.ToArray();
        Array.Sort(_fixedDofs);
        var problem = Problem();
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }
    }

    /// <summary>The mesh: a <see cref="GridMesh"/> (structured Q4, DOF numbering of the 88-line code) for the problems of this library.</summary>
    public IElementMesh Mesh { get; }

    /// <summary>The element type and its basis matrices K_t.</summary>
    public IElementBasis Element { get; }

    /// <summary>m, coefficients per element (the first m basis matrices are used).</summary>
    public int CoefficientCount { get; }

    /// <summary>The fixed DOFs, ascending.</summary>
    public ReadOnlySpan<int> FixedDofs => _fixedDofs;

    /// <summary>Mesh DOFs (the length of one right-hand side).</summary>
    public int DofCount => Mesh.DofCount;

    /// <summary>Free DOFs, the unknowns.</summary>
    public int UnknownCount => Mesh.DofCount - _fixedDofs.Length;

    /// <summary>What is wrong with the system, or null.</summary>
    private string? Problem() =>
        CoefficientCount < 1 || CoefficientCount > Element.EntryCount ? $"the {Element.Name} element takes 1 to {Element.EntryCount} coefficients per element, not {CoefficientCount}"
        : Element.DofCount != Mesh.DofsPerElement || Element.DofsPerNode != Mesh.DofsPerNode ? $"the mesh has {Mesh.DofsPerElement} DOFs per element ({Mesh.DofsPerNode} per node); the {Element.Name} element has {Element.DofCount} ({Element.DofsPerNode} per node)"
        : _fixedDofs.Length > 0 && (_fixedDofs[0] < 0 || _fixedDofs[^1] >= Mesh.DofCount) ? $"a fixed DOF lies outside 0..{Mesh.DofCount - 1}"
        : null;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="coefficients"/> holds m values per element.</summary>
    public void CheckCoefficients(ReadOnlySpan<double> coefficients)
    {
        if (coefficients.Length != CoefficientCount * Mesh.ElementCount)
        {
            throw new ArgumentException($"expected {CoefficientCount} coefficients for each of {Mesh.ElementCount} elements, got {coefficients.Length} values", nameof(coefficients));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless both spans hold <paramref name="count"/> right-hand sides.</summary>
    public void CheckRightHandSides(int rhs, int solution, int count)
    {
        if (count < 1 || rhs != count * DofCount || solution != count * DofCount)
        {
            throw new ArgumentException($"{count} right-hand side(s) need {count} x {DofCount} values each for f and u, not {rhs} and {solution}");
        }
    }
}
