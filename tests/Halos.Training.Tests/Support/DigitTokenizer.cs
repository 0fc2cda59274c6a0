using Halos.Abstractions.Data;
using Halos.Abstractions.Models;

namespace Halos.Training.Tests.Support;

/// <summary>A character tokenizer over the digits: '0'..'9' are ids 1..10, 0 pads, 11 ends a sequence.</summary>
public sealed class DigitTokenizer : ITokenizer
{
    public const int Pad = 0, Eos = 11;
    public int VocabSize => 12;
    public int? BosTokenId => null;
    public int? EosTokenId => Eos;
    public int? PadTokenId => Pad;

    public int[] Encode(string text, bool addSpecialTokens = true) =>
        text.Select(c => c is >= '0' and <= '9' ? c - '0' + 1 : throw new ArgumentException($"'{c}' is not a digit")).ToArray();

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false) =>
        new(ids.Where(i => i is >= 1 and <= 10).Select(i => (char)('0' + i - 1)).ToArray());

    public string ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) =>
        throw new InvalidOperationException("the digit tokenizer has no chat template");
}
