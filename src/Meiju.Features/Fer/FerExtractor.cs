using Meiju.IO;
using Meiju.Media;

namespace Meiju.Features.Fer;

/// <summary>
/// Facial-expression features per face crop: <c>fer</c> gives the 7 posteriors [T, 7] (angry, disgust, fear, happy,
/// sad, surprise, neutral); <c>fer_penultimate</c> gives the network's 256-d penultimate features [T, 256].
/// </summary>
public sealed class FerExtractor : IFeatureExtractor
{
    private readonly FerNetwork _network;
    private readonly bool _penultimate;

    /// <summary>Creates the extractor over a (shared) network.</summary>
    public FerExtractor(FerNetwork network, bool penultimate = false)
    {
        _network = network;
        _penultimate = penultimate;
        Name = penultimate ? "fer_penultimate" : "fer";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Dimension => _penultimate ? _network.PenultimateDimension : FerNetwork.Classes.Count;

    /// <inheritdoc />
    public FeatureInput Input => FeatureInput.Faces;

    /// <inheritdoc />
    public NpyArray Extract(UtteranceMedia media)
    {
        if (media.Faces.Count == 0)
        {
            throw new FeatureInputMissingException("no_face", $"{Name}: no face was found in {media.SourcePath}");
        }

        var rows = new List<float[]>(media.Faces.Count);
        foreach (var face in media.Faces)
        {
            var prediction = _network.Predict(face.Gray, face.Size, face.Size);
            rows.Add(_penultimate ? prediction.Penultimate : prediction.Posteriors);
        }

        return FeatureArrays.Stack(rows, Dimension);
    }
}
