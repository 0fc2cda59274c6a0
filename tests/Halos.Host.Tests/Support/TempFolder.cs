namespace Halos.Host.Tests.Support;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "halos-host-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return full;
    }

    /// <summary>Copies the repository's <c>losses/NAME.csx</c> here, where a run rooted in this folder looks for it.</summary>
    public string Loss(string name)
    {
        var target = System.IO.Path.Combine(Path, "losses", name + ".csx");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        System.IO.File.Copy(System.IO.Path.Combine(RepoLayout.Root, "losses", name + ".csx"), target, overwrite: true);
        return target;
    }

    public string Folder(string relative)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(full);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { } // a plugin DLL still mapped by a load context; the OS temp cleaner gets it
        catch (UnauthorizedAccessException) { }
    }
}
