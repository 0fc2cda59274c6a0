namespace Halos.Templates.Syntax;

/// <summary>An expression inside <c>{{ }}</c> or a tag. <see cref="Line"/> is where it starts, for error messages.</summary>
public abstract record Expression(int Line);

public sealed record LiteralExpression(object? Value, int Line) : Expression(Line);

public sealed record NameExpression(string Name, int Line) : Expression(Line);

public sealed record ListExpression(IReadOnlyList<Expression> Items, int Line) : Expression(Line);

/// <summary>A tuple literal; the interpreter represents tuples as lists.</summary>
public sealed record TupleExpression(IReadOnlyList<Expression> Items, int Line) : Expression(Line);

public sealed record DictExpression(IReadOnlyList<(Expression Key, Expression Value)> Entries, int Line) : Expression(Line);

/// <summary><c>obj.name</c>: attribute first, then item, as Jinja's getattr does.</summary>
public sealed record AttributeExpression(Expression Target, string Name, int Line) : Expression(Line);

/// <summary><c>obj[key]</c>: item first, then attribute.</summary>
public sealed record ItemExpression(Expression Target, Expression Key, int Line) : Expression(Line);

public sealed record SliceExpression(Expression Target, Expression? Start, Expression? Stop, Expression? Step, int Line) : Expression(Line);

public sealed record CallExpression(
    Expression Callee,
    IReadOnlyList<Expression> Positional,
    IReadOnlyList<(string Name, Expression Value)> Named,
    int Line) : Expression(Line);

/// <summary><c>value | name(args)</c>; the filter name is checked against the known set at parse time.</summary>
public sealed record FilterExpression(
    Expression Value,
    string Name,
    IReadOnlyList<Expression> Positional,
    IReadOnlyList<(string Name, Expression Value)> Named,
    int Line) : Expression(Line);

/// <summary><c>value is [not] name(args)</c>.</summary>
public sealed record TestExpression(Expression Value, string Name, IReadOnlyList<Expression> Arguments, bool Negated, int Line)
    : Expression(Line);

public sealed record UnaryExpression(string Operator, Expression Operand, int Line) : Expression(Line);

/// <summary>Arithmetic, <c>~</c>, comparisons, <c>in</c>/<c>not in</c>, <c>and</c>/<c>or</c>.</summary>
public sealed record BinaryExpression(string Operator, Expression Left, Expression Right, int Line) : Expression(Line);

/// <summary><c>then if condition else otherwise</c>; without <c>else</c> the result is undefined.</summary>
public sealed record ConditionalExpression(Expression Condition, Expression Then, Expression? Otherwise, int Line) : Expression(Line);
