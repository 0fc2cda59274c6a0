namespace Halos.Torch.SafeTensors;

/// <summary>
/// One tensor's header entry, checked: its element type, its shape, and where its bytes lie.
/// </summary>
/// <param name="DataOffset">Start of the tensor's bytes, counted from the end of the header (the
/// "begin" of data_offsets).</param>
/// <param name="ByteLength">end - begin of data_offsets; always numel × element size.</param>
public sealed record SafeTensorInfo(string Name, ScalarType DType, IReadOnlyList<long> Shape, long DataOffset, long ByteLength)
{
    public long NumElements => ByteLength / DType.ElementSize();
}
