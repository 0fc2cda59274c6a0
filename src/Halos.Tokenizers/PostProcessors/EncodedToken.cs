namespace Halos.Tokenizers.PostProcessors;

/// <summary>A token on its way into an <see cref="Encoding"/>: id, original char span, segment, specialness.</summary>
internal record struct EncodedToken(int Id, int Start, int End, int TypeId, bool Special);
