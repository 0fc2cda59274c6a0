using Halos.Abstractions.Data;
using Halos.Abstractions.Models;
using Halos.Data.Tokenization;

namespace Halos.Data.Tests;

/// <summary>
/// Text rows under a tokenizer whose post-processor wraps a sequence (<c>[CLS] $A [SEP]</c>, BERT and DeBERTa): the
/// prompt opens with [CLS] and the completion closes with [SEP], as the tokenizer renders the whole text, not
/// <c>[CLS] prompt [SEP] completion</c>.
/// </summary>
public class SequenceSpecialsTests
{
    /// <summary>One token per char (id = char code); [CLS] = 1, [SEP] = 2 around a sequence; <paramref name="eos"/> if any.</summary>
    private sealed class WrappingTokenizer(int? eos) : ITokenizer
    {
        public int VocabSize => 65536;
        public int? BosTokenId => null;
        public int? EosTokenId => eos;
        public int? PadTokenId => 0;
        public int[] Encode(string text, bool addSpecialTokens = true) =>
            addSpecialTokens ? [1, .. text.Select(c => (int)c), 2] : text.Select(c => (int)c).ToArray();
        public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false) => new(ids.Select(i => (char)i).ToArray());
        public string ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) => throw new NotSupportedException();
    }

    private static TokenSequence[] Encode(ITokenizer tokenizer) =>
        new ExampleEncoder(tokenizer, new EncodingOptions()).Encode(new PairedExample("row", Prompt.FromText("Q"), "yes", "no"), out _)!.Sequences.ToArray();

    [Fact]
    public void ThePromptOpensAndTheCompletionClosesTheSequence()
    {
        var chosen = Encode(new WrappingTokenizer(eos: null))[0];
        Assert.Equal([1, 'Q', 'y', 'e', 's', 2], chosen.Ids);
        Assert.Equal(2, chosen.PromptLength);
    }

    [Fact]
    public void AnEosThatIsTheClosingTokenIsNotAddedTwice_AnotherEosFollowsIt()
    {
        Assert.Equal([1, 'Q', 'n', 'o', 2], Encode(new WrappingTokenizer(eos: 2))[1].Ids);
        Assert.Equal([1, 'Q', 'n', 'o', 2, 3], Encode(new WrappingTokenizer(eos: 3))[1].Ids);
    }
}
