namespace NeuralTopOpt.Reporting.Charts;

/// <summary>One named line of a chart.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="X">Abscissae.</param>
/// <param name="Y">Ordinates (same length as <paramref name="X"/>).</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>Size and labels of a chart image.</summary>
/// <param name="Title">Title above the plot area (empty for none).</param>
/// <param name="XLabel">Label of the horizontal axis.</param>
/// <param name="YLabel">Label of the vertical axis.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
public sealed record ChartLayout(string Title, string XLabel, string YLabel, int Width = 800, int Height = 500)
{
    /// <summary>Logarithmic vertical axis.</summary>
    public bool LogY { get; init; }

    /// <summary>Optional vertical range (min, max) in data units.</summary>
    public (double Min, double Max)? YRange { get; init; }
}
