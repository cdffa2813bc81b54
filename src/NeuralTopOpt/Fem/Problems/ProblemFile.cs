using System.Globalization;
using System.Text.Json;

namespace NeuralTopOpt.Fem.Problems;

/// <summary>
/// Reads a <see cref="StructuralProblem"/> from JSON (format in <c>docs/problem-files.md</c>): grid size,
/// supports, one or more load cases, passive solid and void regions. Coordinates are in element sides
/// with the origin at the bottom-left corner and y upwards; nodes sit at integer coordinates. Every
/// mistake is reported as one <see cref="MalformedFileException"/> naming the field
/// (e.g. <c>supports[1].x: 61 is outside 0..60</c>).
/// </summary>
public static class ProblemFile
{
    /// <summary>The largest problem file read (a problem is a few kilobytes; this guards against reading the wrong file).</summary>
    public const long MaxBytes = 16 << 20;

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads and validates the problem in <paramref name="path"/>.</summary>
    public static StructuralProblem Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(IO.TextFile.Read(path, MaxBytes), path);
    }

    /// <summary>Parses problem JSON; <paramref name="source"/> names it in error messages.</summary>
    public static StructuralProblem Parse(string json, string source)
    {
        using (var document = IO.StrictJson.Parse(json, source, Options, "problem"))
        {
            try
            {
                return Build(new Field(document.RootElement, "problem"));
            }
            catch (FieldException error)
            {
                throw new MalformedFileException(source, error.Message);
            }
            catch (InvalidInputException error)
            {
                throw new MalformedFileException(source, error.Message);
            }
        }
    }

    private static StructuralProblem Build(Field root)
    {
        root.Only("name", "nelx", "nely", "supports", "loadCases", "passive");
        var name = root.OptionalString("name") ?? "problem";
        var nelx = root.Get("nelx").Integer(1, GridMesh.MaxElementsPerSide);
        var nely = root.Get("nely").Integer(1, GridMesh.MaxElementsPerSide);
        var mesh = new GridMesh(nelx, nely);

        var fixedDofs = new List<int>();
        foreach (var support in root.Get("supports").Items(minimum: 1))
        {
            support.Only("x", "y", "fix");
            var fix = support.Get("fix").Choice("x", "y", "xy");
            foreach (var node in Nodes(support, mesh))
            {
                if (fix.Contains('x', StringComparison.Ordinal))
                {
                    fixedDofs.Add(2 * node);
                }

                if (fix.Contains('y', StringComparison.Ordinal))
                {
                    fixedDofs.Add((2 * node) + 1);
                }
            }
        }

        var loadCases = new List<LoadCase>();
        foreach (var loadCase in root.Get("loadCases").Items(minimum: 1))
        {
            loadCase.Only("name", "loads");
            var caseName = loadCase.OptionalString("name") ?? $"case {loadCases.Count + 1}";
            var loads = new List<PointLoad>();
            foreach (var load in loadCase.Get("loads").Items(minimum: 1))
            {
                load.Only("x", "y", "fx", "fy");
                var fx = load.OptionalNumber("fx") ?? 0;
                var fy = load.OptionalNumber("fy") ?? 0;
                if (fx == 0 && fy == 0)
                {
                    throw new FieldException($"{load.Path}: give a non-zero fx or fy");
                }

                foreach (var node in Nodes(load, mesh))
                {
                    loads.Add(new PointLoad(2 * node, fx));
                    loads.Add(new PointLoad((2 * node) + 1, fy));
                }
            }

            loadCases.Add(new LoadCase(caseName, loads));
        }

        var passive = new PassiveKind[mesh.ElementCount];
        if (root.Has("passive"))
        {
            foreach (var region in root.Get("passive").Items(minimum: 0))
            {
                MarkPassive(region, mesh, passive);
            }
        }

        return new StructuralProblem(name, mesh, fixedDofs, loadCases, passive);
    }

    /// <summary>Nodes named by "x" and "y": an integer coordinate or an inclusive [from, to] range each.</summary>
    private static IEnumerable<int> Nodes(Field item, GridMesh mesh)
    {
        var (x0, x1) = item.Get("x").Range(0, mesh.ElementsX);
        var (y0, y1) = item.Get("y").Range(0, mesh.ElementsY);
        for (var x = x0; x <= x1; x++)
        {
            for (var y = y0; y <= y1; y++)
            {
                yield return mesh.NodeAt(x, y);
            }
        }
    }

    /// <summary>A passive region: elements whose centres lie in a rectangle or a circle.</summary>
    private static void MarkPassive(Field region, GridMesh mesh, PassiveKind[] passive)
    {
        region.Only("kind", "rectangle", "circle");
        var kind = region.Get("kind").Choice("solid", "void") == "solid" ? PassiveKind.Solid : PassiveKind.Void;
        Func<double, double, bool> inside;
        if (region.Has("rectangle") == region.Has("circle"))
        {
            throw new FieldException($"{region.Path}: give exactly one of 'rectangle' or 'circle'");
        }

        if (region.Has("rectangle"))
        {
            var rectangle = region.Get("rectangle");
            rectangle.Only("x", "y");
            var (x0, x1) = rectangle.Get("x").NumberRange(0, mesh.ElementsX);
            var (y0, y1) = rectangle.Get("y").NumberRange(0, mesh.ElementsY);
            inside = (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
        }
        else
        {
            var circle = region.Get("circle");
            circle.Only("x", "y", "r");
            var cx = circle.Get("x").Number(0, mesh.ElementsX);
            var cy = circle.Get("y").Number(0, mesh.ElementsY);
            var r = circle.Get("r").Number(0, double.MaxValue);
            inside = (x, y) => ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= r * r;
        }

        var marked = 0;
        for (var ex = 0; ex < mesh.ElementsX; ex++)
        {
            for (var ey = 0; ey < mesh.ElementsY; ey++)
            {
                // Element (ex, ey) has its centre at (ex + ½, nely − ey − ½) with y upwards.
                if (inside(ex + 0.5, mesh.ElementsY - ey - 0.5))
                {
                    passive[mesh.Element(ex, ey)] = kind;
                    marked++;
                }
            }
        }

        if (marked == 0)
        {
            throw new FieldException($"{region.Path}: the region contains no element centre");
        }
    }

    /// <summary>A JSON value with its path, for one-line errors.</summary>
    private readonly record struct Field(JsonElement Element, string Path)
    {
        public bool Has(string name) => Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out _);

        public Field Get(string name)
        {
            if (Element.ValueKind != JsonValueKind.Object)
            {
                throw new FieldException($"{Path}: expected an object");
            }

            return Element.TryGetProperty(name, out var value)
                ? new Field(value, $"{Path}.{name}")
                : throw new FieldException($"{Path}: missing '{name}'");
        }

        public void Only(params string[] names)
        {
            if (Element.ValueKind != JsonValueKind.Object)
            {
                throw new FieldException($"{Path}: expected an object");
            }

            foreach (var property in Element.EnumerateObject())
            {
                if (!names.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw new FieldException($"{Path}: unknown field '{property.Name}' (expected {string.Join(", ", names)})");
                }
            }
        }

        public List<Field> Items(int minimum)
        {
            if (Element.ValueKind != JsonValueKind.Array)
            {
                throw new FieldException($"{Path}: expected an array");
            }

            var length = Element.GetArrayLength();
            if (length < minimum)
            {
                throw new FieldException($"{Path}: needs at least {minimum} item(s)");
            }

            var items = new List<Field>(length);
            var i = 0;
            foreach (var item in Element.EnumerateArray())
            {
                items.Add(new Field(item, $"{Path}[{i++}]"));
            }

            return items;
        }

        public string? OptionalString(string name)
        {
            if (!Has(name))
            {
                return null;
            }

            var field = Get(name);
            return field.Element.ValueKind == JsonValueKind.String
                ? field.Element.GetString()
                : throw new FieldException($"{field.Path}: expected a string");
        }

        public double? OptionalNumber(string name) => Has(name) ? Get(name).Number(double.MinValue, double.MaxValue) : null;

        public string Choice(params string[] choices)
        {
            var text = Element.ValueKind == JsonValueKind.String ? Element.GetString() : null;
            return text is not null && choices.Contains(text, StringComparer.Ordinal)
                ? text
                : throw new FieldException($"{Path}: expected one of {string.Join(", ", choices.Select(c => $"\"{c}\""))}");
        }

        public double Number(double minimum, double maximum)
        {
            if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                throw new FieldException($"{Path}: expected a finite number");
            }

            if (value >= minimum && value <= maximum)
            {
                return value;
            }

            throw new FieldException(maximum == double.MaxValue
                ? $"{Path}: {Format(value)} must be at least {Format(minimum)}"
                : $"{Path}: {Format(value)} is outside {Format(minimum)}..{Format(maximum)}");
        }

        public int Integer(int minimum, int maximum)
        {
            if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetInt32(out var value))
            {
                throw new FieldException($"{Path}: expected an integer");
            }

            return value >= minimum && value <= maximum
                ? value
                : throw new FieldException($"{Path}: {value} is outside {minimum}..{maximum}");
        }

        public (int From, int To) Range(int minimum, int maximum)
        {
            if (Element.ValueKind != JsonValueKind.Array)
            {
                var single = Integer(minimum, maximum);
                return (single, single);
            }

            var items = Items(2).ToArray();
            if (items.Length != 2)
            {
                throw new FieldException($"{Path}: a range is [from, to]");
            }

            var from = items[0].Integer(minimum, maximum);
            var to = items[1].Integer(minimum, maximum);
            return from <= to ? (from, to) : throw new FieldException($"{Path}: the range [{from}, {to}] is empty");
        }

        public (double From, double To) NumberRange(double minimum, double maximum)
        {
            var items = Items(2).ToArray();
            if (items.Length != 2)
            {
                throw new FieldException($"{Path}: a range is [from, to]");
            }

            var from = items[0].Number(minimum, maximum);
            var to = items[1].Number(minimum, maximum);
            return from <= to ? (from, to) : throw new FieldException($"{Path}: the range [{Format(from)}, {Format(to)}] is empty");
        }

        private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
    }

    /// <summary>A validation failure inside the document (becomes a <see cref="MalformedFileException"/>).</summary>
    private sealed class FieldException(string message) : Exception(message);
}
