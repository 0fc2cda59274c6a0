namespace Halos.Abstractions.Models;

/// <summary>
/// What a generative model keeps between decoding steps: the keys and values of every layer, and which of the past
/// positions are padding. It is opaque to callers on purpose: the layout (grouped-query heads, a sliding window, a
/// paged cache) is the model plugin's business, and only the model that made it can read it.
/// </summary>
public interface IDecodingCache : IDisposable
{
    /// <summary>How many positions (prompt padding included) the cache holds.</summary>
    long Length { get; }
}
