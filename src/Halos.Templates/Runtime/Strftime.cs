using System.Globalization;
using System.Text;
using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

/// <summary>Python/C <c>strftime</c> directives, for templates that stamp today's date (Llama 3.1: <c>"%d %b %Y"</c>).</summary>
public static class Strftime
{
    public static string Format(DateTime time, string format)
    {
        var culture = CultureInfo.InvariantCulture;
        var builder = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                builder.Append(format[i]);
                continue;
            }
            char directive = format[++i];
            bool noPad = directive == '-' && i + 1 < format.Length;
            if (noPad) directive = format[++i];
            string Pad(int value, int width) => noPad ? value.ToString(culture) : value.ToString(new string('0', width), culture);
            builder.Append(directive switch
            {
                'Y' => time.Year.ToString(culture),
                'y' => Pad(time.Year % 100, 2),
                'm' => Pad(time.Month, 2),
                'd' => Pad(time.Day, 2),
                'e' => time.Day.ToString(culture).PadLeft(2),
                'H' => Pad(time.Hour, 2),
                'I' => Pad(time.Hour % 12 == 0 ? 12 : time.Hour % 12, 2),
                'M' => Pad(time.Minute, 2),
                'S' => Pad(time.Second, 2),
                'f' => (time.Ticks % TimeSpan.TicksPerSecond / 10).ToString("000000", culture),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'b' or 'h' => culture.DateTimeFormat.GetAbbreviatedMonthName(time.Month),
                'B' => culture.DateTimeFormat.GetMonthName(time.Month),
                'a' => culture.DateTimeFormat.GetAbbreviatedDayName(time.DayOfWeek),
                'A' => culture.DateTimeFormat.GetDayName(time.DayOfWeek),
                'j' => Pad(time.DayOfYear, 3),
                'w' => ((int)time.DayOfWeek).ToString(culture),
                'Z' => time.Kind == DateTimeKind.Utc ? "UTC" : "",
                '%' => "%",
                _ => throw new ValueOperationException($"strftime directive '%{directive}' is not supported"),
            });
        }
        return builder.ToString();
    }
}
