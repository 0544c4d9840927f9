using Meiju.Media;

namespace Meiju.Descriptions;

/// <summary>What the language models are shown for one utterance.</summary>
/// <param name="Frames">Frames sampled from the video (empty when the file has no video stream).</param>
/// <param name="Audio">Mono audio at the source's chosen rate (16 kHz by default), or null when there is no audio track.</param>
public sealed record DescriptionMedia(IReadOnlyList<VideoFrame> Frames, AudioSignal? Audio);
