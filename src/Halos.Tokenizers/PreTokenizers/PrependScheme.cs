namespace Halos.Tokenizers.PreTokenizers;

/// <summary>When Metaspace puts the replacement char in front of a piece.</summary>
internal enum PrependScheme
{
    Always,
    First,
    Never,
}
