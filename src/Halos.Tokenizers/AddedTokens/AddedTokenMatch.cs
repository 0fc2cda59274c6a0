namespace Halos.Tokenizers.AddedTokens;

/// <summary>An added token found in text; the span includes any whitespace it stripped.</summary>
internal readonly record struct AddedTokenMatch(int Start, int End, AddedToken Token);
