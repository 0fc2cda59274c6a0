using System.Diagnostics;
using Halos.Torch.NN;
using Halos.Torch.Optim;

namespace Halos.Torch.Tests.Memory;

// Resident-memory measurements are only meaningful with no other test allocating at the same time.
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;

[Collection(nameof(MemoryMeasurements))]
public class LeakTests
{
    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        // VmRSS from /proc is what the kernel charges the process, native allocations included.
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:"))
                return long.Parse(line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return Process.GetCurrentProcess().WorkingSet64;
    }

    [Fact]
    public void TenThousandTrainingStepsInDisposeScopesKeepMemoryFlat()
    {
        // The GC's first pass through its gen0 budget (tens of MB on a large-cache CPU) raises RSS
        // once and for all; run through it first so the two readings compare native memory only.
        for (var i = 0; i < 4_000_000; i++) GC.KeepAlive(new byte[64]);
        torch.manual_seed(0);
        using var model = new Sequential(new Linear(32, 64), new ReLU(), new Linear(64, 64), new ReLU(), new Linear(64, 1));
        using var opt = new AdamW(model.parameters(), lr: 1e-3);
        using var x = torch.randn(16, 32);
        using var y = torch.randn(16, 1);
        long atThousand = 0;
        double firstLoss = 0, lastLoss = 0;
        for (var step = 1; step <= 10_000; step++)
        {
            using (var scope = torch.NewDisposeScope())
            {
                var loss = F.mse_loss(model.forward(x), y);
                opt.zero_grad();
                loss.backward();
                GradientClipping.clip_grad_norm_(model.parameters(), 1.0);
                opt.step();
                if (step == 1) firstLoss = loss.item<double>();
                if (step == 10_000) lastLoss = loss.item<double>();
            }
            if (step == 1_000) atThousand = ResidentBytes();
        }
        var atTenThousand = ResidentBytes();
        var growth = (double)(atTenThousand - atThousand) / atThousand;
        Assert.True(growth < 0.05, $"resident memory grew {growth:P1}: {atThousand / 1e6:F1} MB at step 1,000, {atTenThousand / 1e6:F1} MB at step 10,000");
        // The loop really trained: a fixed batch is memorised.
        Assert.True(lastLoss < firstLoss * 0.1, $"loss went from {firstLoss} to {lastLoss}");
    }

    [Fact]
    public void TensorsOutsideAnyScopeAreFreedByTheFinalizer()
    {
        for (var i = 0; i < 2_000; i++) _ = torch.ones(256, 256) + 1.0;
        var before = ResidentBytes();
        for (var i = 0; i < 20_000; i++) _ = torch.ones(256, 256) + 1.0;
        var after = ResidentBytes();
        // 40,000 unreleased 256 KB tensors would be 10 GB. Memory pressure reported to the GC makes
        // finalisers keep up; what remains is malloc keeping freed chunks for reuse.
        Assert.True(after - before < 1_000_000_000, $"grew {(after - before) / 1e6:F0} MB");
    }
}
