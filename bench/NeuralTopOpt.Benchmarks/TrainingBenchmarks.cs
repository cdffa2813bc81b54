using BenchmarkDotNet.Attributes;
using NeuralTopOpt.Nn.Data;
using NeuralTopOpt.Nn.Examples;
using NeuralTopOpt.Nn.Training;

namespace NeuralTopOpt.Benchmarks;

/// <summary>
/// One training epoch of the 1-64-1 SIMP network on 10,000 samples (7,000 for training, 219 Adam
/// steps at batch 32, plus the validation loss): × 5,000 is the paper's training (issue 2 target ≤ 60 s).
/// </summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private NetworkTrainer _trainer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var split = SimpModulus.Dataset(10_000, seed: 1).Split(SplitFractions.Paper, seed: 1);
        _trainer = new NetworkTrainer(split.Train, split.Validation, new TrainingOptions(), seed: 1);
    }

    [Benchmark]
    public double Epoch()
    {
        _trainer.RunEpoch();
        return _trainer.ValidationLoss();
    }
}
