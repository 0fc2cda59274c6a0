namespace Halos.Training.Checkpoints;

/// <summary>
/// Writes a folder so that it appears whole or not at all: the contents go to a hidden sibling
/// (<c>.NAME.partial-GUID</c>), and only when every file is written is it renamed to NAME. A crash or a kill
/// at any moment leaves at most a partial folder, which readers never mistake for a finished one and
/// <see cref="RemoveLeftovers"/> clears. An existing NAME is replaced only after the new one is complete.
/// </summary>
public static class AtomicFolder
{
    private const string PartialMarker = ".partial-";

    public static string Write(string target, Action<string> writeInto)
    {
        target = Path.GetFullPath(target);
        var parent = Path.GetDirectoryName(target)!;
        var name = Path.GetFileName(target);
        Directory.CreateDirectory(parent);
        var partial = Path.Combine(parent, $".{name}{PartialMarker}{Guid.NewGuid():N}");
        Directory.CreateDirectory(partial);
        try
        {
            writeInto(partial);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }

        if (Directory.Exists(target))
        {
            // Move the old folder aside first: a crash between the two renames leaves the old one under a
            // partial name, never a half-replaced NAME.
            var old = Path.Combine(parent, $".{name}{PartialMarker}old-{Guid.NewGuid():N}");
            Directory.Move(target, old);
            Directory.Move(partial, target);
            TryDelete(old);
        }
        else Directory.Move(partial, target);
        return target;
    }

    /// <summary>Partial folders left in <paramref name="parent"/> by a writer that crashed or was killed.</summary>
    public static IReadOnlyList<string> Leftovers(string parent) =>
        Directory.Exists(parent)
            ? Directory.EnumerateDirectories(parent, "." + "*" + PartialMarker + "*").Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Deletes the <see cref="Leftovers"/>, returning what was removed.</summary>
    public static IReadOnlyList<string> RemoveLeftovers(string parent)
    {
        var leftovers = Leftovers(parent);
        foreach (var folder in leftovers) TryDelete(folder);
        return leftovers;
    }

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
