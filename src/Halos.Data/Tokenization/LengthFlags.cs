using System.Globalization;
using Halos.Abstractions.Options;

namespace Halos.Data.Tokenization;

/// <summary>
/// The length-limit flags of the verbs that encode data outside a run (<c>data inspect</c>, <c>logprobs</c>):
/// <c>--max-length N</c>, <c>--max-prompt-length N</c>, <c>--max-completion-length N</c>, <c>--over-length P</c>,
/// each also spelt as its configuration key (<c>--Data:MaxLength=N</c>), so a value copied from a profile works.
/// Unset, each takes the <c>Data</c> section's default, so what these verbs show is what <c>train</c> would do.
/// </summary>
public sealed class LengthFlags
{
    public const string Synopsis = "[--max-length N] [--max-prompt-length N] [--max-completion-length N] [--over-length truncate|drop|error]";

    private static readonly (string Flag, string Key)[] Names =
    [
        ("--max-length", $"{DataOptions.Section}:{nameof(DataOptions.MaxLength)}"),
        ("--max-prompt-length", $"{DataOptions.Section}:{nameof(DataOptions.MaxPromptLength)}"),
        ("--max-completion-length", $"{DataOptions.Section}:{nameof(DataOptions.MaxCompletionLength)}"),
        ("--over-length", $"{DataOptions.Section}:{nameof(DataOptions.OverLength)}"),
    ];

    private readonly DataOptions _values = new();

    /// <summary>Whether any limit was given on the command line.</summary>
    public bool Any { get; private set; }

    /// <summary>
    /// Takes the flag at <paramref name="index"/> (and its value) when it is a length flag, moving
    /// <paramref name="index"/> past it; throws <see cref="ArgumentException"/> naming the flag on a bad value.
    /// </summary>
    public bool TryTake(IReadOnlyList<string> args, ref int index)
    {
        var arg = args[index];
        var equals = arg.IndexOf('=');
        var name = equals > 0 ? arg[..equals] : arg;
        var match = Names.FirstOrDefault(n => n.Flag == name || string.Equals($"--{n.Key}", name, StringComparison.OrdinalIgnoreCase));
        if (match.Flag is null) return false;
        string value;
        if (equals > 0) value = arg[(equals + 1)..];
        else if (index + 1 < args.Count) value = args[++index];
        else throw new ArgumentException($"{name} needs a value");
        Set(match.Flag, name, value);
        Any = true;
        return true;
    }

    /// <summary>The limits as the encoder applies them (the over-length policy parsed, the budgets checked together).</summary>
    public EncodingOptions ToOptions()
    {
        var options = new EncodingOptions
        {
            MaxLength = _values.MaxLength,
            MaxPromptLength = _values.MaxPromptLength,
            MaxCompletionLength = _values.MaxCompletionLength,
            OverLength = EncodingOptions.ParsePolicy(_values.OverLength, "--over-length"),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException(e.Message.Split(" (Parameter")[0]);
        }
        return options;
    }

    private void Set(string flag, string spelt, string value)
    {
        if (flag == "--over-length")
        {
            if (value.Trim().ToLowerInvariant() is not ("truncate" or "drop" or "error"))
                throw new ArgumentException($"{spelt}: '{value}' is not an over-length policy; expected truncate, drop or error");
            _values.OverLength = value.Trim().ToLowerInvariant();
            return;
        }
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 1 << 20)
            throw new ArgumentException($"{spelt}: '{value}' is not a whole number from 0 to {1 << 20}");
        switch (flag)
        {
            case "--max-length": _values.MaxLength = n; break;
            case "--max-prompt-length": _values.MaxPromptLength = n; break;
            default: _values.MaxCompletionLength = n; break;
        }
    }
}
