namespace Meiju.Features.Text;

/// <summary>One tokenised sentence as ONNX text encoders take it (int64, batch of one, no padding).</summary>
/// <param name="InputIds">Token ids, the model's special tokens included.</param>
/// <param name="AttentionMask">Ones, one per token (nothing is padded).</param>
/// <param name="TokenTypeIds">Zeros: a single sentence is segment 0.</param>
public sealed record TokenizedText(long[] InputIds, long[] AttentionMask, long[] TokenTypeIds);
