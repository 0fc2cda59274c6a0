namespace Halos.Abstractions.Training;

/// <summary>How examples become tensors: the token budget per sequence (prompt + completion).</summary>
public sealed record CollateOptions(int MaxLength);
