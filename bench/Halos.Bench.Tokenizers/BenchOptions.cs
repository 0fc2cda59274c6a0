namespace Halos.Bench.Tokenizers;

internal sealed record BenchOptions(string? Corpus, double Seconds, string? Only)
{
    public string CorpusName => Corpus ?? "../shared/data: hh-rlhf harmless-base test + ranked-reviews sample";

    public static BenchOptions Parse(string[] args)
    {
        string? corpus = null, only = null;
        var seconds = 3.0;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--corpus": corpus = args[++i]; break;
                case "--seconds": seconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--only": only = args[++i]; break;
                default: throw new ArgumentException($"unknown argument '{args[i]}' (expected --corpus FILE, --seconds N, --only llama3|qwen3|gpt2)");
            }
        }
        return new BenchOptions(corpus, seconds, only);
    }
}
