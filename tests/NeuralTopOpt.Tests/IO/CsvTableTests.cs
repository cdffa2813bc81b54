using NeuralTopOpt.IO;

namespace NeuralTopOpt.Tests.IO;

public class CsvTableTests
{
    [Fact]
    public void Round_trips_values_exactly_with_comments()
    {
        var table = new CsvTable(["a", "b"], [0.1, 1.0 / 3.0, -2.5e-300, 7], ["seed 42"]);

        var back = CsvTable.Parse(new StringReader(table.ToCsv()), "memory");

        Assert.Equal(["a", "b"], back.Columns);
        Assert.Equal(["seed 42"], back.Comments);
        Assert.Equal(2, back.RowCount);
        Assert.Equal(1.0 / 3.0, back[0, 1]);
        Assert.Equal(-2.5e-300, back[1, 0]);
    }

    [Fact]
    public void Reads_the_reference_hole_cell_data()
    {
        var path = Path.Combine(Architecture.LayeringTests.RepositoryRoot(), "data", "reference", "hole-cell-homogenized-100x100.csv");

        var table = CsvTable.Read(path);

        Assert.Equal(10_000, table.RowCount);
        Assert.Equal(0.4306314392521115, table[0, table.ColumnIndex("width")]);
        Assert.Equal(1.0657190592494983, table[0, table.ColumnIndex("C11")]);
        Assert.Equal(3, table.ColumnIndex("3"));
    }

    [Theory]
    [InlineData("a,b\n1,2\n3\n", "line 3: 1 fields, but the header has 2 columns")]
    [InlineData("a,b\n1,x\n", "line 2: 'x' is not a number")]
    [InlineData("# only a comment\n", "no header row (the file is empty)")]
    [InlineData("a,,c\n", "line 1: the header has an empty column name")]
    [InlineData("# c\nx,y,x\n1,2,3\n", "line 2: the header names column 'x' 2 times; column names must be unique")]
    public void Malformed_text_names_the_line_and_the_problem(string text, string problem)
    {
        var error = Assert.Throws<MalformedFileException>(() => CsvTable.Parse(new StringReader(text), "data.csv"));

        Assert.Equal(problem, error.Problem);
        Assert.Equal($"data.csv: {problem}", error.Message);
    }

    [Fact]
    public void Unknown_column_lists_the_columns()
    {
        var table = new CsvTable(["width", "height"], [1, 2]);

        var error = Assert.Throws<InvalidInputException>(() => table.ColumnIndex("depth"));

        Assert.Equal("no column 'depth'; the columns are width, height", error.Message);
    }

    [Fact]
    public void Selecting_a_NaN_value_is_refused()
    {
        var table = CsvTable.Parse(new StringReader("x,y\n1,NaN\n"), "m");

        var error = Assert.Throws<InvalidInputException>(() => table.Select([0, 1]));

        Assert.Contains("row 1, column 'y' is NaN", error.Message, StringComparison.Ordinal);
    }
}
