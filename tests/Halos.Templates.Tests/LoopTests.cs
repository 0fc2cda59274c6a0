namespace Halos.Templates.Tests;

public class LoopTests
{
    const string Items = """{"xs": ["a", "b", "c"]}""";

    [Theory]
    [InlineData("{% for x in xs %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}|{% endfor %}", "1032|2121|3210|")]
    [InlineData("{% for x in xs %}{{ loop.first }}-{{ loop.last }}-{{ loop.length }} {% endfor %}", "True-False-3 False-False-3 False-True-3 ")]
    [InlineData("{% for x in xs %}[{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }}]{% endfor %}", "[<a>b][a<b>c][b<c>]")]
    [InlineData("{% for x in xs %}{{ loop.cycle('odd', 'even') }} {% endfor %}", "odd even odd ")]
    [InlineData("{% for x in xs if x != 'b' %}{{ x }}{{ loop.index }}{{ loop.last }} {% endfor %}", "a1False c2True ")]
    [InlineData("{% for x in [] %}{{ x }}{% else %}empty{% endfor %}", "empty")]
    [InlineData("{% for x in xs if x == 'z' %}{{ x }}{% else %}none kept{% endfor %}", "none kept")]
    [InlineData("{% for x in xs %}{% if x == 'b' %}{% continue %}{% endif %}{% if x == 'c' %}{% break %}{% endif %}{{ x }}{% endfor %}", "a")]
    [InlineData("{% for i in range(2) %}{% for j in range(1, 3) %}{{ i }}{{ j }}:{{ loop.index }} {% endfor %}{{ loop.index }}|{% endfor %}", "01:1 02:2 1|11:1 12:2 2|")]
    [InlineData("{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}{{ v }}{% endfor %}", "a1b2")]
    [InlineData("{% for c in 'hey' %}{{ c }}.{% endfor %}", "h.e.y.")]
    [InlineData("{% for k in {'p': 1, 'q': 2} %}{{ k }}{% endfor %}", "pq")]
    [InlineData("{% for i in range(10, 0, -3) %}{{ i }},{% endfor %}", "10,7,4,1,")]
    public void Loop_variables_and_control(string template, string expected) =>
        Assert.Equal(expected, Render.Text(template, Items));

    [Fact]
    public void Recursive_loop_renders_children()
    {
        const string template = "{% for node in tree recursive %}{{ node.name }}{% if node.children %}({{ loop(node.children) }}){% endif %}{% endfor %}";
        Assert.Equal("a(b(c)d)e", Render.Text(template,
            """{"tree": [{"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}, {"name": "d"}]}, {"name": "e"}]}"""));
    }

    [Fact]
    public void Index_is_an_integer_in_arithmetic()
    {
        Assert.Equal("2 0.5 1", Render.Text("{% for x in xs %}{% if loop.last %}{{ loop.index0 }} {{ loop.index / 6 }} {{ loop.index // 2 }}{% endif %}{% endfor %}", Items));
    }
}
