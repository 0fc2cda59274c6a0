using System.ComponentModel.DataAnnotations;
using Halos.Torch;

namespace Halos.Abstractions.Options;

/// <summary>Accepts a dtype spelling that <see cref="ScalarTypeInfo.Parse"/> understands and that a model can be trained in.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ScalarTypeNameAttribute : ValidationAttribute
{
    public const string Expected = "float32, bfloat16, float16 or float64";

    public override bool IsValid(object? value)
    {
        if (value is not string name) return value is null;
        try { return ScalarTypeInfo.Parse(name).IsFloatingPoint(); }
        catch (ArgumentException) { return false; }
    }

    public override string FormatErrorMessage(string name) => $"expected {Expected}";
}
