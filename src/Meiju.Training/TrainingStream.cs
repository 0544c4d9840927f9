using Meiju.Model;

namespace Meiju.Training;

/// <summary>
/// A model stream as training sees it: the batch key (stream name), the feature folder it reads and its width.
/// </summary>
/// <param name="Name">Stream name (the model's input key, e.g. <c>A</c>).</param>
/// <param name="Folder">Folder under the feature root.</param>
/// <param name="Dim">Frame width D the model expects.</param>
public sealed record TrainingStream(string Name, string Folder, int Dim)
{
    /// <summary>
    /// The streams of <paramref name="model"/> in token order. A text stream whose <c>source</c> is other than the
    /// subtitle reads <c>&lt;feature&gt;-&lt;source&gt;</c> (e.g. <c>roberta-visual-description</c>), so several
    /// text sources can share one encoder type.
    /// </summary>
    public static IReadOnlyList<TrainingStream> Of(ModelConfig model) =>
        model.TokenStreams.Select(s => new TrainingStream(
            s.Name,
            s.Source is null or "subtitle" ? s.Feature : $"{s.Feature}-{s.Source}",
            model.InputDim(s))).ToArray();

    /// <summary>Frames every batch needs at least: the widest TextCNN kernel (1 without text streams).</summary>
    public static int MinFrames(ModelConfig model) =>
        model.TokenStreams.Where(s => s.Encoder.Type.Equals("textcnn", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Encoder.Kernels.Max()).DefaultIfEmpty(1).Max();
}
