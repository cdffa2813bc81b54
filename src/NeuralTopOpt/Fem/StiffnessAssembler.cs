using System.Runtime.Intrinsics;
using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Fem;

/// <summary>
/// Assembles element matrices (Q4 by default, any <see cref="IElementBasis"/>) into the lower triangle
/// of a global stiffness matrix. The sparsity pattern and a scatter map (element entry → position in the
/// matrix values) are built once; each assembly only refills values, as the 88-line code does with its
/// precomputed iK, jK.
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
    private readonly int _dofs;
    private readonly int _packedCount;

    /// <summary>
    /// Builds the pattern of Σₑ Kₑ over <paramref name="unknownCount"/> unknowns from the element DOF
    /// table (<paramref name="elementDofCount"/> unknown indices per element, −1 for eliminated DOFs;
    /// 8 for Q4).
    /// </summary>
    public StiffnessAssembler(int unknownCount, ReadOnlySpan<int> elementUnknowns, int elementDofCount = Q4Element.DofCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(elementDofCount, 1);
        if (elementUnknowns.Length % elementDofCount != 0)
        {
            throw new ArgumentException($"the element table must hold {elementDofCount} unknowns per element", nameof(elementUnknowns));
        }

        _dofs = elementDofCount;
        _packedCount = PackedMatrix.Size(elementDofCount);
        ElementCount = elementUnknowns.Length / elementDofCount;
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
                touching[fill[table[t]]++] = t / _dofs;
            }
        }

        // Column j: rows i ≥ j coupled to j through some element; then the scatter positions.
        var pointers = new int[unknownCount + 1];
        var rows = new List<int>(unknownCount * 10);
        var mark = new int[unknownCount];
        var position = new int[unknownCount];
        mark.AsSpan().Fill(-1);
        _scatter = new int[ElementCount * _packedCount];
        _scatter.AsSpan().Fill(-1);
        var extra = new List<(int, int)>();
        var column = new List<int>();
        for (var j = 0; j < unknownCount; j++)
        {
            column.Clear();
            for (var q = touchStart[j]; q < touchStart[j + 1]; q++)
            {
                var dofs = table.AsSpan(touching[q] * _dofs, _dofs);
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

                var dofs = table.AsSpan(e * _dofs, _dofs);
                for (var a = 0; a < _dofs; a++)
                {
                    if (dofs[a] != j)
                    {
                        continue;
                    }

                    for (var b = 0; b < _dofs; b++)
                    {
                        if (dofs[b] < j)
                        {
                            continue;
                        }

                        var entry = (e * _packedCount) + PackedMatrix.Index(a, b);
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

    /// <summary>The assembled matrix (lower triangle); the assembly methods refill its values.</summary>
    public CompressedColumnMatrix Matrix { get; }

    /// <summary>
    /// K = Σₑ Kₑ with Kₑ = Σ_t c_{e,t} K_t (Eq. 10 of the paper) over the first m basis matrices of
    /// <paramref name="basis"/>, from m coefficients per element in <paramref name="coefficients"/>
    /// (m = 4 for an orthotropic Q4 material: C11, C12, C22, C33; 6 with C13, C23).
    /// </summary>
    public void Assemble(ReadOnlySpan<double> coefficients, IElementBasis basis) => Assemble(coefficients, basis, Matrix.Values);

    /// <summary>
    /// As <see cref="Assemble(ReadOnlySpan{double}, IElementBasis)"/>, into caller-owned <paramref name="values"/>
    /// (one per stored entry of <see cref="Matrix"/>), so that threads sharing one pattern and scatter map
    /// each fill their own matrix.
    /// </summary>
    public void Assemble(ReadOnlySpan<double> coefficients, IElementBasis basis, Span<double> values)
    {
        ArgumentNullException.ThrowIfNull(basis);
        if (basis.DofCount != _dofs)
        {
            throw new ArgumentException($"the pattern has {_dofs} DOFs per element; the {basis.Name} element has {basis.DofCount}", nameof(basis));
        }

        var m = ElementCount == 0 ? 0 : coefficients.Length / ElementCount;
        if (m < 1 || m > basis.EntryCount || coefficients.Length != m * ElementCount)
        {
            throw new ArgumentException($"expected 1 to {basis.EntryCount} stiffness entries for each of {ElementCount} elements, got {coefficients.Length} values", nameof(coefficients));
        }

        CheckValues(values);
        values.Clear();
        var packed = basis.Packed;
        var p = _packedCount;
        Span<double> ke = p <= 512 ? stackalloc double[p] : new double[p];
        for (var e = 0; e < ElementCount; e++)
        {
            Combine(coefficients.Slice(m * e, m), packed, p, ke);
            var map = _scatter.AsSpan(e * p, p);
            for (var t = 0; t < p; t++)
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
            var e = entry / p;
            var t = entry % p;
            var c = coefficients.Slice(m * e, m);
            var sum = c[0] * packed[t];
            for (var j = 1; j < m; j++)
            {
                sum += c[j] * packed[(j * p) + t];
            }

            values[position] += sum;
        }
    }

    /// <summary>K = Σₑ Kₑ from packed element matrices (36 values each: the lower triangle row by row).</summary>
    public void AssemblePacked(ReadOnlySpan<double> packedElementMatrices) => AssemblePacked(packedElementMatrices, Matrix.Values);

    /// <summary>As <see cref="AssemblePacked(ReadOnlySpan{double})"/>, into caller-owned <paramref name="values"/>.</summary>
    public void AssemblePacked(ReadOnlySpan<double> packedElementMatrices, Span<double> values)
    {
        if (packedElementMatrices.Length != _packedCount * ElementCount)
        {
            throw new ArgumentException($"expected {_packedCount} packed entries for each of {ElementCount} elements", nameof(packedElementMatrices));
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

    /// <summary>ke = Σ_j c_j·P_j over the packed basis matrices P_j (p values each), four lanes at a time.</summary>
    private static void Combine(ReadOnlySpan<double> c, ReadOnlySpan<double> packed, int p, Span<double> ke)
    {
        var t = 0;
        for (; t + 4 <= p; t += 4)
        {
            var sum = Vector256.Create(c[0]) * Vector256.Create(packed.Slice(t, 4));
            for (var j = 1; j < c.Length; j++)
            {
                sum = Vector256.FusedMultiplyAdd(Vector256.Create(c[j]), Vector256.Create(packed.Slice((j * p) + t, 4)), sum);
            }

            sum.CopyTo(ke.Slice(t, 4));
        }

        for (; t < p; t++)
        {
            var sum = c[0] * packed[t];
            for (var j = 1; j < c.Length; j++)
            {
                sum = Math.FusedMultiplyAdd(c[j], packed[(j * p) + t], sum);
            }

            ke[t] = sum;
        }
    }
}
