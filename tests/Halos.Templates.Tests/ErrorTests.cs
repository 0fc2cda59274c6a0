namespace Halos.Templates.Tests;

/// <summary>Unsupported or broken templates fail loudly with the template position, never with a wrong string.</summary>
public class ErrorTests
{
    [Fact]
    public void Raise_exception_throws_the_templates_message()
    {
        var error = Assert.Throws<TemplateRaisedException>(() => Render.Text(
            RealWorldTemplateParityTests.Gemma,
            """{"bos_token": "<bos>", "messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]}"""));
        Assert.Equal("Conversation roles must alternate user/assistant/user/assistant/...", error.Message);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Raise_exception_reports_its_line()
    {
        var error = Assert.Throws<TemplateRaisedException>(() => Render.Text("a\nb\n{{ raise_exception('bad ' ~ 1) }}"));
        Assert.Equal("bad 1", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Unknown_filter_names_line_and_column()
    {
        var error = Assert.Throws<TemplateSyntaxException>(() => Template.Parse("line one\n{{ x | frobnicate }}"));
        Assert.Equal(2, error.Line);
        Assert.Equal(8, error.Column);
        Assert.Equal("template line 2, column 8: unknown filter 'frobnicate'", error.Message);
    }

    [Fact]
    public void Unknown_test_is_a_syntax_error()
    {
        var error = Assert.Throws<TemplateSyntaxException>(() => Template.Parse("{% if x is shiny %}{% endif %}"));
        Assert.Contains("unknown test 'shiny'", error.Message);
    }

    [Fact]
    public void Unclosed_block_names_the_opening_line()
    {
        var error = Assert.Throws<TemplateSyntaxException>(() => Template.Parse("a\n{% for x in xs %}\n{% if x %}{{ x }}{% endif %}\n"));
        Assert.Contains("the {% for %} block opened at line 2 is never closed", error.Message);
        Assert.Contains("{% endfor %}", error.Message);
    }

    [Fact]
    public void Unknown_tag_is_rejected()
    {
        var error = Assert.Throws<TemplateSyntaxException>(() => Template.Parse("x\n  {% include 'other.j2' %}"));
        Assert.Equal(2, error.Line);
        Assert.Contains("unknown tag 'include'", error.Message);
    }

    [Theory]
    [InlineData("{{ x + }}", "unexpected '}}'")]
    [InlineData("{{ 'open }}", "unterminated string literal")]
    [InlineData("{% endif %}", "no open block")]
    [InlineData("{{ x", "unclosed tag")]
    [InlineData("{# note", "unclosed comment")]
    [InlineData("{% if a %}{% else %}{% else %}{% endif %}", "unexpected '{% else %}'")]
    public void Bad_syntax_is_a_syntax_error(string template, string reason)
    {
        var error = Assert.Throws<TemplateSyntaxException>(() => Template.Parse(template));
        Assert.Contains(reason, error.Message);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Calling_an_undefined_function_names_it()
    {
        var error = Assert.Throws<TemplateRuntimeException>(() => Render.Text("{{ message.content.nosuch('x') }}", """{"message": {"content": "a"}}"""));
        Assert.Contains("'message.content.nosuch' is undefined", error.Message);
    }

    [Fact]
    public void Arithmetic_on_undefined_names_the_variable()
    {
        var error = Assert.Throws<TemplateRuntimeException>(() => Render.Text("{{ count + 1 }}"));
        Assert.Contains("'count' is undefined", error.Message);
    }
}
