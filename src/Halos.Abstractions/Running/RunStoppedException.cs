namespace Halos.Abstractions.Running;

/// <summary>
/// A run stopped on an error it could stop cleanly from (a loss script past its time limit): the loop saved a
/// checkpoint of the last completed step first, at <see cref="CheckpointPath"/> (null when no step had completed).
/// </summary>
public sealed class RunStoppedException(string message, string? checkpointPath, Exception inner) : Exception(message, inner)
{
    public string? CheckpointPath { get; } = checkpointPath;
}
