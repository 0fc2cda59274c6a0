using System.IO.Compression;
using System.Text;
using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Host.Configuration;
using Halos.Host.Tests.Support;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Configuration;
using Halos.Tokenizers;
using Halos.Torch.SafeTensors;

namespace Halos.Host.Tests.Fuzzing;

/// <summary>
/// A seeded mutation fuzzer over every reader of user files: safetensors, config.json, tokenizer.json,
/// tokenizer_config.json, each data format plain and gzipped, appsettings.json and profiles. Every mutated input must
/// read, or fail with a located error that names the file; an unhandled exception type, or a read that does not
/// finish within <see cref="HangLimit"/>, fails the test with the target, case number and seed to replay it.
/// By default the whole run takes about 30 s (as part of ./test.sh); <c>HALOS_FUZZ_SECONDS</c> runs longer
/// (bench/fuzz.sh) and <c>HALOS_FUZZ_SEED</c> changes the seed.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);
    private readonly TempFolder _root = new("halos-fuzz");

    public void Dispose() => _root.Dispose();

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    [Fact]
    public void EveryMutatedInputReadsOrFailsNamingTheFile()
    {
        var seconds = Setting("HALOS_FUZZ_SECONDS", 30);
        var seed = Setting("HALOS_FUZZ_SEED", 16);
        var targets = Targets();
        var perTarget = TimeSpan.FromSeconds((double)seconds / targets.Count);
        var failures = new List<string>();
        var counts = new List<string>();
        foreach (var target in targets)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var cases = 0;
            for (; clock.Elapsed < perTarget && failures.Count < 20; cases++)
            {
                var caseSeed = CaseSeed(seed, target.Name, cases);
                if (Run(target, caseSeed) is { } failure) failures.Add($"{target.Name} case {cases} (seed {caseSeed}): {failure}");
            }
            counts.Add($"{target.Name}: {cases}");
        }
        System.Console.WriteLine($"fuzz seed {seed}, {seconds} s: {string.Join(", ", counts)}");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// The seed of one case, the same in every process (HashCode.Combine is randomised per process, which made CI's
    /// cases differ from run to run): FNV-1a over the target's name, mixed with the run's seed and the case number.
    /// </summary>
    internal static int CaseSeed(int seed, string target, int caseNumber)
    {
        var hash = 2166136261u;
        foreach (var c in target) hash = (hash ^ c) * 16777619u;
        return unchecked((int)((hash ^ (uint)seed * 2654435761u) * 16777619u + (uint)caseNumber * 40503u));
    }

    private string? Run(FuzzTarget target, int caseSeed)
    {
        var folder = _root.Folder($"case-{target.Name}-{caseSeed}");
        var path = Path.Combine(folder, target.SubFolder, target.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var bytes = Mutator.Mutate(target.Seed, new Random(caseSeed));
            File.WriteAllBytes(path, target.GzipAfterMutation ? Gzip(bytes) : bytes);
            var read = Task.Run(() => target.Read(path));
            if (!read.Wait(HangLimit)) return $"no result after {HangLimit.TotalSeconds} s (a hang?)";
            return null;
        }
        catch (AggregateException wrapped) when (wrapped.InnerException is { } e)
        {
            if (!target.Errors.Any(t => t.IsInstanceOfType(e))) return $"unhandled {e.GetType().Name}: {e.Message}";
            return e.Message.Contains(target.FileName, StringComparison.Ordinal) ? null : $"{e.GetType().Name} does not name {target.FileName}: {e.Message}";
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(data);
        return buffer.ToArray();
    }

    private List<FuzzTarget> Targets()
    {
        var targets = new List<FuzzTarget>();
        targets.AddRange(DataTargets());
        targets.AddRange(ModelTargets());
        targets.AddRange(TokenizerTargets());
        targets.AddRange(ConfigurationTargets());
        return targets;
    }

    private static IEnumerable<FuzzTarget> DataTargets()
    {
        var fixtures = Path.Combine(RepoLayout.Root, "tests", "Halos.Data.Tests", "Fixtures");
        (string Loader, string File, DataKind Kind)[] formats =
        [
            ("trl-preference", "trl-preference-standard.jsonl", DataKind.Paired),
            ("trl-preference", "trl-preference-conversational.json", DataKind.Paired),
            ("trl-pretokenized", "trl-pretokenized.jsonl", DataKind.Paired),
            ("trl-unpaired", "trl-unpaired.jsonl", DataKind.Unpaired),
            ("sft", "sft.jsonl", DataKind.Sft),
            ("halos-feedback", "halos-feedback.json", DataKind.Unpaired),
            ("hh-rlhf", "hh-sample.jsonl.gz", DataKind.Paired),
            ("ranked-tsv", "ranked.tsv", DataKind.Ranked),
        ];
        foreach (var (loader, file, kind) in formats)
        {
            var seed = File.ReadAllBytes(Path.Combine(fixtures, file));
            var plain = file.EndsWith(".gz") ? Decompress(seed) : seed;
            var name = file.Replace(".gz", "");
            Action<string> read = path => DataReader.ReadAll(DataFormats.Find(loader)!, new DataReadRequest { Path = path, Kind = kind }, out _);
            yield return new FuzzTarget($"{loader}/{name}", name, plain, read, [typeof(DataFormatException)]);
            yield return new FuzzTarget($"{loader}/{name}.gz (mutated inside)", name + ".gz", plain, read, [typeof(DataFormatException)]) { GzipAfterMutation = true };
            yield return new FuzzTarget($"{loader}/{name}.gz (mutated compressed)", name + ".gz", Gzip(plain), read, [typeof(DataFormatException)]);
        }
    }

    private static byte[] Decompress(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private const string TinyGpt2Config = """
        {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": 16, "n_embd": 8, "n_head": 2,
         "n_layer": 2, "n_positions": 16, "layer_norm_epsilon": 1e-5, "tie_word_embeddings": true}
        """;

    private IEnumerable<FuzzTarget> ModelTargets()
    {
        var folder = _root.Folder("tiny-gpt2");
        using (var model = ArchitectureCatalog.Create(HfConfig.Parse(TinyGpt2Config)))
            HfCheckpoint.Save(model, folder);
        var config = File.ReadAllBytes(Path.Combine(folder, "config.json"));
        var weights = File.ReadAllBytes(Path.Combine(folder, "model.safetensors"));
        Type[] errors = [typeof(ModelConfigException), typeof(CheckpointException), typeof(SafeTensorsFormatException)];
        // The other file of the folder is copied beside the mutated one; each read loads the whole checkpoint.
        Action<string> Load(string other, byte[] otherBytes) => path =>
        {
            File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(path)!, other), otherBytes);
            using var loaded = HfCheckpoint.Load(Path.GetDirectoryName(path)!);
        };
        yield return new FuzzTarget("config.json", "config.json", config, Load("model.safetensors", weights), errors);
        // Mutations anywhere in the weights mostly land in tensor data, which any bytes make valid; the header is
        // the first ~1 kB, so the seed is cut to header plus a little data and the rest appended after mutation.
        var headerEnd = 8 + (int)BitConverter.ToInt64(weights, 0);
        var head = weights[..Math.Min(weights.Length, headerEnd + 64)];
        var tail = weights[head.Length..];
        yield return new FuzzTarget("model.safetensors", "model.safetensors", head, path =>
        {
            using (var stream = new FileStream(path, FileMode.Append)) stream.Write(tail);
            Load("config.json", config)(path);
        }, errors);
    }

    private const string TokenizerJson = """
        {"version": "1.0", "truncation": null, "padding": null,
         "added_tokens": [{"id": 6, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
         "normalizer": {"type": "Sequence", "normalizers": [{"type": "NFC"}, {"type": "Lowercase"}]},
         "pre_tokenizer": {"type": "Split", "pattern": {"String": " "}, "behavior": "Removed", "invert": false},
         "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {"<s>": {"id": "<s>", "ids": [6], "tokens": ["<s>"]}}},
         "decoder": {"type": "Strip", "content": " ", "start": 0, "stop": 0},
         "model": {"type": "BPE", "dropout": null, "unk_token": "u", "fuse_unk": false, "byte_fallback": false,
            "vocab": {"a": 0, "b": 1, "ab": 2, "c": 3, "abc": 4, "u": 5}, "merges": ["a b", ["ab", "c"]]}}
        """;

    private const string TokenizerConfigJson = """
        {"bos_token": "<s>", "eos_token": {"content": "<s>"}, "pad_token": null, "unk_token": "u",
         "add_bos_token": true, "add_eos_token": false, "clean_up_tokenization_spaces": true,
         "additional_special_tokens": ["<s>"], "chat_template": "{{ messages }}"}
        """;

    private static IEnumerable<FuzzTarget> TokenizerTargets()
    {
        var tokenizer = Encoding.UTF8.GetBytes(TokenizerJson);
        var config = Encoding.UTF8.GetBytes(TokenizerConfigJson);
        Action<string> Load(string other, byte[] otherBytes) => path =>
        {
            File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(path)!, other), otherBytes);
            var loaded = Tokenizer.Load(Path.GetDirectoryName(path)!);
            var ids = loaded.Encode("abc ab cab").Ids;
            loaded.Decode(ids.ToArray());
        };
        yield return new FuzzTarget("tokenizer.json", "tokenizer.json", tokenizer, Load("tokenizer_config.json", config), [typeof(TokenizerFormatException)]);
        yield return new FuzzTarget("tokenizer_config.json", "tokenizer_config.json", config, Load("tokenizer.json", tokenizer), [typeof(TokenizerFormatException)]);
    }

    private static IEnumerable<FuzzTarget> ConfigurationTargets()
    {
        var appsettings = File.ReadAllBytes(Path.Combine(RepoLayout.Root, "appsettings.json"));
        var profilePath = Directory.GetFiles(Path.Combine(RepoLayout.Root, "profiles"), "*.json").Order(StringComparer.Ordinal).First();
        var profile = File.ReadAllBytes(profilePath);
        yield return new FuzzTarget("appsettings.json", "appsettings.json", appsettings, path =>
            OptionsBinder.Bind(LayeredConfiguration.Load(Path.GetDirectoryName(path)!, null, new Dictionary<string, string>(), [])),
            [typeof(ConfigurationException)]);
        yield return new FuzzTarget("profile", "fuzz.json", profile, path =>
        {
            var root = Path.GetDirectoryName(Path.GetDirectoryName(path))!;
            File.WriteAllBytes(Path.Combine(root, "appsettings.json"), appsettings);
            OptionsBinder.Bind(LayeredConfiguration.Load(root, "fuzz", new Dictionary<string, string>(), []));
        }, [typeof(ConfigurationException)]) { SubFolder = "profiles" };
    }
}
