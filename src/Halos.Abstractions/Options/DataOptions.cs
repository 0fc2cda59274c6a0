using Microsoft.Extensions.Configuration;

namespace Halos.Abstractions.Options;

/// <summary>The <c>Data</c> section: which loader plugin reads which sources.</summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>The loader plugin's registration name.</summary>
    public string? Loader { get; set; }

    /// <summary>The training source (a file, a folder, or whatever the loader understands).</summary>
    public string? Train { get; set; }

    /// <summary>The held-out source for evaluation.</summary>
    public string? Eval { get; set; }

    /// <summary>Stops reading each source after this many examples; 0 reads all.</summary>
    [System.ComponentModel.DataAnnotations.Range(0L, long.MaxValue)]
    public long Limit { get; set; }

    /// <summary>What a loader does with a row it cannot read: stop with an error naming the file and line, or skip it and count it.</summary>
    [System.ComponentModel.DataAnnotations.AllowedValues(null, "error", "skip")]
    public string? OnBadRow { get; set; }

    // The length limits live here, together, under TRL's names (max_length, max_prompt_length,
    // max_completion_length): they are properties of how rows become token sequences, whichever trainer reads them.

    /// <summary>The longest tokenized prompt + completion of one sequence.</summary>
    [System.ComponentModel.DataAnnotations.Range(8, 1 << 20)]
    public int MaxLength { get; set; } = 1024;

    /// <summary>The longest tokenized prompt; 0 leaves it to <see cref="MaxLength"/> alone. Online runs keep a longer prompt's end.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1 << 20)]
    public int MaxPromptLength { get; set; }

    /// <summary>
    /// The longest tokenized completion; 0 leaves it to <see cref="MaxLength"/> alone. In an online run it also caps
    /// how far a rollout decodes (with <c>Generation:MaxNewTokens</c>, the smaller of the two).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1 << 20)]
    public int MaxCompletionLength { get; set; }

    /// <summary>
    /// Rows longer than the limits: <c>truncate</c> (keep the most recent prompt turns, then cut the
    /// completion's end), <c>drop</c> them, or stop with an <c>error</c> naming the row. The count is reported at start.
    /// </summary>
    [System.ComponentModel.DataAnnotations.AllowedValues("truncate", "drop", "error")]
    public string OverLength { get; set; } = "truncate";

    /// <summary>
    /// The chat template conversational rows are rendered with, overriding or supplying the tokenizer's: a built-in
    /// name (<c>plain</c> joins turns as "Human:"/"Assistant:" text, <c>chatml</c>) or a file holding a Jinja template.
    /// Unset, the tokenizer's own <c>chat_template</c> is used.
    /// </summary>
    public string? ChatTemplate { get; set; }

    /// <summary>The loader's own settings (<c>Data:Options:*</c>), checked at start-up against the options class the loader declares (<see cref="Plugins.IConfigurablePlugin"/>), else passed through for the loader to check.</summary>
    public IConfiguration? Options { get; set; }
}
