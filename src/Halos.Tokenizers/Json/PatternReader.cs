using System.Text.RegularExpressions;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Json;

/// <summary>Reads HF's {"String": ...} or {"Regex": ...} pattern objects into .NET regexes.</summary>
internal static class PatternReader
{
    public static UnicodeRegex Read(JsonSection pattern)
    {
        if (pattern.IsNull) throw pattern.Error("missing pattern");
        if (pattern.Has("String"))
            {
            var literal = new Regex(Regex.Escape(pattern.RequiredString("String")), RegexOptions.CultureInvariant);
            return new UnicodeRegex(literal, literal);
        }
        if (pattern.Has("Regex"))
        {
            var source = pattern.RequiredString("Regex");
            try
            {
                return OnigurumaPattern.Compile(source);
            }
            catch (ArgumentException e)
            {
                throw pattern.Child("Regex").Error($"cannot use regex: {e.Message}");
            }
        }
        throw pattern.Error("expected an object with \"String\" or \"Regex\"");
    }
}
