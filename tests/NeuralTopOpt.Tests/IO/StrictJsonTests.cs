using System.Text.Json;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Tests.IO;

public class StrictJsonTests
{
    [Theory]
    [InlineData("""{"a": 1, "a": 2}""", "the top level: 'a' is given twice (a key may appear once per object)")]
    [InlineData("""{"a": {"b": [1, {"c": 1, "d": 2, "c": 3}]}}""", "a.b[1]: 'c' is given twice (a key may appear once per object)")]
    [InlineData("  \n ", "the file is empty; expected a JSON object")]
    [InlineData("""{"a": [1, 2""", "not valid JSON at line 1, byte 12 (a missing comma, quote or bracket, or text cut short?)")]
    [InlineData("{\n\"a\": tru }", "not valid JSON at line 2, byte 9 (a missing comma, quote or bracket, or text cut short?)")]
    public void Refuses_repeated_keys_and_malformed_text_in_its_own_words(string text, string problem)
    {
        var error = Assert.Throws<MalformedFileException>(() => StrictJson.Parse(text, "x.json"));

        Assert.Equal(problem, error.Problem);
    }

    [Fact]
    public void Equal_keys_in_different_objects_are_fine()
    {
        using var document = StrictJson.Parse("""{"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 3}, {"x": 4}]}""", "x.json");

        Assert.Equal(4, document.RootElement.GetProperty("c")[1].GetProperty("x").GetInt32());
    }

    [Fact]
    public void Options_such_as_comments_are_honoured()
    {
        using var document = StrictJson.Parse("{ // a comment\n \"a\": 1, }", "x.json", new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }, "problem");

        Assert.Equal(1, document.RootElement.GetProperty("a").GetInt32());
        var error = Assert.Throws<MalformedFileException>(() => StrictJson.Parse("""{"a": 1, "a": 1}""", "x.json", root: "problem"));
        Assert.Equal("problem: 'a' is given twice (a key may appear once per object)", error.Problem);
    }
}
