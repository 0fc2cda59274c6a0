using System.Buffers;
using System.Buffers.Binary;

namespace Halos.Torch.SafeTensors;

/// <summary>
/// Writes tensors as a safetensors file that Python's safetensors and transformers load back.
/// </summary>
public static class SafeTensorsWriter
{
    // Tensors are copied out in slices of at most this many bytes, so saving needs little memory
    // beyond the tensors themselves and a tensor over 2 GiB (a span's limit) still saves.
    private const int ChunkBytes = 16 << 20;

    /// <summary>
    /// Saves the tensors (any device, any layout) with optional string metadata. The write is
    /// atomic: the bytes go to a temporary file in the target's folder, are flushed to disk, and
    /// the temporary file is then renamed over <paramref name="path"/>. A failure at any point
    /// leaves an existing file at <paramref name="path"/> as it was and removes the temporary file.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var fullPath = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"cannot save '{path}': the folder '{folder}' does not exist");

        if (metadata is not null)
            foreach (var (key, value) in metadata)
                if (value is null)
                    throw new ArgumentException($"cannot save '{path}': metadata key '{key}' has a null value; safetensors metadata values are strings", nameof(metadata));
        var layout = SafeTensorsHeaderWriter.Layout(Describe(tensors, path));
        var header = SafeTensorsHeaderWriter.Serialize(layout, metadata);

        // Same folder, so the final rename stays on one file system and is atomic.
        var temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Span<byte> prefix = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
                stream.Write(prefix);
                stream.Write(header);
                foreach (var info in layout) WriteData(stream, tensors[info.Name], info);
                // Data on disk before the rename: otherwise a crash could leave the new name
                // pointing at a file whose blocks were never written.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    private static IEnumerable<(string, ScalarType, long[])> Describe(IReadOnlyDictionary<string, Tensor> tensors, string path)
    {
        var described = new List<(string, ScalarType, long[])>(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            if (name == "__metadata__")
                throw new ArgumentException($"cannot save '{path}': '__metadata__' is reserved for the metadata map and cannot name a tensor", nameof(tensors));
            if (tensor is null)
                throw new ArgumentException($"cannot save '{path}': tensor '{name}' is null", nameof(tensors));
            described.Add((name, tensor.dtype, tensor.shape));
        }
        return described;
    }

    private static void WriteData(FileStream stream, Tensor tensor, SafeTensorInfo info)
    {
        if (info.ByteLength == 0) return;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(info.ByteLength, ChunkBytes));
        try
        {
            if (info.ByteLength <= ChunkBytes)
            {
                var span = buffer.AsSpan(0, (int)info.ByteLength);
                tensor.CopyTo(span);
                stream.Write(span);
                return;
            }

            long elementSize = info.DType.ElementSize();
            var elementsPerChunk = ChunkBytes / elementSize;
            var total = info.ByteLength / elementSize;
            using var flat = tensor.reshape(-1);
            for (long start = 0; start < total; start += elementsPerChunk)
            {
                var count = Math.Min(elementsPerChunk, total - start);
                using var chunk = flat.narrow(0, start, count);
                var span = buffer.AsSpan(0, (int)(count * elementSize));
                chunk.CopyTo(span);
                stream.Write(span);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
