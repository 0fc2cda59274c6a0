namespace Halos.Training.Judges;

/// <summary>The judge's endpoint kept failing after every retry; the run stops (its last checkpoint intact).</summary>
public sealed class JudgeUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
