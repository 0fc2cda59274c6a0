namespace Halos.Torch.Native;

internal static class NativeLibraryName
{
    /// <summary>libhalos_torch.so, built from native/ and copied beside the managed assemblies.</summary>
    public const string Shim = "halos_torch";
}
