using Halos.Abstractions.Models;

namespace Halos.Abstractions.Generation;

/// <summary>One row of a batch while it decodes: its tokens so far, and whether an end-of-sequence id, a stop string or the length limit ended it.</summary>
internal sealed class CompletionBuilder(SamplingOptions options, ITokenizer? tokenizer)
{
    private readonly List<int> _tokens = [];
    private readonly List<float> _logProbs = [];
    private FinishReason? _reason;

    public bool Finished => _reason is not null;

    public void Add(long token, float logProb)
    {
        _tokens.Add(checked((int)token));
        _logProbs.Add(logProb);
        if (options.StopTokenIds.Contains(token) || CompletesStopString()) _reason = FinishReason.Stop;
        else if (_tokens.Count >= options.MaxNewTokens) _reason = FinishReason.Length;
    }

    /// <summary>
    /// Whether the text now holds a stop string. Only the tail that the last token can have changed is searched (the
    /// longest stop string plus a few characters of slack for tokens that merge with the previous one when decoded).
    /// </summary>
    private bool CompletesStopString()
    {
        if (options.StopStrings.Count == 0) return false;
        var text = tokenizer!.Decode(_tokens);
        var tail = options.StopStrings.Max(s => s.Length) + 16;
        var from = Math.Max(0, text.Length - tail);
        return options.StopStrings.Any(s => text.IndexOf(s, from, StringComparison.Ordinal) >= 0);
    }

    public GeneratedSequence Build() =>
        new([.. _tokens], [.. _logProbs], _reason ?? throw new InvalidOperationException("the completion has not finished"));
}
