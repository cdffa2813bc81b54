using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Sparse.Ordering;

/// <summary>
/// Nested dissection of an arbitrary symmetric pattern by level structures (George and Liu,
/// <i>Computer Solution of Large Sparse Positive Definite Systems</i>, 1981, Ch. 8): find a
/// pseudo-peripheral vertex, build its breadth-first level structure, and take the level that splits
/// the vertices most evenly as the separator; order the two sides recursively, then the separator.
/// No geometry is needed, so it serves any mesh or graph; on structured grids
/// <see cref="GridNestedDissection"/> finds shorter separators.
/// </summary>
public static class GraphNestedDissection
{
    /// <summary>Parts with at most this many vertices are not split further.</summary>
    private const int LeafSize = 8;

    /// <summary>An ordering (see <see cref="Permutation"/>) of the symmetric matrix whose lower (or full) pattern is given.</summary>
    public static int[] Order(CompressedColumnMatrix pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.RowCount != pattern.ColumnCount)
        {
            throw new ArgumentException("the pattern must be square", nameof(pattern));
        }

        var graph = new Graph(pattern);
        var order = new List<int>(graph.Count);

        // Tasks: dissect a part, or emit a separator (already ordered) — a stack instead of recursion.
        var tasks = new Stack<(int[] Vertices, bool Emit)>();
        tasks.Push((Enumerable.Range(0, graph.Count).ToArray(), false));
        while (tasks.Count > 0)
        {
            var (vertices, emit) = tasks.Pop();
            if (emit || vertices.Length <= LeafSize)
            {
                order.AddRange(vertices);
                continue;
            }

            graph.Mark(vertices);
            var component = graph.Component(vertices[0]);
            if (component.Length < vertices.Length)
            {
                // Disconnected: the components are independent parts.
                graph.Unmark(component);
                var rest = vertices.Where(graph.IsMarked).ToArray();
                graph.Unmark(rest);
                tasks.Push((rest, false));
                tasks.Push((component, false));
                continue;
            }

            var levels = graph.LevelStructure(graph.PseudoPeripheral(vertices[0]));
            graph.Unmark(vertices);
            if (levels.Count < 3)
            {
                tasks.Push((vertices, true));
                continue;
            }

            var middle = Separator(levels, vertices.Length);

            var first = levels.Take(middle).SelectMany(l => l).ToArray();
            var second = levels.Skip(middle + 1).SelectMany(l => l).ToArray();
            tasks.Push((levels[middle], true));
            tasks.Push((second, false));
            tasks.Push((first, false));
        }

        return order.ToArray();
    }

    /// <summary>
    /// The separating level: the smallest level among those that leave between 30% and 70% of the
    /// vertices before it (the level where half is passed, if none qualifies); never the first or last.
    /// </summary>
    private static int Separator(List<int[]> levels, int total)
    {
        var best = -1;
        var halfway = -1;
        var before = levels[0].Length;
        for (var l = 1; l < levels.Count - 1; before += levels[l].Length, l++)
        {
            if (halfway < 0 && before + levels[l].Length >= total / 2)
            {
                halfway = l;
            }

            var share = (double)before / total;
            if (share >= 0.3 && share + ((double)levels[l].Length / total) <= 0.7 && (best < 0 || levels[l].Length < levels[best].Length))
            {
                best = l;
            }
        }

        return best >= 0 ? best : Math.Max(1, halfway < 0 ? levels.Count - 2 : halfway);
    }

    /// <summary>Adjacency lists of the pattern graph, with a mark per vertex for the current part.</summary>
    private sealed class Graph
    {
        private readonly int[] _start;
        private readonly int[] _neighbours;
        private readonly bool[] _marked;
        private readonly int[] _distance;

        public Graph(CompressedColumnMatrix pattern)
        {
            Count = pattern.ColumnCount;
            var degree = new int[Count + 1];
            for (var j = 0; j < Count; j++)
            {
                for (var p = pattern.ColumnPointers[j]; p < pattern.ColumnPointers[j + 1]; p++)
                {
                    var i = pattern.RowIndices[p];
                    if (i > j)
                    {
                        degree[i + 1]++;
                        degree[j + 1]++;
                    }
                }
            }

            for (var v = 0; v < Count; v++)
            {
                degree[v + 1] += degree[v];
            }

            _start = degree;
            _neighbours = new int[degree[Count]];
            var next = degree[..Count];
            for (var j = 0; j < Count; j++)
            {
                for (var p = pattern.ColumnPointers[j]; p < pattern.ColumnPointers[j + 1]; p++)
                {
                    var i = pattern.RowIndices[p];
                    if (i > j)
                    {
                        _neighbours[next[i]++] = j;
                        _neighbours[next[j]++] = i;
                    }
                }
            }

            _marked = new bool[Count];
            _distance = new int[Count];
            _distance.AsSpan().Fill(-1);
        }

        public int Count { get; }

        public bool IsMarked(int v) => _marked[v];

        public void Mark(int[] vertices)
        {
            foreach (var v in vertices)
            {
                _marked[v] = true;
            }
        }

        public void Unmark(int[] vertices)
        {
            foreach (var v in vertices)
            {
                _marked[v] = false;
            }
        }

        /// <summary>The marked vertices reachable from <paramref name="root"/> through marked vertices.</summary>
        public int[] Component(int root) => LevelStructure(root).SelectMany(l => l).ToArray();

        /// <summary>Breadth-first levels from <paramref name="root"/> within the marked vertices.</summary>
        public List<int[]> LevelStructure(int root)
        {
            var levels = new List<int[]>();
            var current = new List<int> { root };
            var seen = new List<int> { root };
            _distance[root] = 0;
            while (current.Count > 0)
            {
                levels.Add(current.ToArray());
                var next = new List<int>();
                foreach (var v in current)
                {
                    for (var q = _start[v]; q < _start[v + 1]; q++)
                    {
                        var w = _neighbours[q];
                        if (_marked[w] && _distance[w] < 0)
                        {
                            _distance[w] = levels.Count;
                            next.Add(w);
                            seen.Add(w);
                        }
                    }
                }

                current = next;
            }

            foreach (var v in seen)
            {
                _distance[v] = -1;
            }

            return levels;
        }

        /// <summary>
        /// A vertex of (nearly) maximal eccentricity: repeat a breadth-first search from a vertex of
        /// smallest degree in the last level while the number of levels grows (Gibbs, Poole, Stockmeyer).
        /// </summary>
        public int PseudoPeripheral(int start)
        {
            var root = start;
            var depth = LevelStructure(root).Count;
            while (true)
            {
                var last = LevelStructure(root)[^1];
                var candidate = last.MinBy(v => _start[v + 1] - _start[v]);
                var candidateDepth = LevelStructure(candidate).Count;
                if (candidateDepth <= depth)
                {
                    return root;
                }

                (root, depth) = (candidate, candidateDepth);
            }
        }
    }
}
