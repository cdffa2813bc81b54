namespace NeuralTopOpt.Studies;

/// <summary>An <see cref="IProgress{T}"/> that calls its action at once on the reporting thread (unlike <see cref="Progress{T}"/>, which posts).</summary>
internal sealed class ActionProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
