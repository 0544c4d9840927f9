using static Meiju.Features.Tests.Onnx.ProtoBytes;

namespace Meiju.Features.Tests.Onnx;

/// <summary>
/// Writes a one-node ONNX model (Unsqueeze of a [1, N] float input to [1, N, 1]) as raw protobuf, so the audio
/// extractor can be tested without a real wav2vec export (none ships in a package).
/// </summary>
internal static class TinyOnnx
{
    public static byte[] UnsqueezeLastAxis(string input, string output) => Build(input, output, doubled: null);

    /// <summary>
    /// Two "hidden states" of one shape: <paramref name="output"/> = the input as [1, N, 1] and
    /// <paramref name="doubled"/> = twice that, for combining outputs.
    /// </summary>
    public static byte[] TwoStates(string input, string output, string doubled) => Build(input, output, doubled);

    private static byte[] Build(string input, string output, string? doubled)
    {
        var axes = Message(
            Varint(1, 1),                 // dims: [1]
            Varint(2, 7),                 // data_type INT64
            Bytes(8, "axes"u8.ToArray()), // name
            Bytes(9, BitConverter.GetBytes(2L))); // raw_data: axis 2
        var node = Message(Str(1, input), Str(1, "axes"), Str(2, output), Str(4, "Unsqueeze"));
        var inputInfo = Message(Str(1, input), Bytes(2, Message(Bytes(1, Message(
            Varint(1, 1),
            Bytes(2, Message(Bytes(1, Message(Varint(1, 1))), Bytes(1, Message(Str(2, "n"))))))))));
        static byte[] OutputInfo(string name) => Message(Str(1, name), Bytes(2, Message(Bytes(1, Message(Varint(1, 1))))));
        var graph = doubled is null
            ? Message(Bytes(1, node), Str(2, "tiny"), Bytes(5, axes), Bytes(11, inputInfo), Bytes(12, OutputInfo(output)))
            : Message(
                Bytes(1, node), Bytes(1, Message(Str(1, output), Str(1, output), Str(2, doubled), Str(4, "Add"))), Str(2, "tiny"),
                Bytes(5, axes), Bytes(11, inputInfo), Bytes(12, OutputInfo(output)), Bytes(12, OutputInfo(doubled)));
        return Message(Varint(1, 8), Bytes(7, graph), Bytes(8, Message(Str(1, ""), Varint(2, 13))));
    }
}
