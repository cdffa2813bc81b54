using System.Globalization;
using NeuralTopOpt.Datasets;

namespace NeuralTopOpt.Studies;

/// <summary>A dataset the study computed (or found in its cache).</summary>
/// <param name="Key">The dataset's key (<see cref="StudyDatasetSpec.Key"/>).</param>
/// <param name="File">Path relative to the study folder.</param>
/// <param name="Hash">SHA-256 of the file.</param>
/// <param name="Samples">Rows.</param>
/// <param name="Seed">Seed of the Latin hypercube.</param>
/// <param name="Resolution">Cell resolution (0 for SIMP).</param>
/// <param name="Seconds">Wall time of the run that produced it (of this session's part when resumed).</param>
/// <param name="Resumed">Samples taken from an interrupted run's checkpoint.</param>
public sealed record DatasetRecord(string Key, string File, string Hash, int Samples, int Seed, int Resolution, double Seconds, int Resumed);

/// <summary>
/// Stage 1: the SIMP datasets and the hole-cell dataset through <see cref="DatasetRunner"/>, on all the
/// study's cores, into <c>datasets/</c>. A dataset interrupted half-way resumes from its checkpoint;
/// a finished one is reused while its file is unchanged. File names carry the samples, resolution and
/// seed, so the checkpoints of different budgets never meet.
/// </summary>
internal static class DatasetStage
{
    public static IReadOnlyList<DatasetRecord> Run(StudyContext context)
    {
        var records = new List<DatasetRecord>();
        var datasets = context.Plan.Datasets;
        for (var d = 0; d < datasets.Count; d++)
        {
            var (key, spec) = (datasets[d].Key, datasets[d].Spec);
            var file = Path.Combine("datasets", string.Create(CultureInfo.InvariantCulture, $"{key}-n{spec.Samples}-r{spec.Resolution}-s{spec.Seed}.csv"));
            var path = context.Cache.PathOf(file);
            var index = d;
            var cached = context.Cache.GetOrCompute(
                $"dataset-{key}",
                StudyCache.Fingerprint("dataset", spec.Kind, spec.Samples, spec.Seed, spec.Resolution),
                () =>
                {
                    var progress = new Progress(context, key, index, datasets.Count);
                    var run = DatasetRunner.Run(spec, path, new DatasetRunOptions
                    {
                        MaxDegreeOfParallelism = context.Options.Parallelism,
                        Progress = progress,
                        CancellationToken = context.Cancellation,
                    });
                    return new DatasetRecord(key, file, StudyCache.FileHash(path), run.Table.RowCount, spec.Seed, spec.Resolution, run.Elapsed.TotalSeconds, run.Resumed);
                },
                record => StudyCache.FileHash(path) == record.Hash);
            records.Add(cached.Value);
            context.Report(
                StudyStage.Datasets,
                string.Create(CultureInfo.InvariantCulture, $"{key}: {cached.Value.Samples} samples{(cached.FromCache ? " (cached)" : $" in {cached.Value.Seconds:F1} s")}"),
                (d + 1.0) / datasets.Count,
                milestone: true);
        }

        return records;
    }

    /// <summary>Dataset progress as a fraction of the stage (each dataset an equal share).</summary>
    private sealed class Progress(StudyContext context, string key, int index, int count) : IProgress<DatasetProgress>
    {
        public void Report(DatasetProgress value) => context.Report(
            StudyStage.Datasets,
            string.Create(CultureInfo.InvariantCulture, $"{key}: {value.Completed}/{value.Total} samples"),
            (index + ((double)value.Completed / Math.Max(1, value.Total))) / count);
    }
}
