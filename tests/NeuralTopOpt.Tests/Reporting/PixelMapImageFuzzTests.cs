using System.Buffers.Binary;
using System.Diagnostics;
using CsCheck;
using NeuralTopOpt.Reporting.Images;
using NeuralTopOpt.Tests.Properties;

namespace NeuralTopOpt.Tests.Reporting;

/// <summary>
/// PNG cells with random damage (seeded): header sizes rewritten (up to 2³¹ − 1 per side), bytes flipped,
/// files cut short. Reading gives a valid cell or a <see cref="NeuralTopOptException"/>, never another
/// exception, never a slow decode of a size the file cannot hold; a file cut inside its image data is an error.
/// </summary>
public sealed class PixelMapImageFuzzTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-fuzz-png-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Damaged_pngs_give_a_cell_or_an_error_quickly()
    {
        var valid = PngFiles.Checkerboard(8);
        var dataEnd = valid.Length - 12 - 4 - 4; // before the IEND chunk (12 bytes), the IDAT CRC and zlib's Adler-32 (4 each): the end of the deflate data
        var path = Path.Combine(_folder, "cell.png");
        var gen = Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Int[0, 255], (kind, a, b, v) => (kind, a, b, v));
        var (errors, cells) = (0, 0);

        await Bounded.Run(() => SeededProperty.Check(gen, seed: 51, cases: 300, c =>
        {
            var bytes = (byte[])valid.Clone();
            var cutInsideData = false;
            switch (c.kind)
            {
                case 0: // the header's width and height (offsets 16 and 20), CRC left as it was
                    BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), c.a % 2 == 0 ? c.a : c.a % 4000);
                    BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), c.b % 2 == 0 ? c.b : c.b % 4000);
                    break;
                case 1: // one byte anywhere
                    bytes[c.a % bytes.Length] = (byte)c.v;
                    break;
                case 2: // cut short
                    var length = c.a % bytes.Length;
                    cutInsideData = length < dataEnd;
                    bytes = bytes[..length];
                    break;
                default: // a few bytes of the image data scrambled
                    for (var k = 0; k < 4; k++)
                    {
                        bytes[41 + ((c.a + (k * c.b)) % (dataEnd - 41))] ^= (byte)(c.v | 1);
                    }

                    break;
            }

            File.WriteAllBytes(path, bytes);
            var clock = Stopwatch.StartNew();
            try
            {
                var map = PixelMapImage.Read(path);
                Assert.False(cutInsideData, "a file cut inside its image data was read");
                Assert.InRange(map.Resolution, 2, 2000);
                Assert.All(map.Densities.ToArray(), d => Assert.InRange(d, 0, 1));
                cells++;
            }
            catch (NeuralTopOptException e)
            {
                Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
                errors++;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"read took {clock.Elapsed}");
        }), TimeSpan.FromSeconds(60));

        Assert.True(errors > 100 && cells > 20, $"{errors} errors, {cells} cells");
    }
}
