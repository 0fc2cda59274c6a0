namespace Halos.Tokenizers.Models;

/// <summary>A token the model produced, with its char span inside the pre-token's text.</summary>
internal readonly record struct ModelToken(int Id, int Start, int End);
