namespace Halos.Losses.Inputs;

/// <summary>An inputs JSON file is malformed; the message names the file and the key.</summary>
public sealed class InputsFormatException(string message) : Exception(message);
