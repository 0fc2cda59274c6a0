using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Halos.Losses.Compilation;

/// <summary>
/// Puts a call to <see cref="Scripting.ScriptWatchdog.Turn"/> at the top of every loop body and before every
/// goto, so each call of a script is bounded even when a loop never ends. The call is inserted without line
/// breaks, so every statement keeps its line and run-time errors still name the line the author wrote.
/// Applied after the checks, to the tree that is emitted: diagnostics are reported on the script as written.
/// </summary>
internal sealed class LoopTurnInstrumenter : CSharpSyntaxRewriter
{
    private static readonly StatementSyntax TurnCall =
        SyntaxFactory.ParseStatement("global::Halos.Losses.Scripting.ScriptWatchdog.Turn();").WithoutTrivia();

    public static SyntaxTree Instrument(SyntaxTree tree) =>
        tree.WithRootAndOptions(new LoopTurnInstrumenter().Visit(tree.GetRoot()), tree.Options);

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(WithTurn(visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(WithTurn(visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(WithTurn(visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(WithTurn(visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(WithTurn(visited.Statement));
    }

    // A backward goto is a loop too. The goto keeps its trivia, so the block sits where it stood.
    public override SyntaxNode? VisitGotoStatement(GotoStatementSyntax node)
    {
        var visited = (GotoStatementSyntax)base.VisitGotoStatement(node)!;
        return SyntaxFactory.Block(TurnCall, visited.WithoutTrivia())
            .WithLeadingTrivia(visited.GetLeadingTrivia()).WithTrailingTrivia(visited.GetTrailingTrivia());
    }

    private static StatementSyntax WithTurn(StatementSyntax body) => body switch
    {
        BlockSyntax block => block.WithStatements(block.Statements.Insert(0, TurnCall)),
        _ => SyntaxFactory.Block(TurnCall, body.WithoutTrivia()).WithLeadingTrivia(body.GetLeadingTrivia()).WithTrailingTrivia(body.GetTrailingTrivia()),
    };
}
