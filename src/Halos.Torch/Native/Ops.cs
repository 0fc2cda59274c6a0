using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

/// <summary>Pointwise, reduction, indexing, BLAS and nn.functional entry points of the shim.</summary>
internal static unsafe partial class Lib
{
    // pointwise.cpp
    [DllImport(L)] public static extern IntPtr ht_unary(int op, IntPtr x);
    [DllImport(L)] public static extern IntPtr ht_binary(int op, IntPtr a, IntPtr b);
    [DllImport(L)] public static extern IntPtr ht_binary_scalar(int op, IntPtr a, double s, int isIntegral);
    [DllImport(L)] public static extern int ht_inplace_binary(int op, IntPtr a, IntPtr b);
    [DllImport(L)] public static extern int ht_inplace_scalar(int op, IntPtr a, double s, int isIntegral);
    [DllImport(L)] public static extern int ht_zero_(IntPtr a);
    [DllImport(L)] public static extern IntPtr ht_clamp(IntPtr x, double lo, int hasLo, double hi, int hasHi);
    [DllImport(L)] public static extern IntPtr ht_clamp_tensor(IntPtr x, IntPtr lo, IntPtr hi);
    [DllImport(L)] public static extern IntPtr ht_where(IntPtr cond, IntPtr a, IntPtr b);
    [DllImport(L)] public static extern IntPtr ht_masked_fill(IntPtr x, IntPtr mask, double value, int isIntegral);
    [DllImport(L)] public static extern IntPtr ht_masked_fill_tensor(IntPtr x, IntPtr mask, IntPtr value);
    [DllImport(L)] public static extern IntPtr ht_softplus(IntPtr x, double beta, double threshold);
    [DllImport(L)] public static extern IntPtr ht_lerp(IntPtr a, IntPtr b, double weight);

    // reduction.cpp
    [DllImport(L)] public static extern IntPtr ht_reduce(int op, IntPtr h, long* dims, long ndim, int keepdim, int dtype);
    [DllImport(L)] public static extern IntPtr ht_var_std(int isStd, IntPtr h, long* dims, long ndim, long correction, int keepdim);
    [DllImport(L)] public static extern int ht_minmax_dim(int op, IntPtr h, long dim, int keepdim, IntPtr* values, IntPtr* indices);
    [DllImport(L)] public static extern IntPtr ht_minmax_all(int op, IntPtr h);
    [DllImport(L)] public static extern IntPtr ht_argminmax(int op, IntPtr h, long dim, int hasDim, int keepdim);
    [DllImport(L)] public static extern IntPtr ht_norm(IntPtr h, double p, long* dims, long ndim, int keepdim);
    [DllImport(L)] public static extern IntPtr ht_cumsum(IntPtr h, long dim);

    // indexing.cpp
    [DllImport(L)] public static extern IntPtr ht_shape_op(int op, IntPtr h, long* shape, long n);
    [DllImport(L)] public static extern IntPtr ht_transpose(IntPtr h, long d0, long d1);
    [DllImport(L)] public static extern IntPtr ht_flatten(IntPtr h, long start, long end);
    [DllImport(L)] public static extern IntPtr ht_narrow(IntPtr h, long dim, long start, long length);
    [DllImport(L)] public static extern IntPtr ht_slice(IntPtr h, long dim, long start, long end, long step);
    [DllImport(L)] public static extern IntPtr ht_select(IntPtr h, long dim, long index);
    [DllImport(L)] public static extern IntPtr ht_index_select(IntPtr h, long dim, IntPtr index);
    [DllImport(L)] public static extern IntPtr ht_gather(IntPtr h, long dim, IntPtr index);
    [DllImport(L)] public static extern IntPtr ht_scatter(int op, IntPtr h, long dim, IntPtr index, IntPtr src);
    [DllImport(L)] public static extern IntPtr ht_index(IntPtr h, IntPtr index);
    [DllImport(L)] public static extern IntPtr ht_masked_select(IntPtr h, IntPtr mask);
    [DllImport(L)] public static extern IntPtr ht_join(int op, IntPtr* hs, long n, long dim);
    [DllImport(L)] public static extern long ht_split(IntPtr h, long splitSize, long dim, IntPtr* output, long capacity);
    [DllImport(L)] public static extern long ht_split_sizes(IntPtr h, long* sizes, long n, long dim, IntPtr* output, long capacity);
    [DllImport(L)] public static extern IntPtr ht_squeeze(IntPtr h, long dim, int hasDim);
    [DllImport(L)] public static extern IntPtr ht_unsqueeze(IntPtr h, long dim);
    [DllImport(L)] public static extern IntPtr ht_triangle(int op, IntPtr h, long diagonal);
    [DllImport(L)] public static extern IntPtr ht_flip(IntPtr h, long* dims, long n);
    [DllImport(L)] public static extern IntPtr ht_pad(IntPtr h, long* pad, long n, double value);
    [DllImport(L)] public static extern IntPtr ht_roll(IntPtr h, long* shifts, long* dims, long n);

    // blas.cpp
    [DllImport(L)] public static extern IntPtr ht_blas(int op, IntPtr a, IntPtr b);
    [DllImport(L)] public static extern IntPtr ht_linear(IntPtr x, IntPtr w, IntPtr b);

    // nn_functional.cpp
    [DllImport(L)] public static extern IntPtr ht_softmax(IntPtr x, long dim, int dtype, int log);
    [DllImport(L)] public static extern IntPtr ht_cross_entropy(IntPtr logits, IntPtr target, IntPtr weight, int reduction, long ignoreIndex, double labelSmoothing);
    [DllImport(L)] public static extern IntPtr ht_nll_loss(IntPtr logp, IntPtr target, IntPtr weight, int reduction, long ignoreIndex);
    [DllImport(L)] public static extern IntPtr ht_mse_loss(IntPtr a, IntPtr b, int reduction);
    [DllImport(L)] public static extern IntPtr ht_bce_with_logits(IntPtr x, IntPtr target, IntPtr weight, int reduction);
    [DllImport(L)] public static extern IntPtr ht_dropout(IntPtr x, double p, int train);
    [DllImport(L)] public static extern IntPtr ht_layer_norm(IntPtr x, long* shape, long n, IntPtr w, IntPtr b, double eps);
    [DllImport(L)] public static extern IntPtr ht_embedding(IntPtr weight, IntPtr indices, long paddingIdx);
    [DllImport(L)] public static extern IntPtr ht_sdpa(IntPtr q, IntPtr k, IntPtr v, IntPtr mask, double dropoutP, int isCausal, double scale, int hasScale);
    [DllImport(L)] public static extern int ht_has_native_sdpa();

    // random_sampling.cpp
    [DllImport(L)] public static extern IntPtr ht_random(int kind, long* shape, long ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [DllImport(L)] public static extern IntPtr ht_randint(long low, long high, long* shape, long ndim, int dtype, int deviceType, int deviceIndex);
    [DllImport(L)] public static extern IntPtr ht_randperm(long n, int dtype, int deviceType, int deviceIndex);
    [DllImport(L)] public static extern int ht_fill_random_(int kind, IntPtr h, double a, double b);
    [DllImport(L)] public static extern IntPtr ht_multinomial(IntPtr probs, long numSamples, int replacement);
    [DllImport(L)] public static extern int ht_topk(IntPtr h, long k, long dim, int largest, int sorted, IntPtr* values, IntPtr* indices);
    [DllImport(L)] public static extern int ht_sort(IntPtr h, long dim, int descending, int stable, IntPtr* values, IntPtr* indices);

    // autograd.cpp
    [DllImport(L)] public static extern int ht_requires_grad(IntPtr h);
    [DllImport(L)] public static extern int ht_set_requires_grad(IntPtr h, int flag);
    [DllImport(L)] public static extern int ht_is_leaf(IntPtr h);
    [DllImport(L)] public static extern int ht_backward(IntPtr h, IntPtr grad, int retainGraph, int createGraph);
    [DllImport(L)] public static extern int ht_grad(IntPtr h, IntPtr* output);
    [DllImport(L)] public static extern int ht_set_grad(IntPtr h, IntPtr grad);
    [DllImport(L)] public static extern int ht_detach_(IntPtr h);
    [DllImport(L), SuppressGCTransition] public static extern int ht_grad_enabled();
    [DllImport(L), SuppressGCTransition] public static extern void ht_set_grad_enabled(int enabled);
    [DllImport(L)] public static extern IntPtr ht_inference_mode_enter();
    [DllImport(L)] public static extern void ht_inference_mode_exit(IntPtr guard);
    [DllImport(L)] public static extern int ht_is_inference_mode();

    // runtime.cpp
    [DllImport(L)] public static extern int ht_manual_seed(ulong seed);
    [DllImport(L)] public static extern int ht_set_num_threads(int n);
    [DllImport(L)] public static extern int ht_get_num_threads();
    [DllImport(L)] public static extern int ht_cuda_is_available();
    [DllImport(L)] public static extern int ht_cuda_device_count();
    [DllImport(L)] public static extern int ht_cuda_synchronize(int device);
    [DllImport(L)] public static extern long ht_cuda_max_memory_allocated(int device);
    [DllImport(L)] public static extern IntPtr ht_version();
    [DllImport(L)] public static extern IntPtr ht_build_config();

    // optim.cpp
    [DllImport(L)]
    public static extern int ht_adamw_step(IntPtr* parameters, IntPtr* expAvgs, IntPtr* expAvgSqs, long n, double lr,
        double beta1, double beta2, double eps, double weightDecay, long step);

    [DllImport(L)]
    public static extern int ht_sgd_step(IntPtr* parameters, IntPtr* momentumBufs, long n, double lr, double momentum,
        double dampening, double weightDecay, int nesterov, int firstStep);

    [DllImport(L)] public static extern int ht_clip_grad_norm(IntPtr* parameters, long n, double maxNorm, double normType, double* totalNorm);
    [DllImport(L)] public static extern int ht_zero_grad(IntPtr* parameters, long n, int setToNone);
}
