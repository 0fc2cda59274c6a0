using System.Globalization;

namespace Halos.Tokenizers.Text;

/// <summary>General-category names as written in \p{...}, short and long forms.</summary>
internal static class UnicodeCategoryNames
{
    private static readonly Dictionary<string, (string Net, UnicodeCategory[] Categories)> Table = Build();

    public static UnicodeCategory[]? Resolve(string name) => Table.TryGetValue(name, out var e) ? e.Categories : null;

    public static string NetName(string name) => Table[name].Net;

    private static Dictionary<string, (string, UnicodeCategory[])> Build()
    {
        var t = new Dictionary<string, (string, UnicodeCategory[])>(StringComparer.Ordinal);
        void Add(string shortName, string longName, params UnicodeCategory[] cats)
        {
            t[shortName] = (shortName, cats);
            t[longName] = (shortName, cats);
        }
        Add("Lu", "Uppercase_Letter", UnicodeCategory.UppercaseLetter);
        Add("Ll", "Lowercase_Letter", UnicodeCategory.LowercaseLetter);
        Add("Lt", "Titlecase_Letter", UnicodeCategory.TitlecaseLetter);
        Add("Lm", "Modifier_Letter", UnicodeCategory.ModifierLetter);
        Add("Lo", "Other_Letter", UnicodeCategory.OtherLetter);
        Add("L", "Letter", UnicodeCategory.UppercaseLetter, UnicodeCategory.LowercaseLetter, UnicodeCategory.TitlecaseLetter,
            UnicodeCategory.ModifierLetter, UnicodeCategory.OtherLetter);
        Add("Mn", "Nonspacing_Mark", UnicodeCategory.NonSpacingMark);
        Add("Mc", "Spacing_Mark", UnicodeCategory.SpacingCombiningMark);
        Add("Me", "Enclosing_Mark", UnicodeCategory.EnclosingMark);
        Add("M", "Mark", UnicodeCategory.NonSpacingMark, UnicodeCategory.SpacingCombiningMark, UnicodeCategory.EnclosingMark);
        Add("Nd", "Decimal_Number", UnicodeCategory.DecimalDigitNumber);
        Add("Nl", "Letter_Number", UnicodeCategory.LetterNumber);
        Add("No", "Other_Number", UnicodeCategory.OtherNumber);
        Add("N", "Number", UnicodeCategory.DecimalDigitNumber, UnicodeCategory.LetterNumber, UnicodeCategory.OtherNumber);
        Add("Pc", "Connector_Punctuation", UnicodeCategory.ConnectorPunctuation);
        Add("Pd", "Dash_Punctuation", UnicodeCategory.DashPunctuation);
        Add("Ps", "Open_Punctuation", UnicodeCategory.OpenPunctuation);
        Add("Pe", "Close_Punctuation", UnicodeCategory.ClosePunctuation);
        Add("Pi", "Initial_Punctuation", UnicodeCategory.InitialQuotePunctuation);
        Add("Pf", "Final_Punctuation", UnicodeCategory.FinalQuotePunctuation);
        Add("Po", "Other_Punctuation", UnicodeCategory.OtherPunctuation);
        Add("P", "Punctuation", UnicodeCategory.ConnectorPunctuation, UnicodeCategory.DashPunctuation, UnicodeCategory.OpenPunctuation,
            UnicodeCategory.ClosePunctuation, UnicodeCategory.InitialQuotePunctuation, UnicodeCategory.FinalQuotePunctuation,
            UnicodeCategory.OtherPunctuation);
        Add("Sm", "Math_Symbol", UnicodeCategory.MathSymbol);
        Add("Sc", "Currency_Symbol", UnicodeCategory.CurrencySymbol);
        Add("Sk", "Modifier_Symbol", UnicodeCategory.ModifierSymbol);
        Add("So", "Other_Symbol", UnicodeCategory.OtherSymbol);
        Add("S", "Symbol", UnicodeCategory.MathSymbol, UnicodeCategory.CurrencySymbol, UnicodeCategory.ModifierSymbol, UnicodeCategory.OtherSymbol);
        Add("Zs", "Space_Separator", UnicodeCategory.SpaceSeparator);
        Add("Zl", "Line_Separator", UnicodeCategory.LineSeparator);
        Add("Zp", "Paragraph_Separator", UnicodeCategory.ParagraphSeparator);
        Add("Z", "Separator", UnicodeCategory.SpaceSeparator, UnicodeCategory.LineSeparator, UnicodeCategory.ParagraphSeparator);
        Add("Cc", "Control", UnicodeCategory.Control);
        Add("Cf", "Format", UnicodeCategory.Format);
        Add("Cs", "Surrogate", UnicodeCategory.Surrogate);
        Add("Co", "Private_Use", UnicodeCategory.PrivateUse);
        Add("Cn", "Unassigned", UnicodeCategory.OtherNotAssigned);
        Add("C", "Other", UnicodeCategory.Control, UnicodeCategory.Format, UnicodeCategory.Surrogate, UnicodeCategory.PrivateUse,
            UnicodeCategory.OtherNotAssigned);
        return t;
    }
}
