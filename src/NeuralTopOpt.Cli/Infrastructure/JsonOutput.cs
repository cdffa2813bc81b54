using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuralTopOpt.Cli.Infrastructure;

/// <summary>The JSON that ntopo prints with <c>--json</c>: one compact object per line.</summary>
internal static class JsonOutput
{
    /// <summary>Serializer settings: compact, shortest round-trip doubles, NaN written as a string.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Writes <paramref name="value"/> as one line of JSON.</summary>
    public static void Write(TextWriter writer, object value) =>
        writer.WriteLine(JsonSerializer.Serialize(value, value.GetType(), Options));
}
