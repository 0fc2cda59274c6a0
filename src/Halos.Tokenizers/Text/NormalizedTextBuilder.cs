using System.Text;

namespace Halos.Tokenizers.Text;

/// <summary>Accumulates the output of a normalizer char by char, keeping each char's original span.</summary>
internal sealed class NormalizedTextBuilder
{
    private readonly StringBuilder _text;
    private readonly List<int> _starts;
    private readonly List<int> _ends;
    private readonly int _originalEnd;

    public NormalizedTextBuilder(NormalizedText source)
    {
        _text = new StringBuilder(source.Text.Length + 8);
        _starts = new List<int>(source.Text.Length + 8);
        _ends = new List<int>(source.Text.Length + 8);
        _originalEnd = source.End;
    }

    public void Append(char c, int originalStart, int originalEnd)
    {
        _text.Append(c);
        _starts.Add(originalStart);
        _ends.Add(originalEnd);
    }

    public void Append(ReadOnlySpan<char> chars, int originalStart, int originalEnd)
    {
        foreach (var c in chars) Append(c, originalStart, originalEnd);
    }

    /// <summary>Copies chars [from, to) of <paramref name="source"/> unchanged, with their alignment.</summary>
    public void Copy(NormalizedText source, int from, int to)
    {
        for (var i = from; i < to; i++) Append(source.Text[i], source.StartOf(i), source.EndOf(i));
    }

    public NormalizedText Build() => new(_text.ToString(), _starts.ToArray(), _ends.ToArray(), _originalEnd);
}
