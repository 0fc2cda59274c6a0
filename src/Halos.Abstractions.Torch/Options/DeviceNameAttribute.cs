using System.ComponentModel.DataAnnotations;
using Halos.Torch;

namespace Halos.Abstractions.Options;

/// <summary>Accepts a device spelling that <see cref="Device.Parse"/> understands.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DeviceNameAttribute : ValidationAttribute
{
    public override bool IsValid(object? value)
    {
        if (value is not string spec) return value is null;
        try { Device.Parse(spec); return true; }
        catch (ArgumentException) { return false; }
    }

    public override string FormatErrorMessage(string name) => "expected cpu, cuda or cuda:N";
}
