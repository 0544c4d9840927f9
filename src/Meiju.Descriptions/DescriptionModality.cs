namespace Meiju.Descriptions;

/// <summary>Which input a prompt is asked about, and so which kind of model server answers it.</summary>
public enum DescriptionModality
{
    /// <summary>Sampled video frames, sent as images to a vision-language model (Qwen2-VL in the seed).</summary>
    Vision,

    /// <summary>The utterance's 16 kHz audio, sent as a wav input to an audio-language model (Qwen2-Audio in the seed).</summary>
    Audio,
}
