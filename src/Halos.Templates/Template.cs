using Halos.Templates.Lexing;
using Halos.Templates.Runtime;
using Halos.Templates.Syntax;
using Halos.Templates.Values;

namespace Halos.Templates;

/// <summary>
/// A parsed Jinja template. Parse once, render many times; rendering does not mutate the template.
/// <code>
/// var template = Template.Parse("{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}");
/// string text = template.Render(new Dictionary&lt;string, object?&gt; { ["messages"] = messages });
/// </code>
/// </summary>
public sealed class Template
{
    readonly IReadOnlyList<Statement> body;

    Template(string source, IReadOnlyList<Statement> body)
    {
        Source = source;
        this.body = body;
    }

    public string Source { get; }

    /// <summary>Where <c>strftime_now</c> reads the time; replace it to make date-stamping templates reproducible.</summary>
    public Func<DateTime> Clock { get; init; } = () => DateTime.Now;

    /// <summary>Parses <paramref name="source"/>; whitespace defaults to Hugging Face's trim_blocks + lstrip_blocks.</summary>
    /// <exception cref="TemplateSyntaxException">Malformed template, unknown tag/filter/test, or an unclosed block.</exception>
    public static Template Parse(string source, WhitespaceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new Template(source, Parser.Parse(source, options));
    }

    /// <summary>
    /// Renders with <paramref name="variables"/> as the top-level names. Values may be primitives,
    /// lists, dictionaries, <see cref="System.Text.Json.JsonElement"/> or JSON nodes.
    /// </summary>
    /// <exception cref="TemplateRuntimeException">A type error or similar while rendering, with the template line.</exception>
    /// <exception cref="TemplateRaisedException">The template called <c>raise_exception</c>.</exception>
    /// <param name="clock">Overrides <see cref="Clock"/> for this render.</param>
    public string Render(IEnumerable<KeyValuePair<string, object?>>? variables = null, Func<DateTime>? clock = null)
    {
        var globals = new Frame(null);
        foreach (var (name, value) in BuiltinGlobals.Create(clock ?? Clock)) globals.Set(name, value);
        var context = new Frame(globals);
        if (variables is not null)
            foreach (var (name, value) in variables) context.Set(name, TemplateValue.From(value));
        return new Renderer().RenderToString(body, new Frame(context));
    }
}
