// One rank of a distributed test. The test sets RANK/WORLD_SIZE/MASTER_ADDR/MASTER_PORT and names a
// scenario; the worker prints "key=value" lines the test asserts on, and exits 0, or 1 with the error.
using System.Diagnostics;
using System.Globalization;
using Halos.Torch;
using Halos.Torch.Distributed;
using Halos.Torch.NN;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var scenario = args.Length > 0 ? args[0] : "";
var timeoutMs = int.Parse(Environment.GetEnvironmentVariable("HALOS_TEST_TIMEOUT_MS") ?? "20000", CultureInfo.InvariantCulture);
var options = new DistributedOptions
{
    Timeout = TimeSpan.FromMilliseconds(timeoutMs),
    // Generous: on a loaded 2-core machine, starting the ranks takes seconds; the collectives' timeout is what tests measure.
    RendezvousTimeout = TimeSpan.FromSeconds(60),
    HeartbeatInterval = TimeSpan.FromMilliseconds(200),
    // Tiny buckets, so the 35 parameters of the gradient scenario span several allreduces.
    GradientBucketBytes = 64,
};
if (scenario == "threads")
{
    // A fresh process's libtorch thread count, before anything sets it (ThreadingDefaultsTests).
    Console.WriteLine($"threads={torch.get_num_threads()}");
    Console.WriteLine($"cores={Environment.ProcessorCount}");
    return 0;
}
torch.set_num_threads(1);

try
{
    if (scenario == "unreachable")
    {
        // Nobody listens on MASTER_PORT: the connection must fail within the timeout, naming the address.
        var launch = LaunchEnvironment.FromProcess()!;
        using var store = RendezvousStore.Connect(launch.MasterAddress, launch.MasterPort, launch.WorldSize, TimeSpan.FromMilliseconds(timeoutMs));
        return 0;
    }
    using var dist = DistributedContext.FromEnvironment(Device.CPU, options);
    var r = dist.Rank;
    var w = dist.WorldSize;
    switch (scenario)
    {
        case "collectives":
        {
            using var sum = torch.tensor(new float[] { r + 1, 10 * (r + 1) }, 2);
            dist.Group!.AllReduce(sum);
            Print("sum", sum.data<float>());
            using var avg = torch.tensor(new float[] { r + 1, 10 * (r + 1) }, 2);
            dist.Group.AllReduce(avg, ReduceOp.Average);
            Print("avg", avg.data<float>());
            using var max = torch.tensor(new long[] { r, -r }, 2);
            dist.Group.AllReduce(max, ReduceOp.Max);
            Print("max", max.data<long>());
            using var b = torch.full([3], r == 1 ? 7.5 : -1.0);
            dist.Group.Broadcast(b, root: 1);
            Print("broadcast", b.data<float>());
            using var gathered = dist.AllGather(torch.tensor(new float[] { r, r * r }, 2));
            Print("gather_shape", gathered.shape);
            Print("gather", gathered.data<float>());
            // Rank r holds r+1 rows of value r: uneven shards.
            using var rows = torch.full([r + 1, 2], (double)r);
            using var concat = dist.AllGatherConcat(rows);
            Print("concat_shape", concat.shape);
            Print("concat", concat.data<float>());
            // Rank r saw 10*(r+1) examples with mean loss r+1.
            var metrics = dist.AllReduce(new Dictionary<string, MetricTotal>
            {
                ["loss"] = MetricTotal.Of(r + 1, 10 * (r + 1)),
                ["accuracy"] = MetricTotal.Of(0.5, 4),
            });
            Print("loss_mean", [metrics["loss"].Mean]);
            Print("loss_count", [metrics["loss"].Count]);
            Print("accuracy_mean", [metrics["accuracy"].Mean]);
            var shard = dist.Shard(100, 11);
            Print("shard", [shard.Start, shard.Count]);
            dist.Barrier();
            Print("collectives", [dist.Group.CollectivesEntered]);
            break;
        }
        case "metric-names":
        {
            var names = new Dictionary<string, MetricTotal> { ["loss"] = new(1, 1) };
            if (r == 1) names["extra"] = new(1, 1);
            // The union tolerates it: a name one rank lacks counts nothing there.
            var union = dist.AllReduceUnion(names);
            Print("union_names", [union.Count]);
            Print("union_loss", [union["loss"].Sum, union["loss"].Count]);
            Print("union_extra", [union["extra"].Sum, union["extra"].Count]);
            dist.AllReduce(names);
            break;
        }
        case "gradients":
        {
            // Each rank starts from different weights; broadcast makes them rank 0's.
            torch.manual_seed((ulong)(100 + r));
            using var model = new Sequential(new Linear(5, 4), new Tanh(), new Linear(4, 3));
            dist.BroadcastParameters(model);
            Print("weights", Flatten(model.parameters()));
            // Different data per rank; tiny buckets so the reduction spans several.
            torch.manual_seed((ulong)(200 + r));
            using var x = torch.randn(6, 5);
            using (var scope = torch.NewDisposeScope())
            {
                var loss = model.forward(x).pow(2).mean();
                loss.backward();
            }
            Print("local", Flatten(model.parameters().Select(p => p.grad!)));
            using var buckets = dist.CreateGradientBuckets(model.parameters());
            Print("buckets", [buckets.BucketCount]);
            buckets.AllReduce();
            Print("reduced", Flatten(model.parameters().Select(p => p.grad!)));
            break;
        }
        case "gradients-overlap":
        {
            // As "gradients", with the buckets armed before backward: their allreduces start from the gradient hooks.
            torch.manual_seed((ulong)(100 + r));
            using var model = new Sequential(new Linear(5, 4), new Tanh(), new Linear(4, 3));
            dist.BroadcastParameters(model);
            using var buckets = dist.CreateGradientBuckets(model.parameters());
            torch.manual_seed((ulong)(200 + r));
            using var x = torch.randn(6, 5);
            // An earlier microbatch only accumulates: no bucket starts while unarmed.
            using (var scope = torch.NewDisposeScope()) model.forward(x).pow(2).mean().backward();
            buckets.Arm();
            using (var scope = torch.NewDisposeScope()) model.forward(x).pow(2).mean().backward();
            Print("started_during_backward", [buckets.StartedDuringBackward]);
            Print("local", Flatten(model.parameters().Select(p => p.grad!)));
            buckets.AllReduce();
            Print("reduced", Flatten(model.parameters().Select(p => p.grad!)));
            // The next step, unarmed, reduces as before (the hooks stay quiet).
            using (var scope = torch.NewDisposeScope()) model.forward(x).pow(2).mean().backward();
            buckets.AllReduce();
            Print("again", Flatten(model.parameters().Select(p => p.grad!)));
            break;
        }
        case "die" or "die-first":
        {
            // "die": the last rank exits after one collective; "die-first": rank 0, which hosts the store.
            var dying = scenario == "die-first" ? 0 : w - 1;
            using var t = torch.ones(4);
            dist.Group!.AllReduce(t);
            if (r == dying)
            {
                Console.Out.Flush();
                Environment.Exit(3);
            }
            var clock = Stopwatch.StartNew();
            try
            {
                dist.Group.AllReduce(t);
                Print("unexpected", [1]);
            }
            catch (DistributedException e)
            {
                Console.WriteLine($"elapsed_ms={clock.ElapsedMilliseconds}");
                Console.WriteLine($"suspects={string.Join(",", e.SuspectRanks)}");
                Console.WriteLine($"message={e.Message.Replace('\n', ' ')}");
                return 1;
            }
            break;
        }
        case "hang":
        {
            // The last rank stays alive but never enters the collective.
            if (r == w - 1)
            {
                Thread.Sleep(timeoutMs * 3);
                return 0;
            }
            var clock = Stopwatch.StartNew();
            try
            {
                dist.Barrier();
            }
            catch (DistributedException e)
            {
                Console.WriteLine($"elapsed_ms={clock.ElapsedMilliseconds}");
                Console.WriteLine($"suspects={string.Join(",", e.SuspectRanks)}");
                Console.WriteLine($"message={e.Message.Replace('\n', ' ')}");
                return 1;
            }
            break;
        }
        default:
            Console.Error.WriteLine($"unknown scenario '{scenario}'");
            return 2;
    }
    return 0;
}
catch (Exception e)
{
    Console.WriteLine($"error={e.GetType().Name}: {e.Message.Replace('\n', ' ')}");
    return 1;
}

static void Print<T>(string key, IEnumerable<T> values) =>
    Console.WriteLine($"{key}={string.Join(",", values.Select(v => string.Format(CultureInfo.InvariantCulture, "{0:R}", v)))}");

static float[] Flatten(IEnumerable<Tensor> tensors) => tensors.SelectMany(t => t.data<float>()).ToArray();
