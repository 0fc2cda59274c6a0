namespace Halos.Templates.Tests;

public class ScopeAndNamespaceTests
{
    [Fact]
    public void Set_inside_a_loop_does_not_leak_but_namespace_attributes_do()
    {
        const string template = "{% set count = 0 %}{% set ns = namespace(count=0, last=none) %}" +
                                "{% for x in [1, 2, 3] %}{% set count = count + x %}{% set ns.count = ns.count + x %}{% set ns.last = x %}{% endfor %}" +
                                "{{ count }} {{ ns.count }} {{ ns.last }}";
        Assert.Equal("0 6 3", Render.Text(template));
    }

    [Fact]
    public void Set_inside_if_is_visible_after_it()
    {
        Assert.Equal("yes", Render.Text("{% if true %}{% set v = 'yes' %}{% endif %}{{ v }}"));
    }

    [Fact]
    public void Block_set_captures_rendered_text()
    {
        Assert.Equal("[hi 3]", Render.Text("{% set block %}hi {{ 1 + 2 }}{% endset %}[{{ block }}]"));
    }

    [Fact]
    public void Tuple_unpacking_in_set_and_for()
    {
        Assert.Equal("1-2 a:1 b:2", Render.Text("{% set a, b = 1, 2 %}{{ a }}-{{ b }}{% for k, v in [['a', 1], ['b', 2]] %} {{ k }}:{{ v }}{% endfor %}"));
    }

    [Fact]
    public void Namespace_from_dict_and_dict_constructor()
    {
        Assert.Equal("1 2 {'x': 1, 'y': 2}", Render.Text("{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }} {{ ns.b }} {{ dict(x=1, y=2) }}"));
    }

    [Fact]
    public void Assigning_an_attribute_of_a_non_namespace_fails_with_line()
    {
        var error = Assert.Throws<TemplateRuntimeException>(() => Render.Text("x\n{% set d = {} %}\n{% set d.a = 1 %}"));
        Assert.Equal(3, error.Line);
        Assert.Contains("'d' is not a namespace", error.Message);
    }

    [Fact]
    public void Cycler_and_joiner()
    {
        Assert.Equal("a b a | 1, 2, 3", Render.Text(
            "{% set c = cycler('a', 'b') %}{{ c.next() }} {{ c.next() }} {{ c.next() }} | {% set j = joiner(', ') %}{% for i in [1, 2, 3] %}{{ j() }}{{ i }}{% endfor %}"));
    }

    [Fact]
    public void Strftime_now_uses_the_template_clock()
    {
        var template = Template.Parse("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%Y-%m-%d %H:%M') }}");
        Assert.Equal("05 Mar 2024|2024-03-05 14:07", template.Render(clock: () => new DateTime(2024, 3, 5, 14, 7, 0)));
    }
}
