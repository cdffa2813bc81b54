using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;

namespace NeuralTopOpt.Tests.Fem;

public class ProblemFileTests
{
    private const string HalfMbbJson = """
        {
          // the half MBB beam of the paper, written out
          "name": "mbb",
          "nelx": 60,
          "nely": 30,
          "supports": [
            { "x": 0, "y": [0, 30], "fix": "x" },
            { "x": 60, "y": 0, "fix": "y" }
          ],
          "loadCases": [ { "name": "tip", "loads": [ { "x": 0, "y": 30, "fy": -1 } ] } ]
        }
        """;

    [Fact]
    public void File_describing_the_half_mbb_gives_the_built_in_problem()
    {
        var parsed = ProblemFile.Parse(HalfMbbJson, "mbb.json");
        var builtIn = StandardProblems.HalfMbb(60, 30);

        Assert.Equal(builtIn.FixedDofs.ToArray(), parsed.FixedDofs.ToArray());
        var f1 = new double[builtIn.Mesh.DofCount];
        var f2 = new double[builtIn.Mesh.DofCount];
        builtIn.ForceVector(0, f1);
        parsed.ForceVector(0, f2);
        Assert.Equal(f1, f2);
        Assert.Equal("mbb", parsed.Name);
    }

    [Fact]
    public void Load_cases_and_passive_regions_are_read()
    {
        const string Json = """
            {
              "nelx": 20, "nely": 10,
              "supports": [ { "x": 0, "y": [0, 10], "fix": "xy" } ],
              "loadCases": [
                { "loads": [ { "x": 20, "y": [0, 10], "fx": 0.1 } ] },
                { "name": "down", "loads": [ { "x": 20, "y": 0, "fx": 0.5, "fy": -1 } ] }
              ],
              "passive": [
                { "kind": "void", "rectangle": { "x": [5, 10], "y": [2, 6] } },
                { "kind": "solid", "circle": { "x": 15, "y": 5, "r": 1.2 } }
              ]
            }
            """;

        var problem = ProblemFile.Parse(Json, "p.json");

        Assert.Equal(2, problem.LoadCases.Count);
        Assert.Equal("case 1", problem.LoadCases[0].Name);
        var f = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, f);
        Assert.Equal(11 * 0.1, f.Sum(), 12);
        Assert.Equal(22, problem.FixedDofs.Length);
        var passive = problem.Passive.ToArray();
        Assert.Equal(5 * 4, passive.Count(p => p == PassiveKind.Void));
        Assert.Equal(4, passive.Count(p => p == PassiveKind.Solid));
        Assert.Equal(PassiveKind.Void, passive[problem.Mesh.Element(5, 10 - 3)]);
        Assert.Equal(PassiveKind.Solid, passive[problem.Mesh.Element(14, 10 - 5)]);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{ "nelx": 0, "nely": 5, "supports": [], "loadCases": [] }""", "problem.nelx: 0 is outside 1..5000")]
    [InlineData("""{ "nelx": 4, "nely": 5, "supports": [], "loadCases": [] }""", "problem.supports: needs at least 1 item(s)")]
    [InlineData("""{ "nelx": 4, "nely": 5, "supports": [ { "x": 5, "y": 0, "fix": "x" } ], "loadCases": [] }""", "problem.supports[0].x: 5 is outside 0..4")]
    [InlineData("""{ "nelx": 4, "nely": 5, "supports": [ { "x": 0, "y": 0, "fix": "z" } ], "loadCases": [] }""", "problem.supports[0].fix: expected one of \"x\", \"y\", \"xy\"")]
    [InlineData("""{ "nelx": 4, "nely": 5, "supports": [ { "x": 0, "y": [3, 1], "fix": "x" } ], "loadCases": [] }""", "problem.supports[0].y: the range [3, 1] is empty")]
    [InlineData("""{ "nelx": 4, "nely": 5, "supports": [ { "x": 0, "y": 0, "fix": "xy" } ], "loadCases": [ { "loads": [ { "x": 4, "y": 5 } ] } ] }""", "problem.loadCases[0].loads[0]: give a non-zero fx or fy")]
    [InlineData("""{ "nelx": 4, "nely": 5, "supports": [ { "x": 0, "y": 0, "fix": "xy" } ], "loadCases": [ { "loads": [ { "x": 4, "y": 5, "fy": "1" } ] } ] }""", "problem.loadCases[0].loads[0].fy: expected a finite number")]
    [InlineData("""{ "nelx": 4, "nely": 5, "sizes": 3 }""", "problem: unknown field 'sizes'")]
    [InlineData("""{ "nelx": 4, "nely": 5, "nelx": 6, "supports": [], "loadCases": [] }""", "problem: 'nelx' is given twice (a key may appear once per object)")]
    [InlineData("""{ "nelx": 4, "nely": 5, "supports": [ { "x": 0, "y": 0, "fix": "xy" } ], "loadCases": [ { "loads": [ { "x": 4, "y": 5, "fy": -1, "fy": -100 } ] } ] }""", "problem.loadCases[0].loads[0]: 'fy' is given twice")]
    [InlineData("""{ "nelx": 4, "nely": 5, "supports": [ { "x": 0, "y": 0, "fix": "xy" } ], "loadCases": [ { "loads": [ { "x": 4, "y": 5, "fy": 1 }, { "x": 4, "y": 5, "fy": -1 } ] } ] }""", "load case 'case 1': its loads cancel")]
    [InlineData("""{ "nelx": 4, "nely": 5, "supports": [ { "x": 0, "y": 0, "fix": "xy" } ], "loadCases": [ { "loads": [ { "x": 4, "y": 5, "fy": 1 } ] } ], "passive": [ { "kind": "void", "circle": { "x": 1, "y": 1, "r": -2 } } ] }""", "problem.passive[0].circle.r: -2 must be at least 0")]
    [InlineData("", "the file is empty; expected a JSON object")]
    [InlineData("""{ "nelx": 4, "nely": """, "not valid JSON at line 1, byte 22")]
    [InlineData("""{ "nelx": 4, "nely": 5, "supports": [ { "x": 0, "y": 0, "fix": "xy" } ], "loadCases": [ { "loads": [ { "x": 0, "y": 0, "fy": 1 } ] } ] }""", "load case 'case 1' applies no force to a free DOF")]
    [InlineData("""{ "nelx": 4, "nely": 5, "supports": [ { "x": 0, "y": 0, "fix": "xy" } ], "loadCases": [ { "loads": [ { "x": 4, "y": 5, "fy": 1 } ] } ], "passive": [ { "kind": "void", "circle": { "x": 1, "y": 1, "r": 0.1 } } ] }""", "problem.passive[0]: the region contains no element centre")]
    public void Mistakes_are_one_line_errors_naming_the_field(string json, string expected)
    {
        var error = Assert.Throws<MalformedFileException>(() => ProblemFile.Parse(json, "bad.json"));

        Assert.StartsWith("bad.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Examples_in_the_documentation_parse()
    {
        var text = File.ReadAllText(Path.Combine(Architecture.LayeringTests.RepositoryRoot(), "docs", "problem-files.md"));
        var blocks = text.Split("```json")[1..].Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)]).ToArray();

        Assert.Equal(2, blocks.Length);
        var mbb = ProblemFile.Parse(blocks[0], "docs example 1");
        var bridge = ProblemFile.Parse(blocks[1], "docs example 2");
        Assert.Equal(StandardProblems.HalfMbb(60, 30).FixedDofs.ToArray(), mbb.FixedDofs.ToArray());
        Assert.Equal(2, bridge.LoadCases.Count);
        Assert.Contains(PassiveKind.Void, bridge.Passive.ToArray());
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var error = Assert.Throws<MalformedFileException>(() => ProblemFile.Read("/no/such/problem.json"));
        Assert.Contains("file not found", error.Message, StringComparison.Ordinal);
    }
}
