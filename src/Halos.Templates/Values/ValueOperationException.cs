namespace Halos.Templates.Values;

/// <summary>
/// A value-level failure (wrong operand types, bad argument) raised below the interpreter, which
/// knows no template line; the renderer rethrows it as <see cref="TemplateRuntimeException"/> with the line.
/// </summary>
public sealed class ValueOperationException(string message) : Exception(message);
