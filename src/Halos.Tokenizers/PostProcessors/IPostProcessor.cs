namespace Halos.Tokenizers.PostProcessors;

/// <summary>Adds the model's special tokens around one sequence or a pair (BOS, CLS/SEP, ...).</summary>
internal interface IPostProcessor
{
    List<EncodedToken> Process(List<EncodedToken> first, List<EncodedToken>? second, bool addSpecialTokens, string original);
}
