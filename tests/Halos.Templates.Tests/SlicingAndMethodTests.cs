namespace Halos.Templates.Tests;

public class SlicingAndMethodTests
{
    [Theory]
    [InlineData("{{ xs[1:3] }}", "[2, 3]")]
    [InlineData("{{ xs[::-1] }}", "[5, 4, 3, 2, 1]")]
    [InlineData("{{ xs[-2:] }}", "[4, 5]")]
    [InlineData("{{ xs[:-3] }}", "[1, 2]")]
    [InlineData("{{ xs[::2] }}", "[1, 3, 5]")]
    [InlineData("{{ xs[4:1:-2] }}", "[5, 3]")]
    [InlineData("{{ xs[-1] }}", "5")]
    [InlineData("{{ xs[10] is defined }}", "False")]
    [InlineData("{{ s[::-1] }}", "olleh")]
    [InlineData("{{ s[1:-1] }}", "ell")]
    [InlineData("{{ s[0] }}", "h")]
    public void Slices_follow_python(string template, string expected) =>
        Assert.Equal(expected, Render.Text(template, """{"xs": [1, 2, 3, 4, 5], "s": "hello"}"""));

    [Theory]
    [InlineData("{{ t.split('</think>')[-1].lstrip('\\n') }}", "answer")]
    [InlineData("{{ t.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}", "plan")]
    [InlineData("{{ '  x  '.strip() }}|{{ 'xxaxx'.strip('x') }}|{{ '--a'.lstrip('-') }}", "x|a|a")]
    [InlineData("{{ 'a b  c'.split() }}", "['a', 'b', 'c']")]
    [InlineData("{{ 'a,b,c'.split(',', 1) }}", "['a', 'b,c']")]
    [InlineData("{{ 'hello'.startswith('he') }} {{ 'hello'.endswith(('x', 'lo')) }}", "True True")]
    [InlineData("{{ 'hello world'.title() }} {{ 'hELLO'.capitalize() }} {{ 'Ab'.upper() }}{{ 'Ab'.lower() }}", "Hello World Hello ABab")]
    [InlineData("{{ 'a-a-a'.replace('-', '+') }} {{ 'a-a-a'.replace('-', '+', 1) }}", "a+a+a a+a-a")]
    [InlineData("{{ '{} and {name}'.format(1, name='x') }}", "1 and x")]
    [InlineData("{{ ', '.join(['a', 'b']) }} {{ 'banana'.find('na') }} {{ 'banana'.count('a') }}", "a, b 2 3")]
    public void String_methods_follow_python(string template, string expected) =>
        Assert.Equal(expected, Render.Text(template, """{"t": "<think>\nplan\n</think>\n\nanswer"}"""));

    [Fact]
    public void Dict_methods()
    {
        const string template = "{{ d.get('a') }} {{ d.get('z', 9) }} {{ d.get('z') }} {{ d.keys() }} {{ d.values() }} " +
                                "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}";
        Assert.Equal("1 9 None ['a', 'b'] [1, 'x'] a=1;b=x;", Render.Text(template, """{"d": {"a": 1, "b": "x"}}"""));
    }

    [Fact]
    public void List_methods_mutate_in_place()
    {
        const string template = "{% set ns = namespace(xs=[]) %}{% for i in range(3) %}{% do ns.xs.append(i * 10) %}{% endfor %}" +
                                "{{ ns.xs }} {{ ns.xs.pop() }} {{ ns.xs }}";
        Assert.Equal("[0, 10, 20] 20 [0, 10]", Render.Text(template));
    }
}
