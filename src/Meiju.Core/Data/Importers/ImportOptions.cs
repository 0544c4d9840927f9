namespace Meiju.Data.Importers;

/// <summary>Options shared by the dataset importers.</summary>
public sealed record ImportOptions
{
    /// <summary>
    /// Keep at most this many training dialogues, drawn with <see cref="Seed"/> (null: all). Validation is always
    /// imported in full. Dialogue-level, so no dialogue is split between kept and dropped turns.
    /// </summary>
    public int? MaxTrainDialogues { get; init; }

    /// <summary>Seed of the training-dialogue subsample.</summary>
    public int Seed { get; init; } = 1;
}
