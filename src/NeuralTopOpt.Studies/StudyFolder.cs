namespace NeuralTopOpt.Studies;

/// <summary>
/// The study folder's guard: created if missing, checked for writing, and held with an exclusive lock
/// (<c>.lock</c>, <see cref="IO.FolderLock"/>, the lock every output folder takes) while a study runs,
/// so that a second study on the same folder fails at once instead of mixing its files with the first one's.
/// </summary>
internal static class StudyFolder
{
    /// <summary>Creates and locks <paramref name="folder"/>; dispose the result to release it.</summary>
    /// <exception cref="InvalidInputException">The path is a file, cannot be created or written, or is locked by another study.</exception>
    public static IDisposable Lock(string folder) => IO.FolderLock.Acquire(folder, "study folder", "study");

    /// <summary>
    /// Refuses to mix budgets in one folder: the cache entries of a quick study would replace a full
    /// study's (and the other way round). Records the budget on first use; <paramref name="force"/>
    /// replaces a study of the other budget.
    /// </summary>
    /// <exception cref="InvalidInputException">The folder holds a study of the other budget and <paramref name="force"/> is false.</exception>
    public static void CheckBudget(string folder, StudyBudget budget, bool force)
    {
        var path = Path.Combine(folder, "cache", "budget.txt");
        var name = budget.ToString().ToLowerInvariant();
        if (File.Exists(path) && File.ReadAllText(path).Trim() is var existing && existing != name && !force)
        {
            throw new InvalidInputException(
                $"{folder} holds a study of the {existing} budget; give another folder for the {name} budget, or add --force to replace it");
        }

        IO.AtomicFile.WriteAllText(path, name + "\n");
    }
}
