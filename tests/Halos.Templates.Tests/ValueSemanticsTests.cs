namespace Halos.Templates.Tests;

/// <summary>Values print and combine the way Python does, since templates were written against Python Jinja.</summary>
public class ValueSemanticsTests
{
    [Theory]
    [InlineData("{{ true }} {{ False }} {{ none }} {{ None }}", "True False None None")]
    [InlineData("{{ 1.0 }} {{ 0.1 + 0.2 }} {{ 1e20 }} {{ 1.5e-7 }} {{ 2 ** 0.5 }} {{ 1e16 }}", "1.0 0.30000000000000004 1e+20 1.5e-07 1.4142135623730951 1e+16")]
    [InlineData("{{ 7 / 2 }} {{ 6 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 7.5 // 2 }} {{ 2 ** 10 }}", "3.5 3.0 3 -4 1 2 3.0 1024")]
    [InlineData("{{ {'a': 1, 'b': [true, none, 'x']} }}", "{'a': 1, 'b': [True, None, 'x']}")]
    [InlineData("{{ [\"it's\"] }} {{ ['a\\nb'] }}", "[\"it's\"] ['a\\nb']")]
    [InlineData("{{ 'ab' * 3 }} {{ [1] + [2, 3] }} {{ 'a' ~ 1 ~ none ~ true }} {{ 'x' + 'y' }}", "ababab [1, 2, 3] a1NoneTrue xy")]
    [InlineData("{{ 1 == 1.0 }} {{ true == 1 }} {{ 'a' == 1 }} {{ [1, 2] == [1, 2] }} {{ 'b' > 'a' }} {{ [1, 2] < [1, 3] }}", "True True False True True True")]
    [InlineData("{{ 'a' in 'cat' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 3 not in [1] }}", "True True True True")]
    [InlineData("{{ [] or 'empty' }} {{ 'x' and 'y' }} {{ '' and 'y' }}|{{ not {} }} {{ not 0.0 }} {{ not 'a' }}", "empty y |True True False")]
    [InlineData("{{ 'yes' if [0] else 'no' }} {{ 'yes' if '' else 'no' }} [{{ 'only' if false }}]", "yes no []")]
    [InlineData("[{{ missing }}] [{{ missing.attr }}] [{{ missing['k'] }}] {{ missing | length }}", "[] [] [] 0")]
    [InlineData("{{ -2 ** 2 }} {{ (1 + 2) * 3 }} {{ 1 + 2 * 3 }} {{ 10 - 2 - 3 }} {{ 'a' ~ (1 + 2) }}", "4 9 7 5 a3")]
    [InlineData("{{ 'x' 'y' }} {{ \"tab\\there\" }} {{ '\\u00e9' }}", "xy tab\there é")]
    public void Values(string template, string expected) => Assert.Equal(expected, Render.Text(template));

    [Fact]
    public void Adding_a_string_to_an_int_is_a_type_error_with_line()
    {
        var error = Assert.Throws<TemplateRuntimeException>(() => Render.Text("ok\n{{ 'a' + 1 }}"));
        Assert.Equal(2, error.Line);
        Assert.Contains("unsupported operand type(s) for +: 'str' and 'int'", error.Message);
    }
}
