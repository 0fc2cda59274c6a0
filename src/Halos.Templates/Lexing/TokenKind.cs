namespace Halos.Templates.Lexing;

public enum TokenKind
{
    /// <summary>Literal template text, already trimmed by whitespace control.</summary>
    Text,
    /// <summary><c>{{</c></summary>
    VariableBegin,
    /// <summary><c>}}</c></summary>
    VariableEnd,
    /// <summary><c>{%</c></summary>
    BlockBegin,
    /// <summary><c>%}</c></summary>
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    /// <summary>Punctuation and operators: <c>+ - * / // % ** ~ == != &lt; &lt;= &gt; &gt;= = ( ) [ ] { } , . : |</c>.</summary>
    Operator,
    EndOfTemplate,
}
