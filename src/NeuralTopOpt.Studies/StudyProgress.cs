namespace NeuralTopOpt.Studies;

/// <summary>Progress of a study, reported per stage.</summary>
/// <param name="Stage">Stage name (e.g. <c>datasets</c>, <c>training</c>, <c>dbto</c>).</param>
/// <param name="Index">1-based position of the stage.</param>
/// <param name="Count">Number of stages.</param>
/// <param name="Message">What is happening now (one short line).</param>
/// <param name="Fraction">Completed fraction of the stage in [0, 1].</param>
/// <param name="Milestone">
/// True for the few reports worth a line in a log: a stage starting or finishing, a dataset, network
/// or optimization run finished (or found in the cache). False for the frequent updates in between.
/// </param>
public sealed record StudyProgress(string Stage, int Index, int Count, string Message, double Fraction, bool Milestone = false);
