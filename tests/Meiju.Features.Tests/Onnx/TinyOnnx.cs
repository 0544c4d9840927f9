using static Meiju.Features.Tests.Onnx.ProtoBytes;

namespace Meiju.Features.Tests.Onnx;

/// <summary>
/// Writes a one-node ONNX model (Unsqueeze of a [1, N] float input to [1, N, 1]) as raw protobuf, so the audio
/// extractor can be tested without a real wav2vec export (none ships in a package).
/// </summary>
internal static class TinyOnnx
{
    public static byte[] UnsqueezeLastAxis(string input, string output)
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
        var outputInfo = Message(Str(1, output), Bytes(2, Message(Bytes(1, Message(Varint(1, 1))))));
        var graph = Message(Bytes(1, node), Str(2, "tiny"), Bytes(5, axes), Bytes(11, inputInfo), Bytes(12, outputInfo));
        return Message(Varint(1, 8), Bytes(7, graph), Bytes(8, Message(Str(1, ""), Varint(2, 13))));
    }
}
