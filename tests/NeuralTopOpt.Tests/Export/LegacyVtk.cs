using System.Globalization;

namespace NeuralTopOpt.Tests.Export;

/// <summary>A reader of the legacy ASCII VTK files the exports write (STRUCTURED_POINTS, SCALARS and VECTORS), for tests.</summary>
internal sealed record LegacyVtk((int, int, int) Dimensions, Dictionary<string, double[]> CellScalars, Dictionary<string, double[]> PointVectors)
{
    public static LegacyVtk Read(string path)
    {
        var tokens = new Queue<string>(File.ReadAllLines(path).Skip(2).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("ASCII", tokens.Dequeue());
        Assert.Equal(["DATASET", "STRUCTURED_POINTS"], new[] { tokens.Dequeue(), tokens.Dequeue() });
        Assert.Equal("DIMENSIONS", tokens.Dequeue());
        var dims = (Int(tokens.Dequeue()), Int(tokens.Dequeue()), Int(tokens.Dequeue()));
        var (cells, points) = (new Dictionary<string, double[]>(), new Dictionary<string, double[]>());
        var count = 0;
        while (tokens.Count > 0)
        {
            switch (tokens.Dequeue())
            {
                case "ORIGIN" or "SPACING":
                    tokens.Dequeue();
                    tokens.Dequeue();
                    tokens.Dequeue();
                    break;
                case "CELL_DATA" or "POINT_DATA":
                    count = Int(tokens.Dequeue());
                    break;
                case "SCALARS":
                    var name = tokens.Dequeue();
                    Assert.Equal(["double", "1", "LOOKUP_TABLE", "default"], new[] { tokens.Dequeue(), tokens.Dequeue(), tokens.Dequeue(), tokens.Dequeue() });
                    cells[name] = [.. Enumerable.Range(0, count).Select(_ => Number(tokens.Dequeue()))];
                    break;
                case "VECTORS":
                    var vectors = tokens.Dequeue();
                    Assert.Equal("double", tokens.Dequeue());
                    points[vectors] = [.. Enumerable.Range(0, 3 * count).Select(_ => Number(tokens.Dequeue()))];
                    break;
                case var other:
                    Assert.Fail($"unexpected token {other}");
                    break;
            }
        }

        return new LegacyVtk(dims, cells, points);
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
