using System.IO.Compression;
using System.Text.Json;

namespace Halos.Bench.Tokenizers;

internal static class BenchCorpus
{
    public static List<string> FromSharedData(string root)
    {
        var data = Path.GetFullPath(Path.Combine(root, "..", "shared", "data"));
        var hh = Path.Combine(data, "hh-rlhf", "harmless-base-test.jsonl.gz");
        var reviews = Path.Combine(data, "ranked-reviews", "sample.tsv");
        if (!File.Exists(hh) || !File.Exists(reviews))
            throw new FileNotFoundException($"the default corpus needs {hh} and {reviews}; pass --corpus FILE.jsonl (one JSON string per line) instead");
        var texts = new List<string>();
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(hh), CompressionMode.Decompress)))
        {
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0) continue;
                using var doc = JsonDocument.Parse(line);
                texts.Add(doc.RootElement.GetProperty("chosen").GetString()!);
                texts.Add(doc.RootElement.GetProperty("rejected").GetString()!);
            }
        }
        texts.AddRange(File.ReadLines(reviews).SelectMany(l => l.Split('\t')).Where(t => t.Length > 0));
        return texts;
    }

    public static List<string> FromJsonl(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<string>(l)!).ToList();
}
