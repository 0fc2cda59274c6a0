using Halos.Templates.Values;

namespace Halos.Templates.Tests;

/// <summary>Shorthand for unit tests: parse and render with variables given as JSON.</summary>
static class Render
{
    public static string Text(string template, string variablesJson = "{}")
    {
        var variables = (OrderedDictionary<string, object?>)TemplateValue.FromJson(variablesJson)!;
        return Template.Parse(template).Render(variables);
    }
}
