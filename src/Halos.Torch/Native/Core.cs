using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

/// <summary>Tensor lifetime, metadata, creation from memory and readout (native/src/tensor_core.cpp).</summary>
internal static unsafe partial class Lib
{
    private const string L = NativeLibraryName.Shim;

    [DllImport(L)] public static extern IntPtr ht_last_error();
    // Freeing is short and never blocks or calls back, so it skips the GC transition.
    [DllImport(L), SuppressGCTransition] public static extern void ht_free(IntPtr h);
    [DllImport(L)] public static extern IntPtr ht_alias(IntPtr h);
    [DllImport(L), SuppressGCTransition] public static extern long ht_dim(IntPtr h);
    [DllImport(L), SuppressGCTransition] public static extern int ht_shape(IntPtr h, long* output);
    [DllImport(L)] public static extern int ht_strides(IntPtr h, long* output);
    [DllImport(L), SuppressGCTransition] public static extern long ht_numel(IntPtr h);
    [DllImport(L), SuppressGCTransition] public static extern int ht_dtype(IntPtr h);
    [DllImport(L)] public static extern int ht_device(IntPtr h, int* type, int* index);
    [DllImport(L)] public static extern int ht_is_contiguous(IntPtr h);
    [DllImport(L)] public static extern long ht_element_size(IntPtr h);

    [DllImport(L)]
    public static extern IntPtr ht_new_filled(int kind, long* shape, long ndim, double value, int isIntegral, int dtype,
        int deviceType, int deviceIndex, int requiresGrad);

    [DllImport(L)] public static extern IntPtr ht_arange(double start, double end, double step, int dtype, int deviceType, int deviceIndex);
    [DllImport(L)] public static extern IntPtr ht_linspace(double start, double end, long steps, int dtype, int deviceType, int deviceIndex);
    [DllImport(L)] public static extern IntPtr ht_eye(long n, long m, int dtype, int deviceType, int deviceIndex);
    [DllImport(L)] public static extern IntPtr ht_from_data(void* data, long nbytes, long* shape, long ndim, int dtype);
    [DllImport(L)] public static extern int ht_copy_to(IntPtr h, void* dst, long nbytes);
    [DllImport(L)] public static extern int ht_item_double(IntPtr h, double* output);
    [DllImport(L)] public static extern int ht_item_long(IntPtr h, long* output);
    [DllImport(L)] public static extern IntPtr ht_to(IntPtr h, int dtype, int deviceType, int deviceIndex, int nonBlocking, int copy);
}
