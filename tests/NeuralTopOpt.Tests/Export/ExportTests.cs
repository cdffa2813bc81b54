using System.Buffers.Binary;
using System.Globalization;
using System.Xml.Linq;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Export;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Verification;

namespace NeuralTopOpt.Tests.Export;

public class ExportTests() : TemporaryFolderTests("ntopo-export-")
{
    [Fact]
    public void StlOfAFineStructureIsClosedWithOutwardNormalsAndTheExtrudedVolume()
    {
        var grid = HoleStructure();
        var path = Path.Combine(Folder, "plate.stl");
        StlFile.Write(path, grid, 0.25);
        var triangles = ReadStl(path);
        Assert.Equal(StlFile.TriangleCount(grid), triangles.Count);
        Assert.Equal(StlFile.Size(triangles.Count), new FileInfo(path).Length);

        // Divergence theorem: V = Σ (a · (b × c)) / 6 over the outward-wound triangles.
        var volume = triangles.Sum(t => Dot(t.A, Cross(t.B, t.C))) / 6;
        Assert.Equal(grid.SolidArea * 0.25, volume, 1e-6 * grid.SolidArea);

        // Closed and consistently wound: every directed edge is met by its reverse as often.
        var edges = new Dictionary<((float, float, float), (float, float, float)), int>();
        foreach (var t in triangles)
        {
            foreach (var (p, q) in new[] { (t.A, t.B), (t.B, t.C), (t.C, t.A) })
            {
                edges[(p, q)] = edges.GetValueOrDefault((p, q)) + 1;
            }
        }

        Assert.All(edges, e => Assert.Equal(e.Value, edges.GetValueOrDefault((e.Key.Item2, e.Key.Item1))));

        // The stored normal is the winding's.
        foreach (var t in triangles)
        {
            var n = Cross(Sub(t.B, t.A), Sub(t.C, t.A));
            var length = Math.Sqrt(Dot(n, n));
            Assert.Equal(1, Dot(n, t.Normal) / length, 5);
        }
    }

    [Fact]
    public void SvgHasOneRectanglePerRunOfSolidPixelsCoveringTheSolidArea()
    {
        var grid = HoleStructure();
        var path = Path.Combine(Folder, "fine.svg");
        SvgFile.Write(path, grid);
        var svg = XDocument.Load(path).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        var rects = svg.Element(ns + "g")!.Elements(ns + "rect").ToArray();
        double area = 0;
        var runs = 0;
        for (var y = 0; y < grid.Height; y++)
        {
            for (var x = 0; x < grid.Width; x++)
            {
                runs += grid.IsSolid(x, y) && !grid.IsSolid(x - 1, y) ? 1 : 0;
            }
        }

        foreach (var r in rects)
        {
            area += Value(r, "width") * Value(r, "height");
            Assert.Equal(grid.PixelSize, Value(r, "height"), 12);
        }

        Assert.Equal(runs, rects.Length);
        Assert.Equal(grid.SolidArea, area, 1e-9);
        Assert.Equal($"0 0 {grid.Width * grid.PixelSize:R} {grid.Height * grid.PixelSize:R}", svg.Attribute("viewBox")!.Value.Replace(",", ".", StringComparison.Ordinal));
    }

    [Fact]
    public void VtkHoldsTheFieldsInVtkOrder()
    {
        var mesh = new GridMesh(3, 2);
        var cells = Enumerable.Range(0, mesh.ElementCount).Select(e => e + 0.5).ToArray();
        var dofs = Enumerable.Range(0, mesh.DofCount).Select(d => d * 0.1).ToArray();
        var path = Path.Combine(Folder, "fields.vtk");
        new VtkFile(mesh, "test").AddCellField("density", cells).AddPointVectors("displacement", dofs).Write(path);
        var vtk = LegacyVtk.Read(path);
        Assert.Equal((4, 3, 1), vtk.Dimensions);
        var density = vtk.CellScalars["density"];
        Assert.Equal(mesh.ElementCount, density.Length);

        // VTK cell (i, j) from the bottom-left: element (i, nely − 1 − j) of the mesh.
        Assert.Equal(cells[mesh.Element(0, 1)], density[0]);
        Assert.Equal(cells[mesh.Element(2, 0)], density[5]);
        var u = vtk.PointVectors["displacement"];
        Assert.Equal(3 * mesh.NodeCount, u.Length);
        var node = mesh.NodeAt(1, 0);
        Assert.Equal((dofs[2 * node], dofs[(2 * node) + 1], 0), (u[3], u[4], u[5]));
    }

    private static PixelGrid HoleStructure()
    {
        // Two elements, a solid one and a 0.5 x 0.7 hole, each as 2 x 2 cells of 6 pixels (the hole meets no edge).
        var mesh = new GridMesh(2, 1);
        double[] design = [0, 0.5, 0, 0.7];
        var structure = FineStructure.Build(CellFamilies.Hole, design, mesh, 6, 2);
        return new PixelGrid(structure.Densities, structure.PixelsX, structure.PixelsY, 1.0 / structure.Subdivision);
    }

    private static double Value(XElement element, string name) => double.Parse(element.Attribute(name)!.Value, CultureInfo.InvariantCulture);

    private static List<Triangle> ReadStl(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(80));
        var triangles = new List<Triangle>();
        for (var t = 0; t < count; t++)
        {
            var record = bytes.AsSpan(84 + (50 * t), 50);
            triangles.Add(new Triangle(Vector(record, 0), Vector(record, 12), Vector(record, 24), Vector(record, 36)));
        }

        return triangles;
    }

    private static (float, float, float) Vector(ReadOnlySpan<byte> record, int offset) => (
        BinaryPrimitives.ReadSingleLittleEndian(record[offset..]),
        BinaryPrimitives.ReadSingleLittleEndian(record[(offset + 4)..]),
        BinaryPrimitives.ReadSingleLittleEndian(record[(offset + 8)..]));

    private static (double, double, double) Sub((float X, float Y, float Z) a, (float X, float Y, float Z) b) => (a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    private static (double, double, double) Cross((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        ((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    private static double Dot((double X, double Y, double Z) a, (double X, double Y, double Z) b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);

    private sealed record Triangle((float, float, float) Normal, (float, float, float) A, (float, float, float) B, (float, float, float) C);
}
