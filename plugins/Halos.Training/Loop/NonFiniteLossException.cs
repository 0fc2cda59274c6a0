namespace Halos.Training.Loop;

/// <summary>The run gave up after too many optimiser steps with a non-finite loss or gradient norm; the message names the step.</summary>
public sealed class NonFiniteLossException(long step, string message) : Exception(message)
{
    /// <summary>The 1-based optimiser step at which the run aborted.</summary>
    public long Step { get; } = step;
}
