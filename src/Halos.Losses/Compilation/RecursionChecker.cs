using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Halos.Losses.Compilation;

/// <summary>
/// Refuses recursion in a loss script: a method, local function, lambda, property or constructor of the script
/// that can reach itself, directly or through others. Unbounded recursion overflows the stack, which no .NET
/// code can catch: it would end the host and any training run with it. Loops are bounded at run time instead
/// (see <see cref="Scripting.ScriptWatchdog"/>).
/// <para>
/// The call graph is conservative. A callable reaches every script callable it names (a call, a method group,
/// a property, a constructor) and every callable nested in it (a lambda it defines may be run by whatever it
/// passes it to). A delegate variable, field or parameter stands for every lambda and method group that may be
/// stored in it: assigned, used as its initialiser, or passed as the argument of a script method or of a
/// delegate whose lambdas are known.
/// </para>
/// </summary>
internal sealed class RecursionChecker
{
    public const string DiagnosticId = "HALOS002";

    private readonly SemanticModel _model;
    private readonly SyntaxTree _tree;
    private readonly Dictionary<ISymbol, HashSet<SyntaxNode>> _stored = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<SyntaxNode, HashSet<SyntaxNode>> _calls = new();

    private RecursionChecker(SyntaxTree tree, SemanticModel model)
    {
        _tree = tree;
        _model = model;
    }

    public static IReadOnlyList<string> Check(SyntaxTree tree, SemanticModel model, string path)
    {
        var checker = new RecursionChecker(tree, model);
        var root = tree.GetRoot();
        checker.TrackStoredCallables(root);
        checker.BuildCalls(root);
        return checker.Cycles().Select(cycle => Describe(cycle, path)).ToList();
    }

    private static bool IsCallable(SyntaxNode node) => node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax
        or AnonymousFunctionExpressionSyntax or BasePropertyDeclarationSyntax;

    private static SyntaxNode? Enclosing(SyntaxNode node) => node.Ancestors().FirstOrDefault(IsCallable);

    /// <summary>The script callable that declares <paramref name="symbol"/>; null for anything outside the script.</summary>
    private SyntaxNode? DeclarationOf(ISymbol symbol)
    {
        if (symbol is IMethodSymbol method)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            symbol = method.AssociatedSymbol ?? method;
        }
        symbol = symbol.OriginalDefinition;
        var syntax = symbol.DeclaringSyntaxReferences.FirstOrDefault(r => r.SyntaxTree == _tree)?.GetSyntax();
        return syntax?.AncestorsAndSelf().FirstOrDefault(IsCallable);
    }

    private IEnumerable<ISymbol> SymbolsOf(SyntaxNode node)
    {
        var info = _model.GetSymbolInfo(node);
        return info.Symbol is { } symbol ? [symbol] : info.CandidateSymbols;
    }

    private static bool IsHolder(ISymbol symbol) => symbol is ILocalSymbol or IFieldSymbol or IParameterSymbol or IPropertySymbol;

    /// <summary>The script callables an expression's value may be.</summary>
    private IEnumerable<SyntaxNode> ValueOf(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case ParenthesizedExpressionSyntax p: return ValueOf(p.Expression);
            case CastExpressionSyntax c: return ValueOf(c.Expression);
            case ConditionalExpressionSyntax c: return ValueOf(c.WhenTrue).Concat(ValueOf(c.WhenFalse));
            case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.CoalesceExpression): return ValueOf(b.Left).Concat(ValueOf(b.Right));
            case AnonymousFunctionExpressionSyntax lambda: return [lambda];
            case BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: [var only] }: return ValueOf(only.Expression);
        }
        return SymbolsOf(expression).SelectMany(symbol => symbol switch
        {
            IMethodSymbol => DeclarationOf(symbol) is { } declaration ? [declaration] : [],
            _ when IsHolder(symbol) => _stored.TryGetValue(symbol.OriginalDefinition, out var stored) ? stored.ToArray() : [],
            _ => Array.Empty<SyntaxNode>(),
        });
    }

    /// <summary>Which callables each variable, field, property or parameter may hold, to a fixed point.</summary>
    private void TrackStoredCallables(SyntaxNode root)
    {
        var stores = new List<(Func<IEnumerable<ISymbol>> Holders, ExpressionSyntax Value)>();
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax { Initializer: { } init } declarator when _model.GetDeclaredSymbol(declarator) is { } local:
                    stores.Add((() => [local], init.Value));
                    break;
                case AssignmentExpressionSyntax assignment:
                    stores.Add((() => SymbolsOf(assignment.Left).Where(IsHolder), assignment.Right));
                    break;
                case ArgumentSyntax argument:
                    stores.Add((() => ParametersReceiving(argument), argument.Expression));
                    break;
            }
        }
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (holders, value) in stores)
            {
                var callables = ValueOf(value).ToList();
                if (callables.Count == 0) continue;
                foreach (var holder in holders())
                {
                    if (!_stored.TryGetValue(holder.OriginalDefinition, out var set)) _stored[holder.OriginalDefinition] = set = [];
                    foreach (var c in callables) changed |= set.Add(c);
                }
            }
        }
    }

    /// <summary>The parameters an argument is bound to: of a script method, or of the known lambdas of an invoked delegate.</summary>
    private IEnumerable<ISymbol> ParametersReceiving(ArgumentSyntax argument)
    {
        if (_model.GetOperation(argument) is not IArgumentOperation { Parameter: { } parameter }) return [];
        if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: not MethodKind.DelegateInvoke }) return [parameter];
        if (argument.Parent?.Parent is not InvocationExpressionSyntax invocation) return [];
        return ValueOf(invocation.Expression)
            .Select(callable => _model.GetSymbolInfo(callable).Symbol ?? _model.GetDeclaredSymbol(callable))
            .OfType<IMethodSymbol>()
            .Where(lambda => parameter.Ordinal < lambda.Parameters.Length)
            .Select(lambda => (ISymbol)lambda.Parameters[parameter.Ordinal]);
    }

    private void BuildCalls(SyntaxNode root)
    {
        foreach (var node in root.DescendantNodes())
        {
            if (Enclosing(node) is not { } caller) continue;
            if (IsCallable(node)) Add(caller, node);
            if (node is not (SimpleNameSyntax or BaseObjectCreationExpressionSyntax or ElementAccessExpressionSyntax
                or ConstructorInitializerSyntax or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax
                or PostfixUnaryExpressionSyntax or AssignmentExpressionSyntax)) continue;
            foreach (var callee in ValueOfReference(node)) Add(caller, callee);
        }
    }

    private IEnumerable<SyntaxNode> ValueOfReference(SyntaxNode node) => SymbolsOf(node).SelectMany(symbol =>
    {
        var found = new List<SyntaxNode>();
        if (symbol is IMethodSymbol or IPropertySymbol or IEventSymbol && DeclarationOf(symbol) is { } declaration) found.Add(declaration);
        if (IsHolder(symbol) && _stored.TryGetValue(symbol.OriginalDefinition, out var stored)) found.AddRange(stored);
        return found;
    });

    private void Add(SyntaxNode caller, SyntaxNode callee)
    {
        if (!_calls.TryGetValue(caller, out var set)) _calls[caller] = set = [];
        set.Add(callee);
    }

    /// <summary>The strongly connected components that contain a cycle (Tarjan), each in source order.</summary>
    private List<List<SyntaxNode>> Cycles()
    {
        var index = new Dictionary<SyntaxNode, int>();
        var low = new Dictionary<SyntaxNode, int>();
        var stack = new Stack<SyntaxNode>();
        var onStack = new HashSet<SyntaxNode>();
        var cycles = new List<List<SyntaxNode>>();

        void Visit(SyntaxNode v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in _calls.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<SyntaxNode>();
            SyntaxNode x;
            do
            {
                x = stack.Pop();
                onStack.Remove(x);
                component.Add(x);
            } while (x != v);
            if (component.Count > 1 || _calls.GetValueOrDefault(v)?.Contains(v) == true)
                cycles.Add(component.OrderBy(n => n.SpanStart).ToList());
        }

        foreach (var node in _calls.Keys.OrderBy(n => n.SpanStart))
            if (!index.ContainsKey(node)) Visit(node);
        return cycles.OrderBy(c => c[0].SpanStart).ToList();
    }

    private static string Describe(List<SyntaxNode> cycle, string path)
    {
        var start = cycle[0].GetLocation().GetLineSpan().StartLinePosition;
        var who = NameOf(cycle[0]);
        var through = cycle.Count > 1 ? $" through {string.Join(", ", cycle.Skip(1).Select(NameOf))}" : "";
        return $"{path}({start.Line + 1},{start.Character + 1}): error {DiagnosticId}: {who} calls itself{through}; recursion is not allowed " +
               "in a loss script (unbounded recursion overflows the stack and ends the process): write it as a loop";
    }

    private static string NameOf(SyntaxNode callable)
    {
        var line = callable.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        return callable switch
        {
            MethodDeclarationSyntax m => $"method {m.Identifier.Text}",
            LocalFunctionStatementSyntax f => $"local function {f.Identifier.Text}",
            PropertyDeclarationSyntax p => $"property {p.Identifier.Text}",
            ConstructorDeclarationSyntax c => $"constructor of {c.Identifier.Text}",
            AnonymousFunctionExpressionSyntax => $"the lambda on line {line}",
            _ => $"the {callable.Kind()} on line {line}",
        };
    }
}
