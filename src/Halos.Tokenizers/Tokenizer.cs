using Halos.Tokenizers.AddedTokens;
using Halos.Tokenizers.Decoders;
using Halos.Tokenizers.Json;
using Halos.Tokenizers.Models;
using Halos.Tokenizers.Normalizers;
using Halos.Tokenizers.PostProcessors;
using Halos.Tokenizers.PreTokenizers;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers;

/// <summary>
/// A Hugging Face tokenizer loaded from tokenizer.json: added tokens are split out first, the
/// rest is normalized, pre-tokenized and run through the model, then the post-processor adds
/// special tokens. Thread-safe; encoding from many threads shares the word cache.
/// </summary>
public sealed class Tokenizer
{
    private readonly INormalizer? _normalizer;
    private readonly IPreTokenizer? _preTokenizer;
    private readonly ITokenizerModel _model;
    private readonly IPostProcessor? _postProcessor;
    private readonly ITokenDecoder? _decoder;
    private readonly AddedVocabulary _added;

    internal Tokenizer(INormalizer? normalizer, IPreTokenizer? preTokenizer, ITokenizerModel model, IPostProcessor? postProcessor,
        ITokenDecoder? decoder, IReadOnlyList<AddedToken> addedTokens, TokenizerConfig config, string source)
    {
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _model = model;
        _postProcessor = postProcessor;
        _decoder = decoder;
        _added = new AddedVocabulary(addedTokens, normalizer);
        Config = config;
        Source = source;
    }

    /// <summary>The file this tokenizer came from, for messages.</summary>
    public string Source { get; }

    public TokenizerConfig Config { get; }

    public IReadOnlyList<AddedToken> AddedTokens => _added.Tokens;

    /// <summary>Number of ids: the model vocabulary plus added tokens beyond it (HF get_vocab_size(true)).</summary>
    public int VocabSize => Math.Max(_model.VocabSize, _added.MaxId + 1);

    public SpecialToken? BosToken => Special(Config.BosToken);
    public SpecialToken? EosToken => Special(Config.EosToken);
    public SpecialToken? PadToken => Special(Config.PadToken);
    public SpecialToken? UnkToken => Special(Config.UnkToken);

    /// <summary>Loads tokenizer.json from a model folder, or a tokenizer.json path directly.</summary>
    public static Tokenizer Load(string folderOrFile) => TokenizerFiles.Load(folderOrFile);

    /// <summary>Builds a tokenizer from tokenizer.json text; <paramref name="source"/> names it in errors.</summary>
    public static Tokenizer FromJson(string json, string source = "tokenizer.json", TokenizerConfig? config = null) =>
        TokenizerJsonReader.Read(json, source, config ?? TokenizerConfig.Empty);

    /// <summary>GPT-2 from OpenAI's original encoder.json + vocab.bpe.</summary>
    public static Tokenizer FromGpt2Files(string encoderJsonPath, string vocabBpePath) => Gpt2Files.Load(encoderJsonPath, vocabBpePath);

    public int? TokenToId(string token) => _added.ByContent(token)?.Id ?? _model.TokenToId(token);

    public string? IdToToken(int id) => _added.ById(id)?.Content ?? _model.IdToToken(id);

    public TokenEncoding Encode(string text, bool addSpecialTokens = true) => Encode(text, null, addSpecialTokens);

    public TokenEncoding Encode(string text, string? pair, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Process(text, pair, addSpecialTokens);
        var ids = new int[tokens.Count];
        var offsets = new (int, int)[tokens.Count];
        var typeIds = new int[tokens.Count];
        var special = new bool[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            ids[i] = tokens[i].Id;
            offsets[i] = (tokens[i].Start, tokens[i].End);
            typeIds[i] = tokens[i].TypeId;
            special[i] = tokens[i].Special;
        }
        return new TokenEncoding(this, ids, offsets, typeIds, special);
    }

    /// <summary>Just the ids, for callers that need nothing else.</summary>
    public int[] EncodeToIds(string text, bool addSpecialTokens = true)
    {
        var tokens = Process(text, null, addSpecialTokens);
        var ids = new int[tokens.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = tokens[i].Id;
        return ids;
    }

    /// <summary>Encodes texts in parallel; results keep the input order.</summary>
    public IReadOnlyList<TokenEncoding> EncodeBatch(IReadOnlyList<string> texts, bool addSpecialTokens = true)
    {
        var results = new TokenEncoding[texts.Count];
        Parallel.For(0, texts.Count, i => results[i] = Encode(texts[i], addSpecialTokens));
        return results;
    }

    /// <param name="cleanUpTokenizationSpaces">Null follows tokenizer_config.json (false when it says nothing).</param>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false, bool? cleanUpTokenizationSpaces = null)
    {
        var tokens = new List<string>();
        foreach (var id in ids)
        {
            var added = _added.ById(id);
            if (added is not null)
            {
                if (!(skipSpecialTokens && added.Special)) tokens.Add(added.Content);
                continue;
            }
            tokens.Add(_model.IdToToken(id) ?? throw new ArgumentOutOfRangeException(nameof(ids), $"token id {id} is not in the vocabulary of {Source} (size {VocabSize})"));
        }
        string text;
        if (_decoder is null) text = string.Join(' ', tokens);
        else
        {
            _decoder.Decode(tokens);
            text = string.Concat(tokens);
        }
        return cleanUpTokenizationSpaces ?? Config.CleanUpTokenizationSpaces ?? false ? TokenizationSpaces.CleanUp(text) : text;
    }

    public IReadOnlyList<string> DecodeBatch(IReadOnlyList<IReadOnlyList<int>> batch, bool skipSpecialTokens = false)
    {
        var results = new string[batch.Count];
        Parallel.For(0, batch.Count, i => results[i] = Decode(batch[i], skipSpecialTokens));
        return results;
    }

    private SpecialToken? Special(string? content) =>
        content is not null && TokenToId(content) is { } id ? new SpecialToken(content, id) : null;

    private List<EncodedToken> Process(string text, string? pair, bool addSpecialTokens)
    {
        var first = EncodeSequence(text);
        var second = pair is null ? null : EncodeSequence(pair);
        if (_postProcessor is not null) return _postProcessor.Process(first, second, addSpecialTokens, text);
        return EncodedTokenLists.Concat(first, second, 1);
    }

    private List<EncodedToken> EncodeSequence(string text)
    {
        var run = new EncodeRun(this, text);
        var at = 0;
        foreach (var match in _added.RawMatcher.FindMatches(text))
        {
            if (match.Start > at) run.EncodeSection(at, match.Start);
            run.Output.Add(new EncodedToken(match.Token.Id, match.Start, match.End, 0, false));
            at = match.End;
        }
        if (at < text.Length) run.EncodeSection(at, text.Length);
        return run.Output;
    }

    /// <summary>The buffers of one encode call, so the hot path allocates little.</summary>
    private sealed class EncodeRun(Tokenizer owner, string text)
    {
        public readonly List<EncodedToken> Output = new(text.Length / 3 + 4);
        private readonly List<PreToken> _pieces = new();
        private readonly List<ModelToken> _modelTokens = new();

        public void EncodeSection(int start, int end)
        {
            var section = new NormalizedText(start == 0 && end == text.Length ? text : text.Substring(start, end - start), start);
            if (owner._normalizer is not null) section = owner._normalizer.Normalize(section);
            var normalizedText = section.Text;
            var at = 0;
            if (!owner._added.NormalizedMatcher.IsEmpty)
            {
                foreach (var match in owner._added.NormalizedMatcher.FindMatches(normalizedText))
                {
                    if (match.Start > at) EncodeNormalized(section, at, match.Start, start == 0 && at == 0);
                    var (os, oe) = section.ToOriginal(match.Start, match.End);
                    Output.Add(new EncodedToken(match.Token.Id, os, oe, 0, false));
                    at = match.End;
                }
            }
            if (at < normalizedText.Length) EncodeNormalized(section, at, normalizedText.Length, start == 0 && at == 0);
        }

        private void EncodeNormalized(NormalizedText section, int start, int end, bool isFirst)
        {
            _pieces.Clear();
            _pieces.Add(new PreToken(section.Text.AsMemory(start, end - start), start));
            owner._preTokenizer?.PreTokenize(_pieces, new SectionInfo(isFirst));
            foreach (var piece in _pieces)
            {
                _modelTokens.Clear();
                owner._model.Tokenize(piece, _modelTokens);
                foreach (var token in _modelTokens)
                {
                    var (ns, ne) = piece.ToNormalized(token.Start, token.End);
                    var (os, oe) = section.ToOriginal(ns, ne);
                    Output.Add(new EncodedToken(token.Id, os, oe, 0, false));
                }
            }
        }
    }
}
