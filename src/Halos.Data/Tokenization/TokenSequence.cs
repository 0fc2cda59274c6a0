namespace Halos.Data.Tokenization;

/// <summary>
/// One tokenized sequence: the prompt's ids followed by the completion's. Only completion positions
/// (<c>i &gt;= PromptLength</c>) count in the loss; the prompt part, generation header included, is masked.
/// </summary>
public sealed record TokenSequence(int[] Ids, int PromptLength)
{
    public int Length => Ids.Length;

    public int CompletionLength => Ids.Length - PromptLength;

    public ReadOnlySpan<int> PromptIds => Ids.AsSpan(0, PromptLength);

    public ReadOnlySpan<int> CompletionIds => Ids.AsSpan(PromptLength);

    public static TokenSequence Concat(ReadOnlySpan<int> prompt, ReadOnlySpan<int> completion)
    {
        var ids = new int[prompt.Length + completion.Length];
        prompt.CopyTo(ids);
        completion.CopyTo(ids.AsSpan(prompt.Length));
        return new TokenSequence(ids, prompt.Length);
    }
}
