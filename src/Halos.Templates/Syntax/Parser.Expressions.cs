using Halos.Templates.Lexing;
using Halos.Templates.Runtime;

namespace Halos.Templates.Syntax;

// Expression grammar, loosest binding first, as Jinja orders it:
// conditional > or > and > not > comparison/in > + - > ~ > * / // % > ** > unary > postfix/filter/test.
public sealed partial class Parser
{
    static readonly HashSet<string> ComparisonOperators = ["==", "!=", "<", ">", "<=", ">="];

    /// <summary>Words that end a bare test argument (<c>x is divisibleby 3 and ...</c>).</summary>
    static readonly HashSet<string> TestArgumentStoppers = ["else", "or", "and", "if", "is", "in", "not", "recursive"];

    Expression ParseExpression(bool withConditional = true)
    {
        var expression = ParseOr();
        while (withConditional && Current.IsName("if"))
        {
            int line = Next().Line;
            var condition = ParseOr();
            Expression? otherwise = null;
            if (Current.IsName("else"))
            {
                Next();
                otherwise = ParseExpression();
            }
            expression = new ConditionalExpression(condition, expression, otherwise, line);
        }
        return expression;
    }

    /// <summary>An expression, or a bare tuple <c>a, b</c> as the right side of <c>set</c>.</summary>
    Expression ParseTupleOrExpression()
    {
        var first = ParseExpression();
        if (!Current.IsOperator(",")) return first;
        var items = new List<Expression> { first };
        while (Current.IsOperator(","))
        {
            Next();
            items.Add(ParseExpression());
        }
        return new TupleExpression(items, first.Line);
    }

    Expression ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or"))
        {
            int line = Next().Line;
            left = new BinaryExpression("or", left, ParseAnd(), line);
        }
        return left;
    }

    Expression ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and"))
        {
            int line = Next().Line;
            left = new BinaryExpression("and", left, ParseNot(), line);
        }
        return left;
    }

    Expression ParseNot()
    {
        if (!Current.IsName("not")) return ParseComparison();
        int line = Next().Line;
        return new UnaryExpression("not", ParseNot(), line);
    }

    Expression ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            var token = Current;
            string op;
            if (token.Kind == TokenKind.Operator && ComparisonOperators.Contains(token.Value)) { Next(); op = token.Value; }
            else if (token.IsName("in")) { Next(); op = "in"; }
            else if (token.IsName("not") && PeekAt(1).IsName("in")) { position += 2; op = "not in"; }
            else return left;
            left = new BinaryExpression(op, left, ParseAdditive(), token.Line);
        }
    }

    Expression ParseAdditive()
    {
        var left = ParseConcat();
        while (Current.IsOperator("+") || Current.IsOperator("-"))
        {
            var op = Next();
            left = new BinaryExpression(op.Value, left, ParseConcat(), op.Line);
        }
        return left;
    }

    Expression ParseConcat()
    {
        var left = ParseMultiplicative();
        while (Current.IsOperator("~"))
        {
            var op = Next();
            left = new BinaryExpression("~", left, ParseMultiplicative(), op.Line);
        }
        return left;
    }

    Expression ParseMultiplicative()
    {
        var left = ParsePower();
        while (Current.Kind == TokenKind.Operator && Current.Value is "*" or "/" or "//" or "%")
        {
            var op = Next();
            left = new BinaryExpression(op.Value, left, ParsePower(), op.Line);
        }
        return left;
    }

    Expression ParsePower()
    {
        var left = ParseUnary(withFilter: true);
        while (Current.IsOperator("**"))
        {
            var op = Next();
            left = new BinaryExpression("**", left, ParseUnary(withFilter: true), op.Line);
        }
        return left;
    }

    Expression ParseUnary(bool withFilter)
    {
        Expression node;
        if (Current.IsOperator("-") || Current.IsOperator("+"))
        {
            var op = Next();
            node = new UnaryExpression(op.Value, ParseUnary(withFilter: false), op.Line);
        }
        else
        {
            node = ParsePrimary();
        }
        node = ParsePostfix(node);
        return withFilter ? ParseFilterAndTests(node) : node;
    }

    Expression ParsePrimary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.Name:
                return token.Value switch
                {
                    "True" or "true" => new LiteralExpression(true, token.Line),
                    "False" or "false" => new LiteralExpression(false, token.Line),
                    "None" or "none" => new LiteralExpression(null, token.Line),
                    _ => new NameExpression(token.Value, token.Line),
                };
            case TokenKind.String:
                var text = token.Value;
                while (Current.Kind == TokenKind.String) text += Next().Value;
                return new LiteralExpression(text, token.Line);
            case TokenKind.Integer:
                return new LiteralExpression(long.Parse(token.Value, System.Globalization.CultureInfo.InvariantCulture), token.Line);
            case TokenKind.Float:
                return new LiteralExpression(double.Parse(token.Value, System.Globalization.CultureInfo.InvariantCulture), token.Line);
            case TokenKind.Operator when token.Value == "(":
                return ParseParenthesised(token);
            case TokenKind.Operator when token.Value == "[":
                return new ListExpression(ParseSequence("]"), token.Line);
            case TokenKind.Operator when token.Value == "{":
                return ParseDict(token);
            default:
                throw new TemplateSyntaxException($"unexpected {token} in expression", token.Line, token.Column);
        }
    }

    Expression ParseParenthesised(Token open)
    {
        if (Current.IsOperator(")"))
        {
            Next();
            return new TupleExpression([], open.Line);
        }
        var first = ParseExpression();
        if (Current.IsOperator(")"))
        {
            Next();
            return first;
        }
        var items = new List<Expression> { first };
        while (Current.IsOperator(","))
        {
            Next();
            if (Current.IsOperator(")")) break;
            items.Add(ParseExpression());
        }
        Expect(TokenKind.Operator, ")");
        return new TupleExpression(items, open.Line);
    }

    List<Expression> ParseSequence(string close)
    {
        var items = new List<Expression>();
        while (!Current.IsOperator(close))
        {
            if (items.Count > 0)
            {
                Expect(TokenKind.Operator, ",");
                if (Current.IsOperator(close)) break;
            }
            items.Add(ParseExpression());
        }
        Next();
        return items;
    }

    Expression ParseDict(Token open)
    {
        var entries = new List<(Expression, Expression)>();
        while (!Current.IsOperator("}"))
        {
            if (entries.Count > 0)
            {
                Expect(TokenKind.Operator, ",");
                if (Current.IsOperator("}")) break;
            }
            var key = ParseExpression();
            Expect(TokenKind.Operator, ":");
            entries.Add((key, ParseExpression()));
        }
        Next();
        return new DictExpression(entries, open.Line);
    }

    Expression ParsePostfix(Expression node)
    {
        while (true)
        {
            var token = Current;
            if (token.IsOperator("."))
            {
                Next();
                var name = Next();
                node = name.Kind switch
                {
                    TokenKind.Name => new AttributeExpression(node, name.Value, token.Line),
                    TokenKind.Integer => new ItemExpression(node, new LiteralExpression(long.Parse(name.Value), name.Line), token.Line),
                    _ => throw new TemplateSyntaxException($"expected an attribute name after '.', got {name}", name.Line, name.Column),
                };
            }
            else if (token.IsOperator("["))
            {
                Next();
                node = ParseSubscript(node, token);
            }
            else if (token.IsOperator("("))
            {
                node = ParseCall(node);
            }
            else
            {
                return node;
            }
        }
    }

    Expression ParseSubscript(Expression target, Token open)
    {
        Expression? start = null, stop = null, step = null;
        if (!Current.IsOperator(":"))
        {
            start = ParseExpression();
            if (Current.IsOperator("]"))
            {
                Next();
                return new ItemExpression(target, start, open.Line);
            }
        }
        Expect(TokenKind.Operator, ":");
        if (!Current.IsOperator(":") && !Current.IsOperator("]")) stop = ParseExpression();
        if (Current.IsOperator(":"))
        {
            Next();
            if (!Current.IsOperator("]")) step = ParseExpression();
        }
        Expect(TokenKind.Operator, "]");
        return new SliceExpression(target, start, stop, step, open.Line);
    }

    CallExpression ParseCall(Expression callee)
    {
        var open = Expect(TokenKind.Operator, "(");
        var (positional, named) = ParseArguments();
        return new CallExpression(callee, positional, named, open.Line);
    }

    /// <summary>Arguments after an opening parenthesis, through the closing one: <c>a, b, key=value</c>.</summary>
    (List<Expression> Positional, List<(string, Expression)> Named) ParseArguments()
    {
        var positional = new List<Expression>();
        var named = new List<(string, Expression)>();
        while (!Current.IsOperator(")"))
        {
            if (positional.Count + named.Count > 0)
            {
                Expect(TokenKind.Operator, ",");
                if (Current.IsOperator(")")) break;
            }
            if (Current.Kind == TokenKind.Name && PeekAt(1).IsOperator("="))
            {
                var name = Next().Value;
                Next();
                named.Add((name, ParseExpression()));
            }
            else
            {
                if (named.Count > 0)
                    throw new TemplateSyntaxException("positional argument follows keyword argument", Current.Line, Current.Column);
                positional.Add(ParseExpression());
            }
        }
        Next();
        return (positional, named);
    }

    Expression ParseFilterAndTests(Expression node)
    {
        while (true)
        {
            if (Current.IsOperator("|"))
            {
                Next();
                node = ParseFilter(node);
            }
            else if (Current.IsName("is"))
            {
                Next();
                node = ParseTest(node);
            }
            else if (Current.IsOperator("("))
            {
                node = ParseCall(node);
            }
            else
            {
                return node;
            }
        }
    }

    FilterExpression ParseFilter(Expression value)
    {
        var name = ExpectKind(TokenKind.Name, "a filter name");
        if (!FilterLibrary.IsKnown(name.Value))
            throw new TemplateSyntaxException($"unknown filter '{name.Value}'", name.Line, name.Column);
        List<Expression> positional = [];
        List<(string, Expression)> named = [];
        if (Current.IsOperator("("))
        {
            Next();
            (positional, named) = ParseArguments();
        }
        return new FilterExpression(value, name.Value, positional, named, name.Line);
    }

    TestExpression ParseTest(Expression value)
    {
        bool negated = false;
        if (Current.IsName("not"))
        {
            Next();
            negated = true;
        }
        var name = Next();
        if (name.Kind != TokenKind.Name)
            throw new TemplateSyntaxException($"expected a test name after 'is', got {name}", name.Line, name.Column);
        string testName = name.Value;
        if (!TestLibrary.IsKnown(testName))
            throw new TemplateSyntaxException($"unknown test '{testName}'", name.Line, name.Column);
        var arguments = new List<Expression>();
        var next = Current;
        if (next.IsOperator("("))
        {
            Next();
            var (positional, named) = ParseArguments();
            arguments.AddRange(positional);
            arguments.AddRange(named.Select(n => n.Item2));
        }
        else if (next.Kind is TokenKind.String or TokenKind.Integer or TokenKind.Float
                 || next.IsOperator("[") || next.IsOperator("{") || next.IsOperator("-")
                 || (next.Kind == TokenKind.Name && !TestArgumentStoppers.Contains(next.Value)))
        {
            arguments.Add(next.IsOperator("-") ? ParseUnary(withFilter: false) : ParsePostfix(ParsePrimary()));
        }
        return new TestExpression(value, testName, arguments, negated, name.Line);
    }
}
