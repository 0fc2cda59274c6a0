namespace Halos.Host.Cli;

/// <summary>
/// One verb of the CLI (<c>train</c>, <c>plugins list</c>, ...). The dispatcher parses the global options and
/// the verb's declared <see cref="Options"/>, prints help consistently from them, and maps exceptions to exit codes.
/// </summary>
public abstract class Verb
{
    /// <summary>One or two words: "train", "plugins list".</summary>
    public abstract string Name { get; }

    /// <summary>One line for <c>halos --help</c>.</summary>
    public abstract string Summary { get; }

    /// <summary>More lines for <c>halos VERB --help</c>.</summary>
    public virtual string Details => "";

    public virtual IReadOnlyList<VerbOption> Options => [];

    /// <summary>Positional arguments, in order (only the last may take many values).</summary>
    public virtual IReadOnlyList<VerbArgument> Arguments => [];

    /// <summary>
    /// What the verb reads and writes, for <c>halos VERB --help</c>: the input format (one line per field or row shape).
    /// </summary>
    public virtual string InputFormat => "";

    /// <summary>
    /// A verb that prints the configuration's errors itself (<c>config show</c>, beside the table). Every other verb has
    /// its command line's overrides checked before it runs.
    /// </summary>
    public virtual bool ReportsConfigurationErrors => false;

    public abstract int Run(VerbContext context);
}
