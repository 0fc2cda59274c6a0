using Halos.Templates.Lexing;

namespace Halos.Templates.Syntax;

/// <summary>
/// Builds the statement tree from tokens. Tags it does not know, stray end tags and blocks left
/// open are syntax errors with the line and column of the offending tag.
/// </summary>
public sealed partial class Parser
{
    readonly List<Token> tokens;
    int position;

    Parser(List<Token> tokens) => this.tokens = tokens;

    public static IReadOnlyList<Statement> Parse(string source, WhitespaceOptions? options = null)
    {
        var parser = new Parser(Lexer.Tokenize(source, options));
        var (body, _) = parser.ParseBody(null, 0);
        return body;
    }

    Token Current => tokens[position];

    Token PeekAt(int offset) => tokens[Math.Min(position + offset, tokens.Count - 1)];

    Token Next() => tokens[position++];

    /// <summary>
    /// Parses statements until one of <paramref name="endTags"/> opens a tag; returns the body and
    /// that tag's name token, leaving the rest of the end tag for the caller.
    /// </summary>
    (List<Statement> Body, Token EndTag) ParseBody(string? opener, int openerLine, params string[] endTags)
    {
        var body = new List<Statement>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Text:
                    Next();
                    body.Add(new TextStatement(token.Value, token.Line));
                    break;
                case TokenKind.VariableBegin:
                    Next();
                    var value = ParseExpression();
                    Expect(TokenKind.VariableEnd, "}}");
                    body.Add(new OutputStatement(value, token.Line));
                    break;
                case TokenKind.BlockBegin:
                    var name = PeekAt(1);
                    if (name.Kind == TokenKind.Name && endTags.Contains(name.Value))
                    {
                        position += 2;
                        return (body, name);
                    }
                    Next();
                    body.Add(ParseTag());
                    break;
                case TokenKind.EndOfTemplate:
                    if (opener is null) return (body, token);
                    throw new TemplateSyntaxException(
                        $"unexpected end of template: the {{% {opener} %}} block opened at line {openerLine} is never closed (expected {string.Join(" or ", endTags.Select(t => $"{{% {t} %}}"))})",
                        token.Line, token.Column);
                default:
                    throw Unexpected(token);
            }
        }
    }

    Statement ParseTag()
    {
        var tag = Current;
        if (tag.Kind != TokenKind.Name) throw new TemplateSyntaxException($"expected a tag name, got {tag}", tag.Line, tag.Column);
        Next();
        return tag.Value switch
        {
            "if" => ParseIf(tag),
            "for" => ParseFor(tag),
            "set" => ParseSet(tag),
            "macro" => ParseMacro(tag),
            "call" => ParseCallBlock(tag),
            "filter" => ParseFilterBlock(tag),
            "generation" => ParseGeneration(tag),
            "break" => EndTag(new BreakStatement(tag.Line)),
            "continue" => EndTag(new ContinueStatement(tag.Line)),
            "do" => EndTag(new DoStatement(ParseExpression(), tag.Line)),
            var name when name.StartsWith("end", StringComparison.Ordinal) || name is "else" or "elif" =>
                throw new TemplateSyntaxException($"unexpected '{{% {name} %}}' with no open block to close", tag.Line, tag.Column),
            var name => throw new TemplateSyntaxException($"unknown tag '{name}'", tag.Line, tag.Column),
        };
    }

    Statement EndTag(Statement statement)
    {
        Expect(TokenKind.BlockEnd, "%}");
        return statement;
    }

    Statement ParseIf(Token tag)
    {
        var branches = new List<(Expression, IReadOnlyList<Statement>)>();
        var condition = ParseExpression();
        while (true)
        {
            Expect(TokenKind.BlockEnd, "%}");
            var (body, end) = ParseBody("if", tag.Line, "elif", "else", "endif");
            branches.Add((condition, body));
            if (end.Value == "elif")
            {
                condition = ParseExpression();
                continue;
            }
            if (end.Value == "else")
            {
                Expect(TokenKind.BlockEnd, "%}");
                var (elseBody, _) = ParseBody("if", tag.Line, "endif");
                Expect(TokenKind.BlockEnd, "%}");
                return new IfStatement(branches, elseBody, tag.Line);
            }
            Expect(TokenKind.BlockEnd, "%}");
            return new IfStatement(branches, null, tag.Line);
        }
    }

    Statement ParseFor(Token tag)
    {
        var target = ParseAssignTarget(allowAttribute: false);
        ExpectName("in");
        var iterable = ParseExpression(withConditional: false);
        Expression? filter = null;
        if (Current.IsName("if"))
        {
            Next();
            filter = ParseExpression(withConditional: false);
        }
        bool recursive = false;
        if (Current.IsName("recursive"))
        {
            Next();
            recursive = true;
        }
        Expect(TokenKind.BlockEnd, "%}");
        var (body, end) = ParseBody("for", tag.Line, "else", "endfor");
        List<Statement>? elseBody = null;
        if (end.Value == "else")
        {
            Expect(TokenKind.BlockEnd, "%}");
            (elseBody, _) = ParseBody("for", tag.Line, "endfor");
        }
        Expect(TokenKind.BlockEnd, "%}");
        return new ForStatement(target, iterable, filter, body, elseBody, recursive, tag.Line);
    }

    Statement ParseSet(Token tag)
    {
        var target = ParseAssignTarget(allowAttribute: true);
        if (Current.Kind == TokenKind.BlockEnd)
        {
            Next();
            var (body, _) = ParseBody("set", tag.Line, "endset");
            Expect(TokenKind.BlockEnd, "%}");
            return new SetBlockStatement(target, body, tag.Line);
        }
        Expect(TokenKind.Operator, "=");
        var value = ParseTupleOrExpression();
        Expect(TokenKind.BlockEnd, "%}");
        return new SetStatement(target, value, tag.Line);
    }

    AssignTarget ParseAssignTarget(bool allowAttribute)
    {
        bool parenthesised = Current.IsOperator("(");
        if (parenthesised) Next();
        var items = new List<AssignTarget> { ParseSingleTarget(allowAttribute) };
        while (Current.IsOperator(","))
        {
            Next();
            items.Add(ParseSingleTarget(allowAttribute));
        }
        if (parenthesised) Expect(TokenKind.Operator, ")");
        return items.Count == 1 && !parenthesised ? items[0] : new TupleTarget(items);
    }

    AssignTarget ParseSingleTarget(bool allowAttribute)
    {
        var name = ExpectKind(TokenKind.Name, "a variable name");
        if (allowAttribute && Current.IsOperator("."))
        {
            Next();
            var attribute = ExpectKind(TokenKind.Name, "an attribute name");
            return new AttributeTarget(name.Value, attribute.Value);
        }
        return new NameTarget(name.Value);
    }

    Statement ParseMacro(Token tag)
    {
        var name = ExpectKind(TokenKind.Name, "a macro name");
        var parameters = ParseParameters();
        Expect(TokenKind.BlockEnd, "%}");
        var (body, _) = ParseBody("macro", tag.Line, "endmacro");
        if (Current.Kind == TokenKind.Name) Next(); // {% endmacro name %}
        Expect(TokenKind.BlockEnd, "%}");
        return new MacroStatement(name.Value, parameters, body, tag.Line);
    }

    List<MacroParameter> ParseParameters()
    {
        var parameters = new List<MacroParameter>();
        Expect(TokenKind.Operator, "(");
        while (!Current.IsOperator(")"))
        {
            if (parameters.Count > 0) Expect(TokenKind.Operator, ",");
            if (Current.IsOperator(")")) break;
            var name = ExpectKind(TokenKind.Name, "a parameter name");
            Expression? fallback = null;
            if (Current.IsOperator("="))
            {
                Next();
                fallback = ParseExpression();
            }
            parameters.Add(new MacroParameter(name.Value, fallback));
        }
        Next();
        return parameters;
    }

    Statement ParseCallBlock(Token tag)
    {
        var callerParameters = Current.IsOperator("(") ? ParseParameters() : [];
        var call = ParseExpression() as CallExpression
            ?? throw new TemplateSyntaxException("{% call %} expects a macro call such as 'call my_macro(x)'", tag.Line, tag.Column);
        Expect(TokenKind.BlockEnd, "%}");
        var (body, _) = ParseBody("call", tag.Line, "endcall");
        Expect(TokenKind.BlockEnd, "%}");
        return new CallBlockStatement(call, callerParameters, body, tag.Line);
    }

    Statement ParseFilterBlock(Token tag)
    {
        Expression filter = new LiteralExpression(null, tag.Line);
        do
        {
            if (filter is FilterExpression) Next(); // the '|' between chained filters
            filter = ParseFilter(filter);
        } while (Current.IsOperator("|"));
        Expect(TokenKind.BlockEnd, "%}");
        var (body, _) = ParseBody("filter", tag.Line, "endfilter");
        Expect(TokenKind.BlockEnd, "%}");
        return new FilterBlockStatement((FilterExpression)filter, body, tag.Line);
    }

    Statement ParseGeneration(Token tag)
    {
        Expect(TokenKind.BlockEnd, "%}");
        var (body, _) = ParseBody("generation", tag.Line, "endgeneration");
        Expect(TokenKind.BlockEnd, "%}");
        return new GenerationStatement(body, tag.Line);
    }

    Token Expect(TokenKind kind, string value)
    {
        var token = Current;
        if (token.Kind != kind || token.Value != value)
            throw new TemplateSyntaxException($"expected '{value}', got {token}", token.Line, token.Column);
        return Next();
    }

    void ExpectName(string name) => Expect(TokenKind.Name, name);

    Token ExpectKind(TokenKind kind, string description)
    {
        var token = Current;
        if (token.Kind != kind) throw new TemplateSyntaxException($"expected {description}, got {token}", token.Line, token.Column);
        return Next();
    }

    static TemplateSyntaxException Unexpected(Token token) =>
        new($"unexpected {token}", token.Line, token.Column);
}
