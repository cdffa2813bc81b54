namespace NeuralTopOpt.Tests.Properties;

/// <summary>Runs a fuzzing loop with a time limit, so that a parser that hangs fails the test instead of stalling the suite.</summary>
internal static class Bounded
{
    public static async Task Run(Action loop, TimeSpan limit)
    {
        var work = Task.Run(loop);
        try
        {
            await work.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"the fuzzing loop did not finish within {limit.TotalSeconds} s: a case hangs");
        }
    }
}
