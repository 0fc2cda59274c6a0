using Halos.Abstractions.Options;

namespace Halos.Abstractions.Training;

/// <summary>
/// How examples become tensors: the token budget per sequence (prompt + completion), the prompt's and the
/// completion's own budgets (0: none), and the over-length policy (<c>truncate</c>, <c>drop</c> or <c>error</c>).
/// </summary>
public sealed record CollateOptions(int MaxLength, int MaxPromptLength = 0, string OverLength = "truncate", int MaxCompletionLength = 0)
{
    /// <summary>The limits of the <c>Data</c> section, their one home.</summary>
    public static CollateOptions From(DataOptions data) => new(data.MaxLength, data.MaxPromptLength, data.OverLength, data.MaxCompletionLength);
}
