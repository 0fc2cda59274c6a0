using Halos.Templates.Syntax;
using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

public sealed partial class Renderer
{
    public object? Evaluate(Expression expression, Frame frame)
    {
        try
        {
            return EvaluateCore(expression, frame);
        }
        catch (ValueOperationException error)
        {
            throw new TemplateRuntimeException(error.Message, expression.Line, error);
        }
        catch (TemplateRaisedException raised) when (raised.Line == 0)
        {
            throw new TemplateRaisedException(raised.Message, expression.Line);
        }
    }

    object? EvaluateCore(Expression expression, Frame frame)
    {
        switch (expression)
        {
            case LiteralExpression literal:
                return literal.Value;
            case NameExpression name:
                return frame.TryLookup(name.Name, out var value) ? value : Undefined.Instance;
            case ListExpression list:
                return list.Items.Select(item => Evaluate(item, frame)).ToList();
            case TupleExpression tuple:
                return tuple.Items.Select(item => Evaluate(item, frame)).ToList();
            case DictExpression dict:
                var result = new OrderedDictionary<string, object?>();
                foreach (var (keyExpression, valueExpression) in dict.Entries)
                {
                    var key = Evaluate(keyExpression, frame);
                    result[ValueAccess.DictKey(key) ?? throw new ValueOperationException($"unsupported dict key type {PythonType.NameOf(key)}")]
                        = Evaluate(valueExpression, frame);
                }
                return result;
            case AttributeExpression attribute:
                return ValueAccess.GetAttribute(Evaluate(attribute.Target, frame), attribute.Name);
            case ItemExpression item:
                return ValueAccess.GetItem(Evaluate(item.Target, frame), Evaluate(item.Key, frame));
            case SliceExpression slice:
                return Slicing.Slice(Evaluate(slice.Target, frame),
                    SliceBound(slice.Start, frame), SliceBound(slice.Stop, frame), SliceBound(slice.Step, frame));
            case CallExpression call:
                return EvaluateCall(call, frame);
            case FilterExpression filter:
                return ApplyFilter(filter, Evaluate(filter.Value, frame), frame);
            case TestExpression test:
                var subject = Evaluate(test.Value, frame);
                var arguments = test.Arguments.Select(a => Evaluate(a, frame)).ToList();
                return TestLibrary.Apply(test.Name, subject, arguments) != test.Negated;
            case UnaryExpression unary:
                var operand = Evaluate(unary.Operand, frame);
                return unary.Operator switch
                {
                    "not" => !Truthiness.IsTrue(operand),
                    "-" => Arithmetic.Negate(RequireDefined(operand, unary.Operand)),
                    _ => PythonType.IsNumber(RequireDefined(operand, unary.Operand)) ? operand
                        : throw new ValueOperationException($"bad operand type for unary +: '{PythonType.NameOf(operand)}'"),
                };
            case BinaryExpression binary:
                return EvaluateBinary(binary, frame);
            case ConditionalExpression conditional:
                return Truthiness.IsTrue(Evaluate(conditional.Condition, frame))
                    ? Evaluate(conditional.Then, frame)
                    : conditional.Otherwise is null ? Undefined.Instance : Evaluate(conditional.Otherwise, frame);
            default:
                throw new ValueOperationException($"cannot evaluate {expression.GetType().Name}");
        }
    }

    object? EvaluateBinary(BinaryExpression binary, Frame frame)
    {
        var left = Evaluate(binary.Left, frame);
        switch (binary.Operator)
        {
            case "and": return Truthiness.IsTrue(left) ? Evaluate(binary.Right, frame) : left;
            case "or": return Truthiness.IsTrue(left) ? left : Evaluate(binary.Right, frame);
        }
        var right = Evaluate(binary.Right, frame);
        switch (binary.Operator)
        {
            case "==": return ValueEquality.Equals(left, right);
            case "!=": return !ValueEquality.Equals(left, right);
            case "<": return ValueOrdering.Compare(left, right) < 0;
            case "<=": return ValueOrdering.Compare(left, right) <= 0;
            case ">": return ValueOrdering.Compare(left, right) > 0;
            case ">=": return ValueOrdering.Compare(left, right) >= 0;
            case "in": return Iteration.Contains(right, left);
            case "not in": return !Iteration.Contains(right, left);
            case "~": return PythonText.Str(left) + PythonText.Str(right);
        }
        RequireDefined(left, binary.Left);
        RequireDefined(right, binary.Right);
        return binary.Operator switch
        {
            "+" => Arithmetic.Add(left, right),
            "-" => Arithmetic.Subtract(left, right),
            "*" => Arithmetic.Multiply(left, right),
            "/" => Arithmetic.Divide(left, right),
            "//" => Arithmetic.FloorDivide(left, right),
            "%" => Arithmetic.Modulo(left, right),
            "**" => Arithmetic.Power(left, right),
            _ => throw new ValueOperationException($"unknown operator '{binary.Operator}'"),
        };
    }

    object? EvaluateCall(CallExpression call, Frame frame)
    {
        var callee = Evaluate(call.Callee, frame);
        if (callee is ICallable callable)
            return callable.Invoke(EvaluateArguments(call.Positional, call.Named, frame));
        if (callee is Undefined)
            throw new ValueOperationException($"{Describe(call.Callee)} is undefined and cannot be called");
        throw new ValueOperationException($"{Describe(call.Callee)} ('{PythonType.NameOf(callee)}' object) is not callable");
    }

    Arguments EvaluateArguments(IReadOnlyList<Expression> positional, IReadOnlyList<(string Name, Expression Value)> named, Frame frame)
    {
        var values = positional.Select(p => Evaluate(p, frame)).ToList();
        var keywords = new OrderedDictionary<string, object?>();
        foreach (var (name, value) in named) keywords[name] = Evaluate(value, frame);
        return new Arguments(values, keywords);
    }

    object? ApplyFilter(FilterExpression filter, object? value, Frame frame) =>
        FilterLibrary.Apply(filter.Name, value, EvaluateArguments(filter.Positional, filter.Named, frame));

    long? SliceBound(Expression? bound, Frame frame) =>
        bound is null ? null : Evaluate(bound, frame) switch
        {
            null or Undefined => null,
            var v => PythonType.ToInteger(v),
        };

    static object? RequireDefined(object? value, Expression source) =>
        value is Undefined ? throw new ValueOperationException($"{Describe(source)} is undefined") : value;

    /// <summary>A readable name for an expression in error messages: <c>'message.content'</c>.</summary>
    static string Describe(Expression expression) => expression switch
    {
        NameExpression name => $"'{name.Name}'",
        AttributeExpression attribute => $"'{Path(attribute)}'",
        ItemExpression { Key: LiteralExpression key } item => $"'{Path(item.Target)}[{PythonText.Repr(key.Value)}]'",
        _ => "the value",
    };

    static string Path(Expression expression) => expression switch
    {
        NameExpression name => name.Name,
        AttributeExpression attribute => Path(attribute.Target) + "." + attribute.Name,
        ItemExpression { Key: LiteralExpression key } item => $"{Path(item.Target)}[{PythonText.Repr(key.Value)}]",
        _ => "(...)",
    };
}
