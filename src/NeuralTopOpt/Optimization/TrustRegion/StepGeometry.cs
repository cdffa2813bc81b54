using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Optimization.TrustRegion;

/// <summary>An interval [Start, End] of the line parameter t, and whether the line meets the set at all.</summary>
internal readonly record struct Interval(double Start, double End, bool Intersects)
{
    public static Interval None => new(0, 0, false);
}

/// <summary>
/// Where the segment z + t·d, 0 ≤ t ≤ 1 (or the whole line) lies inside the ball ‖·‖ ≤ Δ and the
/// box lb ≤ · ≤ ub: the geometry behind the dogleg and the truncated projected CG.
/// </summary>
internal static class StepGeometry
{
    /// <summary>The t with ‖z + t d‖ ≤ Δ: roots of ‖d‖²t² + 2zᵀd·t + ‖z‖² − Δ² (computed without cancellation).</summary>
    public static Interval Sphere(ReadOnlySpan<double> z, ReadOnlySpan<double> d, double radius, bool entireLine = false)
    {
        var a = VectorOps.Dot(d, d);
        if (a == 0.0)
        {
            return Interval.None;
        }

        if (double.IsPositiveInfinity(radius))
        {
            return entireLine ? new(double.NegativeInfinity, double.PositiveInfinity, true) : new(0, 1, true);
        }

        var b = 2.0 * VectorOps.Dot(z, d);
        var c = VectorOps.Dot(z, z) - (radius * radius);
        var discriminant = (b * b) - (4.0 * a * c);
        if (discriminant < 0.0)
        {
            return Interval.None;
        }

        var aux = b + Math.CopySign(Math.Sqrt(discriminant), b);
        var t1 = -aux / (2.0 * a);
        var t2 = aux == 0.0 ? -t1 : -2.0 * c / aux;
        return Restrict(Math.Min(t1, t2), Math.Max(t1, t2), entireLine);
    }

    /// <summary>
    /// The t with lb ≤ z + t d ≤ ub (components with dᵢ = 0 must already satisfy their bounds), as
    /// SciPy's <c>box_intersections</c>: when the per-component intervals do not overlap the interval
    /// is still returned (restricted to [0, 1] unless it lies wholly outside) but does not intersect.
    /// </summary>
    public static Interval Box(ReadOnlySpan<double> z, ReadOnlySpan<double> d, ReadOnlySpan<double> lb, ReadOnlySpan<double> ub, bool entireLine = false)
    {
        var start = double.NegativeInfinity;
        var end = double.PositiveInfinity;
        var moving = false;
        for (var i = 0; i < z.Length; i++)
        {
            if (d[i] == 0.0)
            {
                if (z[i] < lb[i] || z[i] > ub[i])
                {
                    return Interval.None;
                }

                continue;
            }

            moving = true;
            var tl = (lb[i] - z[i]) / d[i];
            var tu = (ub[i] - z[i]) / d[i];
            start = Math.Max(start, Math.Min(tl, tu));
            end = Math.Min(end, Math.Max(tl, tu));
        }

        if (!moving)
        {
            return Interval.None;
        }

        var overlap = start <= end;
        if (entireLine)
        {
            return new(start, end, overlap);
        }

        return end < 0 || start > 1 ? Interval.None : new(Math.Max(0, start), Math.Min(1, end), overlap);
    }

    /// <summary>The intersection of <see cref="Box"/> and <see cref="Sphere"/>.</summary>
    public static Interval BoxSphere(
        ReadOnlySpan<double> z, ReadOnlySpan<double> d, ReadOnlySpan<double> lb, ReadOnlySpan<double> ub, double radius, bool entireLine = false)
    {
        var box = Box(z, d, lb, ub, entireLine);
        var sphere = Sphere(z, d, radius, entireLine);
        var start = Math.Max(box.Start, sphere.Start);
        var end = Math.Min(box.End, sphere.End);
        return box.Intersects && sphere.Intersects && start <= end ? new(start, end, true) : new(start, end, false);
    }

    /// <summary>lb ≤ x ≤ ub componentwise.</summary>
    public static bool InsideBox(ReadOnlySpan<double> x, ReadOnlySpan<double> lb, ReadOnlySpan<double> ub)
    {
        for (var i = 0; i < x.Length; i++)
        {
            if (!(x[i] >= lb[i] && x[i] <= ub[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>x ← min(max(x, lb), ub): removes roundoff after a step to the box boundary.</summary>
    public static void Clamp(Span<double> x, ReadOnlySpan<double> lb, ReadOnlySpan<double> ub)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = Math.Min(Math.Max(x[i], lb[i]), ub[i]);
        }
    }

    private static Interval Restrict(double start, double end, bool entireLine)
    {
        if (entireLine)
        {
            return new(start, end, true);
        }

        return end < 0 || start > 1 ? Interval.None : new(Math.Max(0, start), Math.Min(1, end), true);
    }
}
