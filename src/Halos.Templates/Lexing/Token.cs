namespace Halos.Templates.Lexing;

/// <summary>One lexical token with its 1-based position in the template source.</summary>
public readonly record struct Token(TokenKind Kind, string Value, int Line, int Column)
{
    public bool Is(TokenKind kind, string value) => Kind == kind && Value == value;

    public bool IsName(string name) => Kind == TokenKind.Name && Value == name;

    public bool IsOperator(string op) => Kind == TokenKind.Operator && Value == op;

    public override string ToString() => Kind switch
    {
        TokenKind.EndOfTemplate => "end of template",
        TokenKind.String => $"string '{Value}'",
        _ => $"'{Value}'",
    };
}
