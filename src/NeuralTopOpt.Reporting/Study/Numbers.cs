using System.Globalization;

namespace NeuralTopOpt.Reporting.Study;

/// <summary>How the report writes numbers: invariant culture, scientific form for errors.</summary>
internal static class Numbers
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Three significant digits in scientific form (1.07e-4); exactly zero as 0.</summary>
    public static string Sci(double value) => value == 0 ? "0" : double.IsNaN(value) ? "n/a" : value.ToString("0.00e+0", C);

    /// <summary>Fixed decimals.</summary>
    public static string Fixed(double value, int decimals = 2) => value.ToString("F" + decimals.ToString(C), C);

    /// <summary>An integer with thousands separators.</summary>
    public static string Count(long value) => value.ToString("N0", C);

    /// <summary>A ratio such as "×1,234" (paper's value over ours).</summary>
    public static string Times(double ratio) => double.IsFinite(ratio) && ratio > 0 ? "×" + ratio.ToString(ratio >= 100 ? "N0" : "N1", C) : "n/a";

    /// <summary>Text with interpolated numbers in the invariant culture.</summary>
    public static string Text(FormattableString text) => text.ToString(C);
}
