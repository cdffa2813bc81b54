namespace NeuralTopOpt.Fem;

/// <summary>
/// The mesh seam of the FE analysis: elements, their DOFs and what a sparse direct solver needs to
/// order them. <see cref="GridMesh"/> (structured Q4) implements it; a 3D structured grid of
/// hexahedra would be another implementation.
/// </summary>
public interface IElementMesh
{
    /// <summary>Number of elements.</summary>
    int ElementCount { get; }

    /// <summary>Number of nodes.</summary>
    int NodeCount { get; }

    /// <summary>DOFs per node; DOF d belongs to node d / <see cref="DofsPerNode"/>, direction d mod <see cref="DofsPerNode"/>.</summary>
    int DofsPerNode { get; }

    /// <summary>DOFs per element.</summary>
    int DofsPerElement { get; }

    /// <summary><see cref="NodeCount"/> · <see cref="DofsPerNode"/>.</summary>
    int DofCount { get; }

    /// <summary>The DOFs of every element, element after element, in the element type's node order.</summary>
    ReadOnlySpan<int> ElementDofs { get; }

    /// <summary>A fill-reducing order of the nodes (position k holds the node eliminated k-th).</summary>
    int[] NodeOrdering();

    /// <summary>The DOF in words, for messages: <c>DOF 7 (node at x=3, y=0, direction y)</c>.</summary>
    string DescribeDof(int dof);
}
