using System.Text;

namespace Meiju.Features.Tests.Onnx;

/// <summary>
/// Protobuf wire-format pieces for writing tiny ONNX models by hand in tests (no protobuf library is referenced):
/// length-delimited fields, strings and varints, concatenated into messages.
/// </summary>
internal static class ProtoBytes
{
    public static byte[] Message(params byte[][] fields) => fields.SelectMany(f => f).ToArray();

    public static byte[] Str(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Bytes(int field, byte[] value) => [.. VarintRaw((ulong)((field << 3) | 2)), .. VarintRaw((ulong)value.Length), .. value];

    public static byte[] Varint(int field, long value) => [.. VarintRaw((ulong)(field << 3)), .. VarintRaw((ulong)value)];

    public static byte[] VarintRaw(ulong v)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(v & 0x7F);
            v >>= 7;
            bytes.Add(v != 0 ? (byte)(b | 0x80) : b);
        }
        while (v != 0);
        return [.. bytes];
    }
}
