using System.Globalization;
using System.Text;
using NeuralTopOpt.Fem;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Export;

/// <summary>
/// Fields on a <see cref="GridMesh"/> as a legacy VTK file (ASCII, <c>DATASET STRUCTURED_POINTS</c>, the format
/// ParaView opens as <c>.vtk</c>): the nodes as (nelx + 1) × (nely + 1) × 1 points with spacing 1, x to the right and
/// y upwards from the bottom-left corner; element fields as <c>CELL_DATA</c> scalars and nodal vectors (the
/// displacements) as <c>POINT_DATA</c> vectors with z = 0. VTK orders points and cells with x fastest from the
/// bottom row; the writer maps the mesh's numbering (column by column from the top) onto it.
/// </summary>
public sealed class VtkFile(GridMesh mesh, string title)
{
    private readonly List<(string Name, double[] Values)> _cellFields = [];
    private readonly List<(string Name, double[] Values)> _pointVectors = [];

    /// <summary>The mesh.</summary>
    public GridMesh Mesh { get; } = mesh ?? throw new ArgumentNullException(nameof(mesh));

    /// <summary>Adds an element field (one value per element, mesh element order).</summary>
    public VtkFile AddCellField(string name, ReadOnlySpan<double> values)
    {
        CheckName(name);
        if (values.Length != Mesh.ElementCount)
        {
            throw new ArgumentException($"{values.Length} values for {Mesh.ElementCount} elements", nameof(values));
        }

        _cellFields.Add((name, values.ToArray()));
        return this;
    }

    /// <summary>Adds a nodal vector field of two components per node (the mesh's DOF order: x at 2·node, y at 2·node + 1).</summary>
    public VtkFile AddPointVectors(string name, ReadOnlySpan<double> dofValues)
    {
        CheckName(name);
        if (dofValues.Length != Mesh.DofCount)
        {
            throw new ArgumentException($"{dofValues.Length} values for {Mesh.DofCount} DOFs", nameof(dofValues));
        }

        _pointVectors.Add((name, dofValues.ToArray()));
        return this;
    }

    /// <summary>The file's text.</summary>
    public string Format()
    {
        var f = CultureInfo.InvariantCulture;
        var (nx, ny) = (Mesh.ElementsX, Mesh.ElementsY);
        var text = new StringBuilder();
        text.Append("# vtk DataFile Version 3.0\n");
        text.Append(title.ReplaceLineEndings(" ")).Append('\n');
        text.Append("ASCII\nDATASET STRUCTURED_POINTS\n");
        text.Append(f, $"DIMENSIONS {nx + 1} {ny + 1} 1\nORIGIN 0 0 0\nSPACING 1 1 1\n");
        if (_cellFields.Count > 0)
        {
            text.Append(f, $"CELL_DATA {Mesh.ElementCount}\n");
            foreach (var (name, values) in _cellFields)
            {
                text.Append(f, $"SCALARS {name} double 1\nLOOKUP_TABLE default\n");
                for (var row = 0; row < ny; row++)
                {
                    for (var ex = 0; ex < nx; ex++)
                    {
                        text.Append(values[Mesh.Element(ex, ny - 1 - row)].ToString("R", f)).Append('\n');
                    }
                }
            }
        }

        if (_pointVectors.Count > 0)
        {
            text.Append(f, $"POINT_DATA {Mesh.NodeCount}\n");
            foreach (var (name, values) in _pointVectors)
            {
                text.Append(f, $"VECTORS {name} double\n");
                for (var row = 0; row <= ny; row++)
                {
                    for (var ix = 0; ix <= nx; ix++)
                    {
                        var node = Mesh.NodeAt(ix, row);
                        text.Append(values[2 * node].ToString("R", f)).Append(' ').Append(values[(2 * node) + 1].ToString("R", f)).Append(" 0\n");
                    }
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Writes <see cref="Format"/> to <paramref name="path"/> atomically.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, Format());

    private static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"a VTK array name has no spaces: '{name}'", nameof(name));
        }
    }
}
