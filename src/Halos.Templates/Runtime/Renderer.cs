using System.Text;
using Halos.Templates.Syntax;
using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

/// <summary>
/// Walks the statement tree and writes output. Expression evaluation lives in
/// Renderer.Expressions.cs; value-level failures are rethrown here with the template line.
/// </summary>
public sealed partial class Renderer
{
    /// <summary>Whether a block finished normally or hit <c>{% break %}</c>/<c>{% continue %}</c>.</summary>
    enum Flow { Normal, Break, Continue }

    internal Renderer() { }

    public string RenderToString(IReadOnlyList<Statement> body, Frame frame)
    {
        var output = new StringBuilder();
        RenderBlock(body, frame, output);
        return output.ToString();
    }

    Flow RenderBlock(IReadOnlyList<Statement> statements, Frame frame, StringBuilder output)
    {
        foreach (var statement in statements)
        {
            var flow = RenderStatement(statement, frame, output);
            if (flow != Flow.Normal) return flow;
        }
        return Flow.Normal;
    }

    Flow RenderStatement(Statement statement, Frame frame, StringBuilder output)
    {
        switch (statement)
        {
            case TextStatement text:
                output.Append(text.Text);
                return Flow.Normal;
            case OutputStatement print:
                output.Append(PythonText.Str(Evaluate(print.Value, frame)));
                return Flow.Normal;
            case IfStatement branch:
                foreach (var (condition, body) in branch.Branches)
                    if (Truthiness.IsTrue(Evaluate(condition, frame)))
                        return RenderBlock(body, frame, output);
                return branch.Else is null ? Flow.Normal : RenderBlock(branch.Else, frame, output);
            case ForStatement loop:
                RenderFor(loop, frame, output, Evaluate(loop.Iterable, frame), 0);
                return Flow.Normal;
            case SetStatement set:
                Assign(set.Target, Evaluate(set.Value, frame), frame, set.Line);
                return Flow.Normal;
            case SetBlockStatement setBlock:
                Assign(setBlock.Target, RenderToString(setBlock.Body, new Frame(frame)), frame, setBlock.Line);
                return Flow.Normal;
            case MacroStatement macro:
                frame.Set(macro.Name, new Macro(macro.Name, macro.Parameters, macro.Body, frame, this));
                return Flow.Normal;
            case CallBlockStatement call:
                output.Append(PythonText.Str(RenderCallBlock(call, frame)));
                return Flow.Normal;
            case FilterBlockStatement filterBlock:
                var content = RenderToString(filterBlock.Body, frame);
                output.Append(PythonText.Str(ApplyFilter(filterBlock.Filter, content, frame)));
                return Flow.Normal;
            case GenerationStatement generation:
                return RenderBlock(generation.Body, frame, output);
            case BreakStatement:
                return Flow.Break;
            case ContinueStatement:
                return Flow.Continue;
            case DoStatement action:
                Evaluate(action.Value, frame);
                return Flow.Normal;
            default:
                throw new TemplateRuntimeException($"cannot render {statement.GetType().Name}", statement.Line);
        }
    }

    /// <summary>
    /// One for loop over <paramref name="iterable"/>. The optional <c>if</c> filter runs first, so
    /// <c>loop.length</c>, <c>loop.last</c> and the else branch see only the kept items.
    /// </summary>
    void RenderFor(ForStatement loop, Frame frame, StringBuilder output, object? iterable, int depth0)
    {
        List<object?> items;
        try
        {
            items = Iteration.ToList(iterable);
        }
        catch (ValueOperationException error)
        {
            throw new TemplateRuntimeException(error.Message, loop.Line, error);
        }
        if (loop.Filter is not null)
        {
            items = items.Where(item =>
            {
                var probe = new Frame(frame);
                Assign(loop.Target, item, probe, loop.Line);
                return Truthiness.IsTrue(Evaluate(loop.Filter, probe));
            }).ToList();
        }
        if (items.Count == 0)
        {
            if (loop.Else is not null) RenderBlock(loop.Else, frame, output);
            return;
        }

        var body = new Frame(frame);
        Func<object?, string>? recurse = loop.Recursive
            ? children =>
            {
                var nested = new StringBuilder();
                RenderFor(loop, frame, nested, children, depth0 + 1);
                return nested.ToString();
            }
            : null;
        var context = new LoopContext(items, depth0, recurse);
        body.Set("loop", context);
        for (int i = 0; i < items.Count; i++)
        {
            context.Index0 = i;
            Assign(loop.Target, items[i], body, loop.Line);
            if (RenderBlock(loop.Body, body, output) == Flow.Break) break;
        }
    }

    object? RenderCallBlock(CallBlockStatement call, Frame frame)
    {
        var callee = Evaluate(call.Call.Callee, frame);
        if (callee is not Macro macro)
            throw new TemplateRuntimeException($"{{% call %}} needs a macro, got {PythonType.NameOf(callee)}", call.Line);
        var caller = new Macro("caller", call.CallerParameters, call.Body, frame, this);
        return macro.InvokeWithCaller(EvaluateArguments(call.Call.Positional, call.Call.Named, frame), caller);
    }

    void Assign(AssignTarget target, object? value, Frame frame, int line)
    {
        switch (target)
        {
            case NameTarget name:
                frame.Set(name.Name, value);
                break;
            case AttributeTarget attribute:
                if (!frame.TryLookup(attribute.Object, out var owner) || owner is not Namespace ns)
                    throw new TemplateRuntimeException(
                        $"cannot assign '{attribute.Object}.{attribute.Attribute}': '{attribute.Object}' is not a namespace() object", line);
                ns.SetAttribute(attribute.Attribute, value);
                break;
            case TupleTarget tuple:
                List<object?> values;
                try { values = Iteration.ToList(value); }
                catch (ValueOperationException error) { throw new TemplateRuntimeException($"cannot unpack: {error.Message}", line, error); }
                if (values.Count != tuple.Items.Count)
                    throw new TemplateRuntimeException($"cannot unpack {values.Count} values into {tuple.Items.Count} names", line);
                for (int i = 0; i < values.Count; i++) Assign(tuple.Items[i], values[i], frame, line);
                break;
        }
    }
}
