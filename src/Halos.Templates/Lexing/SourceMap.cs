namespace Halos.Templates.Lexing;

/// <summary>Maps a character offset in the template source to a 1-based line and column.</summary>
public sealed class SourceMap
{
    readonly List<int> lineStarts = [0];

    public SourceMap(string source)
    {
        for (int i = 0; i < source.Length; i++)
            if (source[i] == '\n') lineStarts.Add(i + 1);
    }

    public (int Line, int Column) Locate(int offset)
    {
        int index = lineStarts.BinarySearch(offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - lineStarts[index] + 1);
    }
}
