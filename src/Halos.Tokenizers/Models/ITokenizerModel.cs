using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Models;

/// <summary>The vocabulary model: turns one pre-token into token ids.</summary>
internal interface ITokenizerModel
{
    void Tokenize(in PreToken piece, List<ModelToken> output);

    int? TokenToId(ReadOnlySpan<char> token);

    string? IdToToken(int id);

    /// <summary>Number of ids the model's own vocabulary covers (added tokens excluded).</summary>
    int VocabSize { get; }

    IReadOnlyDictionary<string, int> Vocab { get; }
}
