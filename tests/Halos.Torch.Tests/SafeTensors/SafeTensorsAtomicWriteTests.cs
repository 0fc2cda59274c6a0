using Halos.Torch.SafeTensors;

namespace Halos.Torch.Tests.SafeTensors;

public class SafeTensorsAtomicWriteTests
{
    [Fact]
    public void FailedSaveLeavesTheExistingFileUntouchedAndNoTemporaryFile()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("model.safetensors");
        using (var original = torch.tensor(new float[] { 3, 1, 4 }))
            SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["w"] = original });
        var before = File.ReadAllBytes(path);

        var good = torch.ones(2);
        var disposed = torch.ones(2);
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() =>
            SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["good"] = good, ["gone"] = disposed }));
        good.Dispose();

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void FailureAtTheRenameRemovesTheTemporaryFile()
    {
        // A folder where the file should go: the data is fully written to the temporary file,
        // then the rename over the target fails.
        using var folder = new ScratchFolder();
        var path = folder.File("taken.safetensors");
        Directory.CreateDirectory(path);
        using var t = torch.ones(4);

        Assert.ThrowsAny<IOException>(() => SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["t"] = t }));

        Assert.Empty(Directory.GetFiles(folder.Path));
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void SaveReplacesAnExistingFile()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("model.safetensors");
        using (var v1 = torch.tensor(new float[] { 1 }))
            SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["v"] = v1 });
        using (var v2 = torch.tensor(new float[] { 2, 2 }))
            SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["v"] = v2 });

        using var file = SafeTensorsFile.Open(path);
        using var v = file.Load("v");
        Assert.Equal(new float[] { 2, 2 }, v.data<float>());
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void MissingFolderIsNamed()
    {
        using var folder = new ScratchFolder();
        var missing = Path.Combine(folder.Path, "no-such-dir");
        using var t = torch.ones(1);
        var e = Assert.Throws<DirectoryNotFoundException>(() =>
            SafeTensorsWriter.Save(Path.Combine(missing, "m.safetensors"), new Dictionary<string, Tensor> { ["t"] = t }));
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void SavingOverAFileThatIsOpenLeavesTheOpenMappingReadingTheOldData()
    {
        // The rename swaps in a new file; the mapping keeps the old one alive, so a checkpoint
        // can be loaded, updated and saved back to the same path.
        using var folder = new ScratchFolder();
        var path = folder.File("model.safetensors");
        using (var v1 = torch.tensor(new float[] { 1, 2 }))
            SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["v"] = v1 });

        using var open = SafeTensorsFile.Open(path);
        using (var v2 = torch.tensor(new float[] { 7, 8, 9 }))
            SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["v"] = v2 });

        using var old = open.Load("v");
        Assert.Equal(new float[] { 1, 2 }, old.data<float>());
        using var reopened = SafeTensorsFile.Open(path);
        using var current = reopened.Load("v");
        Assert.Equal(new float[] { 7, 8, 9 }, current.data<float>());
    }
}
