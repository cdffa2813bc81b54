using System.Buffers.Binary;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Export;

/// <summary>
/// A <see cref="PixelGrid"/> extruded to a plate of thickness t as a binary STL: for every solid pixel its top
/// (z = t) and bottom (z = 0) squares, and for every pixel side between solid and void (or the grid's edge) a
/// wall, two triangles each. All triangles share the grid's vertices, so every directed edge is matched by its
/// reverse: the surface is closed, with normals outwards (counter-clockwise seen from outside). Coordinates in
/// the grid's units with y upwards (y = (H − row)·h); the enclosed volume is the solid area × t.
/// </summary>
public static class StlFile
{
    /// <summary>Bytes of the 80-byte header, the count and 50 bytes per triangle.</summary>
    public static long Size(long triangles) => 84 + (50 * triangles);

    /// <summary>The number of triangles of <paramref name="grid"/>'s plate.</summary>
    public static long TriangleCount(PixelGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        long walls = 0;
        for (var x = 0; x < grid.Width; x++)
        {
            for (var y = 0; y < grid.Height; y++)
            {
                if (grid.IsSolid(x, y))
                {
                    walls += (grid.IsSolid(x - 1, y) ? 0 : 1) + (grid.IsSolid(x + 1, y) ? 0 : 1) + (grid.IsSolid(x, y - 1) ? 0 : 1) + (grid.IsSolid(x, y + 1) ? 0 : 1);
                }
            }
        }

        return (4L * grid.SolidCount) + (2 * walls);
    }

    /// <summary>Writes the plate of <paramref name="grid"/>, <paramref name="thickness"/> thick, to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, PixelGrid grid, double thickness)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (!(thickness > 0) || double.IsInfinity(thickness))
        {
            throw new InvalidInputException($"the plate thickness must be a positive number, not {thickness}");
        }

        var count = TriangleCount(grid);
        if (count > uint.MaxValue)
        {
            throw new InvalidInputException($"the plate has {count:N0} triangles, more than an STL file can count");
        }

        AtomicFile.Write(path, stream =>
        {
            var output = new BufferedStream(stream, 1 << 16); // not disposed: that would close the atomic writer's stream
            var header = new byte[84];
            "NeuralTopOpt fine-scale structure, extruded"u8.CopyTo(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(80), (uint)count);
            output.Write(header);
            var writer = new TriangleWriter(output);
            var h = grid.PixelSize;
            var t = thickness;
            for (var x = 0; x < grid.Width; x++)
            {
                for (var row = 0; row < grid.Height; row++)
                {
                    if (!grid.IsSolid(x, row))
                    {
                        continue;
                    }

                    // The pixel spans [x0, x1] × [y0, y1] with y upwards.
                    var (x0, x1) = (x * h, (x + 1) * h);
                    var (y0, y1) = ((grid.Height - row - 1) * h, (grid.Height - row) * h);
                    writer.Quad((0, 0, 1), (x0, y0, t), (x1, y0, t), (x1, y1, t), (x0, y1, t));
                    writer.Quad((0, 0, -1), (x0, y0, 0), (x0, y1, 0), (x1, y1, 0), (x1, y0, 0));
                    if (!grid.IsSolid(x - 1, row))
                    {
                        writer.Quad((-1, 0, 0), (x0, y0, 0), (x0, y0, t), (x0, y1, t), (x0, y1, 0));
                    }

                    if (!grid.IsSolid(x + 1, row))
                    {
                        writer.Quad((1, 0, 0), (x1, y0, 0), (x1, y1, 0), (x1, y1, t), (x1, y0, t));
                    }

                    if (!grid.IsSolid(x, row + 1))
                    {
                        writer.Quad((0, -1, 0), (x0, y0, 0), (x1, y0, 0), (x1, y0, t), (x0, y0, t));
                    }

                    if (!grid.IsSolid(x, row - 1))
                    {
                        writer.Quad((0, 1, 0), (x0, y1, 0), (x0, y1, t), (x1, y1, t), (x1, y1, 0));
                    }
                }
            }

            output.Flush();
        });
    }

    /// <summary>Writes 50-byte triangle records.</summary>
    private sealed class TriangleWriter(Stream output)
    {
        private readonly byte[] _record = new byte[50];

        /// <summary>The quad a, b, c, d (counter-clockwise seen from outside) as the triangles abc and acd.</summary>
        public void Quad((double, double, double) normal, (double, double, double) a, (double, double, double) b, (double, double, double) c, (double, double, double) d)
        {
            Triangle(normal, a, b, c);
            Triangle(normal, a, c, d);
        }

        private void Triangle((double, double, double) normal, (double, double, double) a, (double, double, double) b, (double, double, double) c)
        {
            var span = _record.AsSpan();
            Put(span, 0, normal);
            Put(span, 12, a);
            Put(span, 24, b);
            Put(span, 36, c);
            span[48] = 0;
            span[49] = 0;
            output.Write(_record);
        }

        private static void Put(Span<byte> span, int offset, (double X, double Y, double Z) v)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[offset..], (float)v.X);
            BinaryPrimitives.WriteSingleLittleEndian(span[(offset + 4)..], (float)v.Y);
            BinaryPrimitives.WriteSingleLittleEndian(span[(offset + 8)..], (float)v.Z);
        }
    }
}
