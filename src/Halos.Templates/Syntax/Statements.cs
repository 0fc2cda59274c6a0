namespace Halos.Templates.Syntax;

/// <summary>A node of the template body: text, an output, or a control tag.</summary>
public abstract record Statement(int Line);

public sealed record TextStatement(string Text, int Line) : Statement(Line);

public sealed record OutputStatement(Expression Value, int Line) : Statement(Line);

public sealed record IfStatement(IReadOnlyList<(Expression Condition, IReadOnlyList<Statement> Body)> Branches, IReadOnlyList<Statement>? Else, int Line)
    : Statement(Line);

public sealed record ForStatement(
    AssignTarget Target,
    Expression Iterable,
    Expression? Filter,
    IReadOnlyList<Statement> Body,
    IReadOnlyList<Statement>? Else,
    bool Recursive,
    int Line) : Statement(Line);

public sealed record SetStatement(AssignTarget Target, Expression Value, int Line) : Statement(Line);

/// <summary><c>{% set name %}...{% endset %}</c>: captures the rendered body as a string.</summary>
public sealed record SetBlockStatement(AssignTarget Target, IReadOnlyList<Statement> Body, int Line) : Statement(Line);

public sealed record MacroParameter(string Name, Expression? Default);

public sealed record MacroStatement(string Name, IReadOnlyList<MacroParameter> Parameters, IReadOnlyList<Statement> Body, int Line)
    : Statement(Line);

/// <summary><c>{% call macro(args) %}body{% endcall %}</c>: the macro sees the body as <c>caller()</c>.</summary>
public sealed record CallBlockStatement(CallExpression Call, IReadOnlyList<MacroParameter> CallerParameters, IReadOnlyList<Statement> Body, int Line)
    : Statement(Line);

/// <summary><c>{% filter upper %}body{% endfilter %}</c>: applies a filter to the rendered body.</summary>
public sealed record FilterBlockStatement(FilterExpression Filter, IReadOnlyList<Statement> Body, int Line) : Statement(Line);

/// <summary>
/// <c>{% generation %}...{% endgeneration %}</c>: marks assistant text for transformers' assistant
/// mask; here it renders its body unchanged.
/// </summary>
public sealed record GenerationStatement(IReadOnlyList<Statement> Body, int Line) : Statement(Line);

public sealed record BreakStatement(int Line) : Statement(Line);

public sealed record ContinueStatement(int Line) : Statement(Line);

/// <summary><c>{% do expr %}</c>: evaluates for side effects (e.g. <c>list.append</c>).</summary>
public sealed record DoStatement(Expression Value, int Line) : Statement(Line);

/// <summary>Where <c>set</c> and <c>for</c> store values: a name, <c>ns.attr</c>, or a tuple of targets.</summary>
public abstract record AssignTarget;

public sealed record NameTarget(string Name) : AssignTarget;

public sealed record AttributeTarget(string Object, string Attribute) : AssignTarget;

public sealed record TupleTarget(IReadOnlyList<AssignTarget> Items) : AssignTarget;
