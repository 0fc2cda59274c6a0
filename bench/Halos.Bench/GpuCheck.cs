using Halos.Abstractions.Generation;
using System.Net;
using System.Net.Sockets;
using Halos.Models.Architectures;
using Halos.Models.Configuration;
using Halos.Torch;
using Halos.Torch.Distributed;

namespace Halos.Bench;

/// <summary>
/// <c>gpu-check</c>: the GPU paths no CPU machine can run, each checked against a reference computed another way
/// (the CPU, float32, the uncached path, the unbucketed gradients). Prints "PASS name" or "FAIL name: why" per check
/// and a last line "checks: N passed, N failed"; exits 1 when any failed or when there is no CUDA device.
/// </summary>
internal static class GpuCheck
{
    public static int Run(string[] argv)
    {
        if (!torch.cuda.is_available())
        {
            Console.Error.WriteLine("gpu-check: no CUDA is present (libtorch sees no CUDA device; is libhalos_torch built against a CUDA libtorch?)");
            return 1;
        }
        torch.manual_seed(0);
        Console.WriteLine($"libtorch {torch.version}, {torch.cuda.device_count()} CUDA device(s), NCCL compiled in: {CollectiveBackends.IsNcclAvailable}");
        var checks = new (string Name, Action Body)[]
        {
            ("CUDA tensors and autograd", TensorsAndAutograd),
            ("bf16 autocast", Bf16Autocast),
            ("fused log-probs (linear_log_probs)", FusedLogProbs),
            ("generation with the KV cache", GenerationWithCache),
            ("NCCL, world size 1", NcclWorldSizeOne),
            ("gradient-bucket hooks on CUDA", GradientBucketHooks),
        };
        int passed = 0, failed = 0;
        foreach (var (name, body) in checks)
        {
            try
            {
                using (torch.NewDisposeScope()) body();
                torch.cuda.synchronize();
                Console.WriteLine($"PASS {name}");
                passed++;
            }
            catch (Exception e)
            {
                Console.WriteLine($"FAIL {name}: {e.GetType().Name}: {e.Message}");
                failed++;
            }
        }
        Console.WriteLine($"checks: {passed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    private static readonly Device Cuda = Device.CUDA(0);

    private static void Expect(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException(what);
    }

    private static double MaxAbsDiff(Tensor a, Tensor b) => (a.cpu().to(ScalarType.Float32) - b.cpu().to(ScalarType.Float32)).abs().max().item<float>();

    /// <summary>A product, a tanh and a sum on the GPU, forward and backward, against the same on the CPU.</summary>
    private static void TensorsAndAutograd()
    {
        var xCpu = torch.randn(64, 32).requires_grad_();
        var wCpu = torch.randn(32, 16).requires_grad_();
        xCpu.matmul(wCpu).tanh().sum().backward();
        var x = xCpu.detach().to(Cuda).requires_grad_();
        var w = wCpu.detach().to(Cuda).requires_grad_();
        var y = x.matmul(w).tanh().sum();
        Expect(y.device.Type == DeviceType.CUDA, $"the result is on {y.device}, expected cuda");
        y.backward();
        var dx = MaxAbsDiff(x.grad!, xCpu.grad!);
        var dw = MaxAbsDiff(w.grad!, wCpu.grad!);
        Expect(dx < 1e-4 && dw < 1e-4, $"gradients differ from the CPU's: |dx| {dx:E2}, |dw| {dw:E2} (tolerance 1e-4)");
    }

    /// <summary>Inside the scope a float32 product computes in bf16 (dtype and bf16 rounding); outside it stays float32.</summary>
    private static void Bf16Autocast()
    {
        var a = torch.randn(256, 256).to(Cuda);
        var b = torch.randn(256, 256).to(Cuda);
        var exact = a.matmul(b);
        Tensor mixed;
        using (torch.autocast(Cuda, ScalarType.BFloat16)) mixed = a.matmul(b);
        Expect(mixed.dtype == ScalarType.BFloat16, $"inside autocast the product is {mixed.dtype}, expected BFloat16");
        Expect(a.matmul(b).dtype == ScalarType.Float32, "after the scope the product is not float32 again");
        var scale = exact.abs().max().item<float>();
        var error = MaxAbsDiff(mixed, exact) / scale;
        Expect(error is > 0 and < 2e-2, $"bf16 product's relative error {error:E2}, expected in (0, 2e-2): bf16 rounding, not float32");
    }

    /// <summary>The chunked head against log_softmax(linear).gather on the GPU: values and both gradients, float32 and bf16 autocast.</summary>
    private static void FusedLogProbs()
    {
        var hidden = (torch.randn(300, 64) * 0.5).to(Cuda).requires_grad_();
        var weight = (torch.randn(1000, 64) * 0.5).to(Cuda).requires_grad_();
        var targets = torch.randint(0, 1000, [300]).to(Cuda);
        var fused = F.linear_log_probs(hidden, weight, targets, chunk: 128);
        fused.sum().backward();
        var (gh, gw) = (hidden.grad!.clone(), weight.grad!.clone());
        hidden.grad = null;
        weight.grad = null;
        var reference = F.log_softmax(F.linear(hidden, weight), -1).gather(1, targets.unsqueeze(1)).squeeze(1);
        reference.sum().backward();
        var dv = MaxAbsDiff(fused, reference);
        var dh = MaxAbsDiff(gh, hidden.grad!);
        var dw = MaxAbsDiff(gw, weight.grad!);
        Expect(dv < 1e-4 && dh < 1e-4 && dw < 1e-4, $"fused vs reference: value {dv:E2}, d hidden {dh:E2}, d weight {dw:E2} (tolerance 1e-4)");
        Tensor half;
        using (torch.autocast(Cuda, ScalarType.BFloat16)) half = F.linear_log_probs(hidden, weight, targets, chunk: 128);
        Expect(half.dtype == ScalarType.Float32, $"under autocast the log-probs are {half.dtype}, expected float32");
        var dHalf = MaxAbsDiff(half, reference);
        Expect(dHalf < 0.1, $"bf16 log-probs differ by {dHalf:E2} from float32 (tolerance 0.1)");
    }

    internal static CausalLanguageModel TinyGpt2(int layers = 2, int width = 64, int vocab = 97, int positions = 64) =>
        (CausalLanguageModel)ArchitectureCatalog.Create(HfConfig.Parse(
            $$$"""{"model_type":"gpt2","architectures":["GPT2LMHeadModel"],"vocab_size":{{{vocab}}},"n_positions":{{{positions}}},"n_embd":{{{width}}},"n_layer":{{{layers}}},"n_head":4,"activation_function":"gelu_new","resid_pdrop":0,"embd_pdrop":0,"attn_pdrop":0}""",
            "gpu-check"));

    /// <summary>Greedy generation on the GPU through the KV cache (prefill, then decode) gives the tokens of the CPU.</summary>
    private static void GenerationWithCache()
    {
        using var model = TinyGpt2();
        model.eval();
        int[][] prompts = [[1, 2, 3, 4, 5], [7, 8], [11, 12, 13]];
        var options = new SamplingOptions { Temperature = 0, MaxNewTokens = 12, PadTokenId = 0 };
        var onCpu = BatchSampler.Generate(model, model.device, prompts, options);
        model.to(Cuda);
        var onGpu = BatchSampler.Generate(model, model.device, prompts, options);
        string Show(GeneratedSequence[] rows) => string.Join(" | ", rows.Select(r => string.Join(',', r.TokenIds)));
        Expect(Show(onGpu) == Show(onCpu), $"cuda {Show(onGpu)} != cpu {Show(onCpu)}");
    }

    internal static ProcessGroup NcclAlone()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var store = RendezvousStore.Serve("127.0.0.1", port, 1, TimeSpan.FromSeconds(60));
        return ProcessGroup.Create(store, CollectiveBackend.Nccl, 0, 1);
    }

    /// <summary>Allreduce (sum and average), broadcast and allgather of CUDA tensors in a group of one.</summary>
    private static void NcclWorldSizeOne()
    {
        using var group = NcclAlone();
        var t = torch.arange(0, 1000, dtype: ScalarType.Float32).to(Cuda);
        var expected = t.clone();
        group.AllReduce(t, ReduceOp.Sum);
        group.AllReduce(t, ReduceOp.Average);
        group.Broadcast(t, 0);
        Expect(MaxAbsDiff(t, expected) == 0, "a collective over one rank changed the tensor");
        var gathered = group.AllGather(t);
        Expect(gathered.numel() == 1000 && MaxAbsDiff(gathered.reshape(-1), expected) == 0, $"allgather gave {gathered.numel()} elements, expected the 1000 sent");
    }

    /// <summary>
    /// The overlap path of data-parallel training on CUDA: buckets planned at world size 1, hooks on each parameter's
    /// gradient accumulator fire on autograd's device thread and start NCCL allreduces there; the averaged gradients
    /// equal the plain ones.
    /// </summary>
    private static void GradientBucketHooks()
    {
        using var group = NcclAlone();
        using var model = TinyGpt2(layers: 3);
        model.to(Cuda);
        var parameters = model.parameters().ToList();
        var ids = torch.randint(0, 97, [4, 32]).to(Cuda);
        void Backward()
        {
            using var scope = torch.NewDisposeScope();
            model.forward(ids).pow(2).mean().backward();
        }
        Backward();
        var plain = parameters.Select(p => p.grad!.clone()).ToList();
        model.zero_grad();
        using var buckets = new GradientBuckets(group, parameters, bucketBytes: 64 * 1024, evenAlone: true);
        Expect(buckets.BucketCount > 1, $"{buckets.BucketCount} bucket(s), expected several at 64 KB each");
        buckets.Arm();
        Backward();
        buckets.AllReduce();
        Expect(buckets.StartedDuringBackward > 0, "no bucket started during backward: the hooks did not fire on the CUDA backward");
        var worst = parameters.Select((p, i) => MaxAbsDiff(p.grad!, plain[i])).Max();
        Expect(worst < 1e-6, $"bucketed gradients differ from the plain ones by {worst:E2}");
        Console.WriteLine($"  {buckets.BucketCount} buckets, {buckets.StartedDuringBackward} started during backward");
    }
}
