using System.Runtime.Intrinsics;
using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Fem;

/// <summary>
/// Assembles Q4 element matrices into the lower triangle of a global stiffness matrix. The sparsity
/// pattern and a scatter map (element entry → position in the matrix values) are built once; each
/// assembly only refills values, as the 88-line code does with its precomputed iK, jK.
/// </summary>
/// <remarks>
/// The unknowns are whatever the caller makes them: each element DOF names an unknown index or −1 when
/// that DOF is eliminated (a fixed support). Several element DOFs may share an unknown (periodic
/// boundaries): the shared entries are summed, K_ab + K_ba landing twice on a diagonal.
/// </remarks>
public sealed class StiffnessAssembler
{
    private readonly int[] _scatter;
    private readonly (int Entry, int Position)[] _extra;

    /// <summary>
    /// Builds the pattern of Σₑ Kₑ over <paramref name="unknownCount"/> unknowns from the element DOF
    /// table (8 unknown indices per element, −1 for eliminated DOFs).
    /// </summary>
    public StiffnessAssembler(int unknownCount, ReadOnlySpan<int> elementUnknowns)
    {
        if (elementUnknowns.Length % Q4Element.DofCount != 0)
        {
            throw new ArgumentException("the element table must hold 8 unknowns per element", nameof(elementUnknowns));
        }

        ElementCount = elementUnknowns.Length / Q4Element.DofCount;
        var table = elementUnknowns.ToArray();
        foreach (var u in table)
        {
            if (u < -1 || u >= unknownCount)
            {
                throw new ArgumentException($"unknown index {u} is outside -1..{unknownCount - 1}", nameof(elementUnknowns));
            }
        }

        // Elements touching each unknown (CSR).
        var touchStart = new int[unknownCount + 1];
        foreach (var u in table)
        {
            if (u >= 0)
            {
                touchStart[u + 1]++;
            }
        }

        for (var u = 0; u < unknownCount; u++)
        {
            touchStart[u + 1] += touchStart[u];
        }

        var touching = new int[touchStart[unknownCount]];
        var fill = touchStart[..unknownCount];
        for (var t = 0; t < table.Length; t++)
        {
            if (table[t] >= 0)
            {
                touching[fill[table[t]]++] = t / Q4Element.DofCount;
            }
        }

        // Column j: rows i ≥ j coupled to j through some element; then the scatter positions.
        var pointers = new int[unknownCount + 1];
        var rows = new List<int>(unknownCount * 10);
        var mark = new int[unknownCount];
        var position = new int[unknownCount];
        mark.AsSpan().Fill(-1);
        _scatter = new int[ElementCount * Q4Element.PackedCount];
        _scatter.AsSpan().Fill(-1);
        var extra = new List<(int, int)>();
        var column = new List<int>();
        for (var j = 0; j < unknownCount; j++)
        {
            column.Clear();
            for (var q = touchStart[j]; q < touchStart[j + 1]; q++)
            {
                var dofs = table.AsSpan(touching[q] * Q4Element.DofCount, Q4Element.DofCount);
                foreach (var i in dofs)
                {
                    if (i >= j && mark[i] != j)
                    {
                        mark[i] = j;
                        column.Add(i);
                    }
                }
            }

            column.Sort();
            for (var q = 0; q < column.Count; q++)
            {
                position[column[q]] = rows.Count + q;
            }

            for (var q = touchStart[j]; q < touchStart[j + 1]; q++)
            {
                var e = touching[q];
                if (q > touchStart[j] && touching[q - 1] == e)
                {
                    continue;
                }

                var dofs = table.AsSpan(e * Q4Element.DofCount, Q4Element.DofCount);
                for (var a = 0; a < Q4Element.DofCount; a++)
                {
                    if (dofs[a] != j)
                    {
                        continue;
                    }

                    for (var b = 0; b < Q4Element.DofCount; b++)
                    {
                        if (dofs[b] < j)
                        {
                            continue;
                        }

                        var entry = (e * Q4Element.PackedCount) + Q4Element.PackedIndex(a, b);
                        if (_scatter[entry] < 0)
                        {
                            _scatter[entry] = position[dofs[b]];
                        }
                        else
                        {
                            extra.Add((entry, position[dofs[b]]));
                        }
                    }
                }
            }

            rows.AddRange(column);
            pointers[j + 1] = rows.Count;
        }

        _extra = extra.ToArray();
        Matrix = new CompressedColumnMatrix(unknownCount, unknownCount, pointers, rows.ToArray(), new double[rows.Count]);
    }

    /// <summary>Number of elements.</summary>
    public int ElementCount { get; }

    /// <summary>The assembled matrix (lower triangle); <see cref="Assemble(ReadOnlySpan{double}, Q4Basis)"/> refills its values.</summary>
    public CompressedColumnMatrix Matrix { get; }

    /// <summary>
    /// K = Σₑ Kₑ with Kₑ = C11·K11 + C12·K12 + C22·K22 + C33·K33 (orthotropic elements; Eq. 10 of the
    /// paper), from 4 entries per element in <paramref name="elementTensors"/> (C11, C12, C22, C33).
    /// </summary>
    public void Assemble(ReadOnlySpan<double> elementTensors, Q4Basis basis) => Assemble(elementTensors, basis, Matrix.Values);

    /// <summary>
    /// As <see cref="Assemble(ReadOnlySpan{double}, Q4Basis)"/>, into caller-owned <paramref name="values"/>
    /// (one per stored entry of <see cref="Matrix"/>), so that threads sharing one pattern and scatter map
    /// each fill their own matrix.
    /// </summary>
    public void Assemble(ReadOnlySpan<double> elementTensors, Q4Basis basis, Span<double> values)
    {
        ArgumentNullException.ThrowIfNull(basis);
        if (elementTensors.Length != 4 * ElementCount)
        {
            throw new ArgumentException($"expected 4 stiffness entries for each of {ElementCount} elements, got {elementTensors.Length} values", nameof(elementTensors));
        }

        CheckValues(values);
        values.Clear();
        var packed = basis.Packed;
        Span<double> ke = stackalloc double[40];
        for (var e = 0; e < ElementCount; e++)
        {
            var c = elementTensors.Slice(4 * e, 4);
            Combine(c[0], c[1], c[2], c[3], packed, ke);
            var map = _scatter.AsSpan(e * Q4Element.PackedCount, Q4Element.PackedCount);
            for (var t = 0; t < Q4Element.PackedCount; t++)
            {
                var target = map[t];
                if (target >= 0)
                {
                    values[target] += ke[t];
                }
            }
        }

        foreach (var (entry, position) in _extra)
        {
            var e = entry / Q4Element.PackedCount;
            var t = entry % Q4Element.PackedCount;
            var c = elementTensors.Slice(4 * e, 4);
            values[position] += (c[0] * packed[t]) + (c[1] * packed[36 + t]) + (c[2] * packed[72 + t]) + (c[3] * packed[108 + t]);
        }
    }

    /// <summary>K = Σₑ Kₑ from packed element matrices (36 values each: the lower triangle row by row).</summary>
    public void AssemblePacked(ReadOnlySpan<double> packedElementMatrices) => AssemblePacked(packedElementMatrices, Matrix.Values);

    /// <summary>As <see cref="AssemblePacked(ReadOnlySpan{double})"/>, into caller-owned <paramref name="values"/>.</summary>
    public void AssemblePacked(ReadOnlySpan<double> packedElementMatrices, Span<double> values)
    {
        if (packedElementMatrices.Length != Q4Element.PackedCount * ElementCount)
        {
            throw new ArgumentException($"expected 36 packed entries for each of {ElementCount} elements", nameof(packedElementMatrices));
        }

        CheckValues(values);
        values.Clear();
        for (var entry = 0; entry < _scatter.Length; entry++)
        {
            if (_scatter[entry] >= 0)
            {
                values[_scatter[entry]] += packedElementMatrices[entry];
            }
        }

        foreach (var (entry, position) in _extra)
        {
            values[position] += packedElementMatrices[entry];
        }
    }

    private void CheckValues(Span<double> values)
    {
        if (values.Length != Matrix.Values.Length)
        {
            throw new ArgumentException($"the pattern stores {Matrix.Values.Length} values, not {values.Length}", nameof(values));
        }
    }

    /// <summary>ke[0..36) = c11·P₀ + c12·P₁ + c22·P₂ + c33·P₃ over the packed basis matrices.</summary>
    private static void Combine(double c11, double c12, double c22, double c33, ReadOnlySpan<double> packed, Span<double> ke)
    {
        var v11 = Vector256.Create(c11);
        var v12 = Vector256.Create(c12);
        var v22 = Vector256.Create(c22);
        var v33 = Vector256.Create(c33);
        for (var t = 0; t < 36; t += 4)
        {
            var sum = v11 * Vector256.Create(packed.Slice(t, 4));
            sum = Vector256.FusedMultiplyAdd(v12, Vector256.Create(packed.Slice(36 + t, 4)), sum);
            sum = Vector256.FusedMultiplyAdd(v22, Vector256.Create(packed.Slice(72 + t, 4)), sum);
            sum = Vector256.FusedMultiplyAdd(v33, Vector256.Create(packed.Slice(108 + t, 4)), sum);
            sum.CopyTo(ke.Slice(t, 4));
        }
    }
}
