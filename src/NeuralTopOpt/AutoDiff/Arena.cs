namespace NeuralTopOpt.AutoDiff;

/// <summary>A slice of an arena chunk: <c>Array[Offset .. Offset + Length)</c>.</summary>
internal readonly record struct Block(double[] Array, int Offset, int Length)
{
    public Span<double> Span => Array.AsSpan(Offset, Length);
}

/// <summary>
/// A bump allocator for tape values and gradients. <see cref="Reset"/> rewinds it without freeing,
/// so a tape rebuilt with the same operations reuses the same memory: after the first call the hot
/// path allocates nothing. Memory is handed out uninitialized; kernels overwrite or zero it.
/// </summary>
internal sealed class Arena
{
    private const int MinChunk = 1 << 16;
    private readonly List<double[]> _chunks = [];
    private int _chunk;
    private int _used;

    public Block Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        while (_chunk < _chunks.Count && (long)_used + length > _chunks[_chunk].Length)
        {
            if (_used == 0)
            {
                // A chunk after the current one is free in this round: grow it in place.
                _chunks[_chunk] = NewChunk(length, 2L * _chunks[_chunk].Length);
                break;
            }

            _chunk++;
            _used = 0;
        }

        if (_chunk == _chunks.Count)
        {
            var last = _chunks.Count > 0 ? _chunks[^1].Length : 0;
            _chunks.Add(NewChunk(length, Math.Max(MinChunk, 2L * last)));
            _used = 0;
        }

        var block = new Block(_chunks[_chunk], _used, length);
        _used += length;
        return block;
    }

    /// <summary>
    /// A chunk of at least <paramref name="length"/> values, <paramref name="preferred"/> when that fits in
    /// an array and in memory: doubling stops at <see cref="Array.MaxLength"/> (2·int overflowed to a
    /// negative size before), and a tape value that cannot be held fails with its size, not an overflow.
    /// </summary>
    private static double[] NewChunk(int length, long preferred)
    {
        long size = Math.Max(length, Math.Min(preferred, Array.MaxLength));
        if (8.0 * size > IO.MemoryBudget.Share * IO.MemoryBudget.Available)
        {
            size = length; // no room to grow ahead: just what is asked
        }

        var what = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the reverse-mode tape's {size:N0} values");
        IO.MemoryBudget.RequireArray(size, what, "use smaller layers or batches");
        IO.MemoryBudget.Require(8.0 * size, what, "use smaller layers or batches");
        return new double[size];
    }

    public void Reset()
    {
        _chunk = 0;
        _used = 0;
    }
}
