using Halos.Templates.Lexing;

namespace Halos.Templates.Tests;

public class WhitespaceControlTests
{
    [Fact]
    public void Trim_blocks_drops_newline_after_tag_and_lstrip_blocks_drops_indentation()
    {
        const string template = "<ul>\n  {% for x in xs %}\n  <li>{{ x }}</li>\n  {% endfor %}\n</ul>";
        Assert.Equal("<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>", Render.Text(template, """{"xs": [1, 2]}"""));
    }

    [Fact]
    public void Without_trim_and_lstrip_whitespace_is_kept()
    {
        const string template = "<ul>\n  {% for x in xs %}\n  <li>{{ x }}</li>\n  {% endfor %}\n</ul>";
        var rendered = Template.Parse(template, WhitespaceOptions.JinjaDefaults)
            .Render(new Dictionary<string, object?> { ["xs"] = new List<object?> { 1L, 2L } });
        Assert.Equal("<ul>\n  \n  <li>1</li>\n  \n  <li>2</li>\n  \n</ul>", rendered);
    }

    [Theory]
    [InlineData("a  \n  {%- if true %}b{% endif %}", "ab")]
    [InlineData("{% if true -%}  \n\n  b{% endif %}", "b")]
    [InlineData("a \n {{- 'b' -}} \n c", "abc")]
    [InlineData("x\n    {%+ if true %}y{% endif %}", "x\n    y")]
    [InlineData("{% if true +%}\ny{% endif %}", "\ny")]
    [InlineData("a {# note #} b", "a  b")]
    [InlineData("a\n  {# note #}\nb", "a\nb")]
    [InlineData("a {#- note -#} b", "ab")]
    [InlineData("{{ 'x' }}\n{{ 'y' }}", "x\ny")]
    [InlineData("line\n", "line")]
    [InlineData("{% raw %}{{ not evaluated }}{% endraw %}", "{{ not evaluated }}")]
    [InlineData("  {%- raw -%}  {% if %} {%- endraw %}!", "{% if %}!")]
    public void Whitespace_modifiers(string template, string expected) => Assert.Equal(expected, Render.Text(template));

    [Fact]
    public void Lstrip_only_applies_when_the_tag_starts_the_line()
    {
        Assert.Equal("a  b", Render.Text("a  {% if true %}b{% endif %}"));
    }

    [Fact]
    public void Generation_block_renders_its_content()
    {
        const string template = "{% for m in messages %}{% if m.role == 'assistant' %}{% generation %}{{ m.content }}{% endgeneration %}{% else %}{{ m.content }}{% endif %}|{% endfor %}";
        Assert.Equal("q|a|", Render.Text(template, """{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}"""));
    }
}
