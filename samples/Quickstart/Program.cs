using System.Diagnostics;
using Halos.Torch;
using Halos.Torch.Optim;
using Quickstart;
using static Halos.Torch.F;

// Quickstart: a Bradley-Terry reward model (Bradley & Terry 1952; as in Ouyang et al. 2022, eq. 1)
// trained on Anthropic HH chosen/rejected pairs, loss = -log σ(r(chosen) - r(rejected)).
// It reports held-out pairwise accuracy against the 50% of chance, and throughput.
var root = FindRoot();
var dataPath = args.Length > 0 ? args[0] : Path.Combine(root, "samples", "data", "hh-rlhf", "harmless-base-test.jsonl.gz");
const int Buckets = 1 << 18, Dim = 8, MaxFeatures = 256, Batch = 64, Epochs = 2;
const ulong Seed = 1234;

torch.manual_seed(Seed);
torch.set_num_threads(Math.Max(1, Environment.ProcessorCount));
var pairs = PreferencePair.ReadJsonl(dataPath);
var rng = new Random((int)Seed);
pairs = pairs.OrderBy(_ => rng.Next()).ToList();
var evalCount = pairs.Count / 5;
var eval = pairs.Take(evalCount).ToList();
var train = pairs.Skip(evalCount).ToList();
Console.WriteLine($"halos quickstart: Bradley-Terry reward model on {Path.GetFileName(dataPath)}");
Console.WriteLine($"  {train.Count} training pairs, {eval.Count} held-out pairs, libtorch {torch.version}, {torch.get_num_threads()} threads");

using var model = new BagOfWordsRewardModel(Buckets, Dim);
using var opt = new AdamW(model.parameters(), lr: 0.01, weight_decay: 0.1);
var steps = Epochs * ((train.Count + Batch - 1) / Batch);
var schedule = new LearningRateSchedule(ScheduleShape.Cosine, warmupSteps: steps / 20, totalSteps: steps);

Console.WriteLine($"  before training: held-out accuracy {Evaluate(eval).accuracy:P1}");
var clock = Stopwatch.StartNew();
long step = 0, pairsSeen = 0;
for (var epoch = 1; epoch <= Epochs; epoch++)
{
    double lossSum = 0, accSum = 0;
    var batches = 0;
    foreach (var batch in train.OrderBy(_ => rng.Next()).Chunk(Batch))
    {
        using var scope = torch.NewDisposeScope();
        schedule.Apply(opt, step++);
        var (chosen, rejected) = Score(batch);
        var margin = chosen - rejected;
        var loss = -logsigmoid(margin).mean();
        opt.zero_grad();
        loss.backward();
        GradientClipping.clip_grad_norm_(model.parameters(), 1.0);
        opt.step();
        lossSum += loss.item<float>();
        accSum += (margin > 0.0).@float().mean().item<float>();
        batches++;
        pairsSeen += batch.Length;
    }
    var (evalLoss, evalAcc) = Evaluate(eval);
    Console.WriteLine($"  epoch {epoch}: train loss {lossSum / batches:F4}, train acc {accSum / batches:P1} | held-out loss {evalLoss:F4}, held-out acc {evalAcc:P1}");
}
clock.Stop();
var final = Evaluate(eval);
Console.WriteLine($"result: held-out pairwise accuracy {final.accuracy:P1} (chance 50.0%), loss {final.loss:F4}; {step} steps, {pairsSeen / clock.Elapsed.TotalSeconds:F0} pairs/s, {clock.Elapsed.TotalSeconds:F1} s");
return 0;

(Tensor chosen, Tensor rejected) Score(PreferencePair[] batch)
{
    var texts = batch.Select(p => PreferencePair.LastReply(p.Chosen)).Concat(batch.Select(p => PreferencePair.LastReply(p.Rejected))).ToArray();
    var (ids, mask) = Pad(texts.Select(t => HashedFeatures.Of(t, Buckets, MaxFeatures)).ToArray());
    var scores = model.forward((ids, mask));
    return (scores.narrow(0, 0, batch.Length), scores.narrow(0, batch.Length, batch.Length));
}

(Tensor ids, Tensor mask) Pad(long[][] rows)
{
    var width = rows.Max(r => r.Length);
    var ids = new long[rows.Length * width];
    var mask = new float[rows.Length * width];
    for (var i = 0; i < rows.Length; i++)
        for (var j = 0; j < rows[i].Length; j++)
        {
            ids[i * width + j] = rows[i][j];
            mask[i * width + j] = 1;
        }
    return (torch.tensor(ids, rows.Length, width), torch.tensor(mask, rows.Length, width));
}

(double loss, double accuracy) Evaluate(List<PreferencePair> set)
{
    using var noGrad = torch.no_grad();
    double loss = 0, correct = 0;
    foreach (var batch in set.Chunk(256))
    {
        using var scope = torch.NewDisposeScope();
        var (c, r) = Score(batch);
        var margin = c - r;
        loss += (-logsigmoid(margin)).sum().item<float>();
        correct += (margin > 0.0).sum().item<long>();
    }
    return (loss / set.Count, correct / set.Count);
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
