namespace Halos.Losses.Compilation;

/// <summary>A script did not compile, or was refused; each diagnostic reads <c>file(line,col): error ID: text</c>.</summary>
public sealed class LossCompilationException(string path, IReadOnlyList<string> diagnostics)
    : Exception($"{path} did not compile:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}")
{
    public string ScriptPath { get; } = path;
    public IReadOnlyList<string> Diagnostics { get; } = diagnostics;
}
