namespace Halos.Templates;

/// <summary>
/// Any failure to parse or render a template. <see cref="Line"/> and <see cref="Column"/> point into
/// the template source (1-based) so a broken chat template can be fixed without guessing.
/// </summary>
public class TemplateException : Exception
{
    public int Line { get; }
    public int Column { get; }

    /// <summary>The message without the "line N" prefix.</summary>
    public string Reason { get; }

    public TemplateException(string reason, int line, int column = 0, Exception? inner = null)
        : base(FormatMessage(reason, line, column), inner)
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    protected TemplateException(string message, string reason, int line, int column)
        : base(message)
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    static string FormatMessage(string reason, int line, int column) =>
        line <= 0 ? reason
        : column > 0 ? $"template line {line}, column {column}: {reason}"
        : $"template line {line}: {reason}";
}

/// <summary>The template text is malformed or uses a construct this interpreter does not know.</summary>
public sealed class TemplateSyntaxException(string reason, int line, int column)
    : TemplateException(reason, line, column);

/// <summary>The template parsed but failed while rendering (type error, undefined value, ...).</summary>
public sealed class TemplateRuntimeException(string reason, int line, Exception? inner = null)
    : TemplateException(reason, line, 0, inner);

/// <summary>
/// The template itself called <c>raise_exception(msg)</c>, as chat templates do to reject a
/// conversation shape. <see cref="Exception.Message"/> is exactly the template's message.
/// </summary>
public sealed class TemplateRaisedException(string message, int line)
    : TemplateException(message, message, line, 0);
