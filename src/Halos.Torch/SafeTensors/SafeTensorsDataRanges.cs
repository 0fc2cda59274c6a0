namespace Halos.Torch.SafeTensors;

/// <summary>
/// The data buffer check: the tensors' byte ranges, sorted by offset, tile the buffer exactly —
/// no overlap, no gap, nothing past the end and nothing left over. The reference implementation
/// demands the same, so a file that passes here loads in Python too, and no read can stray
/// outside the mapped file.
/// </summary>
internal static class SafeTensorsDataRanges
{
    public static void Check(IReadOnlyList<SafeTensorInfo> tensors, long dataLength, string path)
    {
        // Ordered by begin, then end, so empty tensors sitting at a boundary sort before the
        // tensor that starts there and do not read as an overlap.
        var sorted = tensors.OrderBy(t => t.DataOffset).ThenBy(t => t.ByteLength).ToList();
        long covered = 0;
        SafeTensorInfo? previous = null;
        foreach (var t in sorted)
        {
            var end = t.DataOffset + t.ByteLength;
            if (end > dataLength)
                throw new SafeTensorsFormatException(path,
                    $"data_offsets [{t.DataOffset}, {end}] reach past the data buffer, which holds {dataLength} bytes (is the file truncated?)", t.Name);
            if (t.DataOffset < covered)
                throw new SafeTensorsFormatException(path,
                    $"data_offsets [{t.DataOffset}, {end}] overlap tensor '{previous!.Name}' at [{previous.DataOffset}, {covered}]", t.Name);
            if (t.DataOffset > covered)
                throw new SafeTensorsFormatException(path,
                    $"bytes [{covered}, {t.DataOffset}) of the data buffer belong to no tensor (a gap before data_offsets [{t.DataOffset}, {end}])", t.Name);
            covered = end;
            previous = t;
        }
        if (covered != dataLength)
            throw new SafeTensorsFormatException(path,
                $"the tensors cover {covered} bytes but the data buffer holds {dataLength}; {dataLength - covered} trailing bytes belong to no tensor");
    }
}
