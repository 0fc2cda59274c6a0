namespace Halos.Abstractions.Generation;

/// <summary>Why a completion ended: <c>"stop"</c> (an end-of-sequence token or a stop string) or <c>"length"</c> (max_new_tokens).</summary>
public enum FinishReason
{
    Stop,
    Length,
}

public static class FinishReasons
{
    /// <summary>The name OpenAI's and vLLM's outputs use, which <c>halos sample</c> writes.</summary>
    public static string WireName(this FinishReason reason) => reason == FinishReason.Stop ? "stop" : "length";
}
