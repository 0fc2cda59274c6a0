using System.Runtime.CompilerServices;

// Every native signature is blittable (handles as IntPtr, arrays as pointers), so the runtime
// needs no marshalling stubs: a call into the shim costs a few nanoseconds.
[assembly: DisableRuntimeMarshalling]
[assembly: InternalsVisibleTo("Halos.Torch.Tests")]
[assembly: InternalsVisibleTo("Halos.Bench")]
