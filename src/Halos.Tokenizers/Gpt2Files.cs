using System.Text.Json;
using Halos.Tokenizers.Decoders;
using Halos.Tokenizers.Json;
using Halos.Tokenizers.Models;
using Halos.Tokenizers.PostProcessors;
using Halos.Tokenizers.PreTokenizers;

namespace Halos.Tokenizers;

/// <summary>
/// GPT-2's original release format: encoder.json (token to id) and vocab.bpe (one merge per
/// line after a "#version" header). Builds the byte-level BPE that HF's GPT-2 tokenizer.json
/// describes, with &lt;|endoftext|&gt; as a special added token.
/// </summary>
internal static class Gpt2Files
{
    private const string EndOfText = "<|endoftext|>";

    public static Tokenizer Load(string encoderJsonPath, string vocabBpePath)
    {
        Dictionary<string, int> vocab;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(encoderJsonPath));
            vocab = ModelReader.ReadVocab(new JsonSection(doc.RootElement, encoderJsonPath, "$"));
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException($"{encoderJsonPath}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
        var merges = new List<(string, string)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(vocabBpePath))
        {
            lineNumber++;
            if (line.StartsWith("#version", StringComparison.Ordinal) || line.Length == 0) continue;
            var space = line.IndexOf(' ', 1);
            if (space < 0) throw new TokenizerFormatException($"{vocabBpePath}:{lineNumber}: expected two tokens separated by a space, found \"{line}\"");
            merges.Add((line[..space], line[(space + 1)..]));
        }
        var model = new BpeModel(vocab, merges, new BpeOptions(), message => new TokenizerFormatException($"{vocabBpePath}: {message}"));
        var added = vocab.TryGetValue(EndOfText, out var eot) ? new[] { new AddedToken(EndOfText, eot, Special: true) } : [];
        var config = new TokenizerConfig { BosToken = EndOfText, EosToken = EndOfText, UnkToken = EndOfText };
        return new Tokenizer(null, new ByteLevelPreTokenizer(addPrefixSpace: false, useRegex: true), model,
            new ByteLevelPostProcessor(trimOffsets: true), new ByteLevelDecoder(), added, config, encoderJsonPath);
    }
}
