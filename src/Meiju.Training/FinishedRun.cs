using System.Text.Json;

namespace Meiju.Training;

/// <summary>
/// One training run in a folder that grid jobs (ablation, text benchmark) can be restarted over: a finished run is
/// reused, a half-finished one resumes from its checkpoint, a missing one is trained.
/// </summary>
public static class FinishedRun
{
    /// <summary>Makes sure <paramref name="options"/>' run folder holds a finished run and returns its model card.</summary>
    /// <exception cref="OperationCanceledException">The run stopped before it finished.</exception>
    public static ModelCard Ensure(TrainingConfig config, TrainingRunOptions options, CancellationToken cancel = default)
    {
        var cardPath = Path.Combine(options.OutDir, TrainedModel.CardFile);
        if (!File.Exists(cardPath))
        {
            var resume = File.Exists(Path.Combine(options.OutDir, Trainer.CheckpointFile));
            var result = Trainer.Run(config, options with { Resume = resume }, cancel);
            if (!result.Completed)
            {
                throw new OperationCanceledException();
            }
        }

        return JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(cardPath), TrainingConfig.Json)!;
    }
}
