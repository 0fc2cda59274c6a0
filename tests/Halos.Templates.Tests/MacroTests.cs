namespace Halos.Templates.Tests;

public class MacroTests
{
    [Fact]
    public void Macro_with_defaults_positional_and_keyword_arguments()
    {
        const string template = "{% macro tag(name, value='?', sep=': ') %}<{{ name }}{{ sep }}{{ value }}>{% endmacro %}" +
                                "{{ tag('a') }}{{ tag('b', 2) }}{{ tag('c', sep='=', value=3) }}";
        Assert.Equal("<a: ?><b: 2><c=3>", Render.Text(template));
    }

    [Fact]
    public void Macro_sees_template_variables_and_extra_arguments()
    {
        const string template = "{% macro show() %}{{ greeting }} {{ varargs }} {{ kwargs }}{% endmacro %}{{ show(1, 2, k='v') }}";
        Assert.Equal("hi [1, 2] {'k': 'v'}", Render.Text(template, """{"greeting": "hi"}"""));
    }

    [Fact]
    public void Call_block_passes_caller()
    {
        const string template = "{% macro box(title) %}[{{ title }}: {{ caller() }}]{% endmacro %}" +
                                "{% call box('t') %}body {{ 1 + 1 }}{% endcall %}";
        Assert.Equal("[t: body 2]", Render.Text(template));
    }

    [Fact]
    public void Macro_output_is_a_string_usable_in_expressions()
    {
        Assert.Equal("AB!", Render.Text("{% macro m(x) %}{{ x }}{% endmacro %}{{ (m('a') ~ m('b')) | upper ~ '!' }}"));
    }

    [Fact]
    public void Filter_block_applies_to_body()
    {
        Assert.Equal("HELLO BOB", Render.Text("{% filter upper %}hello {{ name }}{% endfilter %}", """{"name": "bob"}"""));
    }
}
