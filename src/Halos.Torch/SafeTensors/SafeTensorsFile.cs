using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Halos.Torch.Native;

namespace Halos.Torch.SafeTensors;

/// <summary>
/// A safetensors file opened for reading. The file is memory-mapped, so opening a multi-gigabyte
/// checkpoint reads only its header; tensor bytes are paged in when a tensor is loaded.
/// The header is checked completely on open (see <see cref="SafeTensorsFormatException"/>), so
/// every later read stays inside the file.
/// </summary>
public sealed unsafe class SafeTensorsFile : IDisposable
{
    /// <summary>Headers above this are refused before parsing, as the reference does, so a corrupt
    /// length cannot make us allocate gigabytes.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const int LengthPrefixBytes = 8;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _data;
    private readonly Dictionary<string, SafeTensorInfo> _byName;
    private bool _disposed;

    /// <summary>The file this was opened from.</summary>
    public string Path { get; }

    /// <summary>Tensor names in header order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The string-to-string __metadata__ map (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    private SafeTensorsFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* data,
        SafeTensorsHeaderReader.Header header)
    {
        Path = path;
        _map = map;
        _view = view;
        _data = data;
        _byName = header.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Names = header.Tensors.Select(t => t.Name).ToArray();
        Metadata = header.Metadata;
    }

    /// <summary>Maps the file and checks its header.</summary>
    /// <exception cref="SafeTensorsFormatException">The file is not well-formed safetensors.</exception>
    public static SafeTensorsFile Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        long fileLength = stream.Length;
        if (fileLength < LengthPrefixBytes)
        {
            stream.Dispose();
            throw new SafeTensorsFormatException(path, $"the file is {fileLength} bytes, too short for the 8-byte header length");
        }

        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        var pointerAcquired = false;
        try
        {
            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = map.CreateViewAccessor(0, fileLength, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            pointerAcquired = true;
            start += view.PointerOffset;

            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(start, LengthPrefixBytes));
            if (headerLength == 0)
                throw new SafeTensorsFormatException(path, "the header length is 0; a header is at least '{}'");
            if (headerLength > MaxHeaderBytes)
                throw new SafeTensorsFormatException(path, $"the header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit");
            if ((long)headerLength > fileLength - LengthPrefixBytes)
                throw new SafeTensorsFormatException(path,
                    $"the header length {headerLength} is longer than the {fileLength - LengthPrefixBytes} bytes that follow it (is the file truncated?)");

            var headerBytes = new ReadOnlySpan<byte>(start + LengthPrefixBytes, (int)headerLength);
            var dataStart = LengthPrefixBytes + (long)headerLength;
            var header = SafeTensorsHeaderReader.Parse(headerBytes, fileLength - dataStart, path);
            return new SafeTensorsFile(path, map, view, start + dataStart, header);
        }
        catch
        {
            if (pointerAcquired) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            map?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The dtype, shape and byte range of one tensor.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public SafeTensorInfo Info(string name)
    {
        if (_byName.TryGetValue(name, out var info)) return info;
        var sample = string.Join(", ", Names.Take(5).Select(n => $"'{n}'"));
        throw new KeyNotFoundException($"{Path}: no tensor named '{name}'; the file holds {Names.Count} tensors ({sample}{(Names.Count > 5 ? ", ..." : "")})");
    }

    /// <summary>
    /// The tensor's raw little-endian bytes, read straight from the mapping: valid only until this
    /// file is disposed, and only for tensors under 2 GiB (a span's limit; <see cref="Load"/> has none).
    /// </summary>
    public ReadOnlySpan<byte> Bytes(string name)
    {
        var info = Info(name);
        ThrowIfDisposed();
        if (info.ByteLength > int.MaxValue)
            throw new NotSupportedException($"{Path}: tensor '{name}' is {info.ByteLength} bytes, more than a span can hold; use Load");
        return new ReadOnlySpan<byte>(_data + info.DataOffset, (int)info.ByteLength);
    }

    /// <summary>A new CPU tensor holding a copy of the named tensor; it is owned by the current
    /// dispose scope, if any, like any new tensor.</summary>
    public Tensor Load(string name)
    {
        var info = Info(name);
        ThrowIfDisposed();
        var shape = info.Shape.ToArray();
        // Holding a reference on the view keeps the mapping alive even if another thread disposes
        // this file mid-copy; the unmap then waits for the copy to finish.
        var handle = _view.SafeMemoryMappedViewHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            fixed (long* s = shape)
                return Tensor.Wrap(Lib.ht_from_data(_data + info.DataOffset, info.ByteLength, s, shape.Length, (int)info.DType));
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>Every tensor, by name, in header order. On failure, those already loaded are freed.</summary>
    public Dictionary<string, Tensor> LoadAll()
    {
        var result = new Dictionary<string, Tensor>(Names.Count, StringComparer.Ordinal);
        try
        {
            foreach (var name in Names) result.Add(name, Load(name));
            return result;
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
