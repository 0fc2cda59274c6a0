using System.Text;
using Halos.Abstractions.Data;

namespace CsvPreferenceLoader;

/// <summary>
/// RFC 4180 records: fields separated by the delimiter, optionally in double quotes, where a quoted field may
/// hold delimiters, newlines and doubled quotes (""). Each record remembers the line it starts on, for errors.
/// </summary>
public sealed class CsvRecordReader(TextReader reader, char delimiter, string sourceName)
{
    private long _line = 1;

    public sealed record Record(long Line, IReadOnlyList<string> Fields);

    public Record? Next()
    {
        if (reader.Peek() < 0) return null;
        var start = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var fieldStart = true;
        while (true)
        {
            var c = reader.Read();
            if (quoted)
            {
                if (c < 0) throw new DataFormatException(sourceName, start, "a quoted field is not closed before the end of the file");
                if (c == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') _line++;
                    field.Append((char)c);
                }
                continue;
            }
            if (c < 0 || c == '\n')
            {
                if (c == '\n') _line++;
                if (field.Length > 0 && field[^1] == '\r') field.Length--;
                fields.Add(field.ToString());
                return new Record(start, fields);
            }
            if (c == '"' && fieldStart) { quoted = true; fieldStart = false; continue; }
            if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldStart = true;
                continue;
            }
            field.Append((char)c);
            fieldStart = false;
        }
    }
}
