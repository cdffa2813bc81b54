namespace NeuralTopOpt.Nn.Training;

/// <summary>How a network is split, normalized, trained and stopped.</summary>
public enum TrainingProtocol
{
    /// <summary>
    /// ntopo's: a seeded random 70/15/15 split, normalizations adapted on the training rows, the loss
    /// on normalized targets with de-normalized outputs, optional early stopping on the validation
    /// loss keeping the best weights, restarts.
    /// </summary>
    Ntopo,

    /// <summary>
    /// The paper's training script (Train_DBTO_NN.py, Train_HBTO_NN.py; <see cref="PaperProtocol"/>):
    /// rows in file order, the first 85 % for training and validation (Keras' validation_split takes
    /// the last 15/85 of those), the last 15 % for the test; both normalizations adapted on the first
    /// 85 %; the output layer Normalization(invert=False) so the loss is the MSE on raw targets;
    /// early stopping, if any, on the training loss without restoring weights.
    /// </summary>
    Paper,
}

/// <summary>Names of <see cref="TrainingProtocol"/> values.</summary>
public static class TrainingProtocols
{
    /// <summary><c>ntopo</c> or <c>paper</c>.</summary>
    public static string Name(this TrainingProtocol protocol) => protocol == TrainingProtocol.Paper ? "paper" : "ntopo";

    /// <summary>The protocol called <paramref name="name"/>; <see cref="InvalidInputException"/> otherwise.</summary>
    public static TrainingProtocol Parse(string name) => name switch
    {
        "ntopo" => TrainingProtocol.Ntopo,
        "paper" => TrainingProtocol.Paper,
        _ => throw new InvalidInputException($"unknown training protocol '{name}'; expected ntopo or paper"),
    };
}
