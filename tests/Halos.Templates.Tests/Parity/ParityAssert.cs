using System.Text.Json;

namespace Halos.Templates.Tests.Parity;

/// <summary>Renders cases with the C# interpreter and @huggingface/jinja and requires identical text.</summary>
public static class ParityAssert
{
    /// <param name="render">How the C# side renders a case (plain Template, or ChatTemplate API).</param>
    public static void Identical(IReadOnlyList<ParityCase> cases, Func<ParityCase, string>? render = null)
    {
        render ??= RenderWithTemplate;
        var reference = JinjaReference.Render(cases);
        var failures = new List<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            var expected = reference[i];
            if (expected.Error is not null)
            {
                failures.Add($"[{cases[i].Name}] the reference renderer threw: {expected.Error}");
                continue;
            }
            string actual;
            try
            {
                actual = render(cases[i]);
            }
            catch (TemplateException error)
            {
                failures.Add($"[{cases[i].Name}] C# threw {error.GetType().Name}: {error.Message}");
                continue;
            }
            if (TextDiff.FirstDifference(expected.Output!, actual) is { } difference)
                failures.Add($"[{cases[i].Name}] {difference}");
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    public static string RenderWithTemplate(ParityCase parityCase)
    {
        using var document = JsonDocument.Parse(parityCase.Variables.ToJsonString());
        var variables = document.RootElement.EnumerateObject()
            .Select(p => new KeyValuePair<string, object?>(p.Name, p.Value.Clone()));
        return Template.Parse(parityCase.Template).Render(variables);
    }
}
