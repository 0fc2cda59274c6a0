using Microsoft.CodeAnalysis;

namespace Halos.Losses.Compilation;

/// <summary>
/// What a restricted loss script may name: the tensor API, the loss contracts and script API,
/// System.Math, primitive values, collections and LINQ. Everything else (files, network,
/// processes, reflection, interop, threads, the environment) is refused. Roslyn scripts cannot be
/// sandboxed at run time, so the check is on the symbols the source binds to.
/// </summary>
internal static class ScriptApiAllowList
{
    private static readonly HashSet<string> WholeNamespaces = new(StringComparer.Ordinal)
    {
        "Halos.Torch",
        "Halos.Abstractions.Losses",
        "Halos.Losses.Scripting",
        "System.Collections.Generic",
        "System.Linq",
        // Pure text matching, for reward scripts that check a completion's format (Regex has a match timeout too).
        "System.Text.RegularExpressions",
    };

    // Types of namespace System, by metadata name (`1 marks the generic arity).
    private static readonly HashSet<string> SystemTypes = new(StringComparer.Ordinal)
    {
        "Math", "MathF", "Object", "String", "Char", "Boolean", "Double", "Single", "Half", "Decimal",
        "Byte", "SByte", "Int16", "Int32", "Int64", "UInt16", "UInt32", "UInt64", "IntPtr", "UIntPtr", "Void",
        "Array", "Nullable", "Nullable`1", "Range", "Index", "Span`1", "ReadOnlySpan`1", "Memory`1", "ReadOnlyMemory`1",
        "IComparable", "IComparable`1", "IEquatable`1", "IDisposable", "Comparison`1", "Predicate`1", "Converter`2",
        "Exception", "ArgumentException", "ArgumentNullException", "ArgumentOutOfRangeException",
        "InvalidOperationException", "NotSupportedException", "NotImplementedException", "ArithmeticException",
        "DivideByZeroException", "OverflowException", "IndexOutOfRangeException", "FormattableString",
        "MidpointRounding", "StringComparison", "StringSplitOptions", "Enum", "ValueType",
    };

    // Members of allowed types that still reach reflection or the runtime.
    private static readonly HashSet<string> RefusedMembers = new(StringComparer.Ordinal)
    {
        "GetType", "MemberwiseClone", "CreateInstance", "GetEnumUnderlyingType",
    };

    // Halos.Torch members that would let a loss change the process rather than compute a value.
    private static readonly HashSet<string> RefusedTorchMembers = new(StringComparer.Ordinal)
    {
        "set_num_threads", "manual_seed",
    };

    /// <summary>Why the symbol is refused, or null when a script may use it.</summary>
    public static string? Refusal(ISymbol symbol, IAssemblySymbol scriptAssembly)
    {
        switch (symbol)
        {
            case INamespaceSymbol or ILocalSymbol or IParameterSymbol or ILabelSymbol or IRangeVariableSymbol or IDiscardSymbol
                or ITypeParameterSymbol or IPreprocessingSymbol:
                return null;
            case IDynamicTypeSymbol:
                return "dynamic";
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "pointers";
            case IArrayTypeSymbol array:
                return Refusal(array.ElementType, scriptAssembly);
            case INamedTypeSymbol type:
                return TypeRefusal(type, scriptAssembly);
            case IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction }:
                return null;
        }
        if (SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, scriptAssembly)) return null;
        var container = symbol.ContainingType;
        if (container is null) return $"{symbol.ToDisplayString()}";
        if (RefusedMembers.Contains(symbol.Name)) return $"{container.ToDisplayString()}.{symbol.Name}";
        if (container.ContainingNamespace?.ToDisplayString() == "Halos.Torch" && RefusedTorchMembers.Contains(symbol.Name))
            return $"{container.ToDisplayString()}.{symbol.Name}";
        if (symbol is IMethodSymbol { IsExtern: true }) return "extern methods";
        return TypeRefusal(container, scriptAssembly);
    }

    private static string? TypeRefusal(INamedTypeSymbol type, IAssemblySymbol scriptAssembly)
    {
        if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, scriptAssembly)) return null;
        // The outermost type decides (nested types of allowed types are allowed); type arguments
        // are names of their own and get checked where they appear.
        var outer = type.OriginalDefinition;
        while (outer.ContainingType is { } c) outer = c;
        if (outer.IsTupleType || outer.TypeKind == TypeKind.Delegate && outer.ContainingNamespace?.ToDisplayString() == "System"
            && (outer.Name is "Func" or "Action"))
            return null;
        var ns = outer.ContainingNamespace?.ToDisplayString() ?? "";
        if (WholeNamespaces.Contains(ns)) return null;
        if (ns == "System" && (SystemTypes.Contains(outer.MetadataName) || outer.Name is "ValueTuple" or "Tuple")) return null;
        return type.ToDisplayString();
    }

    /// <summary>Whether a <c>using</c> of this namespace is fine in a restricted script.</summary>
    public static bool AllowsNamespace(string ns) => ns == "System" || WholeNamespaces.Contains(ns);
}
