using System.Globalization;
using System.Net;
using System.Text;

namespace Halos.Host.Report;

/// <summary>One line of a chart: a run's training (solid) or evaluation (dashed, with markers) values against step.</summary>
public sealed record ChartSeries(string Label, string Color, bool Dashed, IReadOnlyList<(double Step, double Value)> Points);

/// <summary>
/// A line chart as a standalone SVG document: axes with rounded ticks, one polyline per series, a legend. Styling is in
/// attributes, not CSS, so the same text renders alike inline in the report and as a file in a paper or slide.
/// </summary>
public static class SvgLineChart
{
    private const double Width = 520, Height = 280, Left = 64, Right = 14, Top = 30, Bottom = 52;

    public static string Render(string title, IReadOnlyList<ChartSeries> series)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        var (x0, x1) = Range(points.Select(p => p.Step));
        var (y0, y1) = Range(points.Select(p => p.Value));
        var yTicks = Ticks(y0, y1);
        (y0, y1) = (Math.Min(y0, yTicks[0]), Math.Max(y1, yTicks[^1]));
        double X(double step) => Left + (step - x0) / (x1 - x0) * (Width - Left - Right);
        double Y(double value) => Height - Bottom - (value - y0) / (y1 - y0) * (Height - Top - Bottom);

        var svg = new StringBuilder();
        svg.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"11\">"));
        svg.Append($"<title>{Escape(title)}</title><rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.Append(F($"<text x=\"{Left}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{Escape(title)}</text>"));
        foreach (var tick in yTicks)
            svg.Append(F($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(tick):0.#}\" y2=\"{Y(tick):0.#}\" stroke=\"#e4e4e4\"/>"))
               .Append(F($"<text x=\"{Left - 6}\" y=\"{Y(tick) + 4:0.#}\" text-anchor=\"end\">{Label(tick)}</text>"));
        foreach (var tick in Ticks(x0, x1).Where(t => t >= x0 && t <= x1))
            svg.Append(F($"<text x=\"{X(tick):0.#}\" y=\"{Height - Bottom + 15}\" text-anchor=\"middle\">{Label(tick)}</text>"));
        svg.Append(F($"<path d=\"M{Left} {Top}V{Height - Bottom}H{Width - Right}\" fill=\"none\" stroke=\"#555\"/>"));
        svg.Append(F($"<text x=\"{Width - Right}\" y=\"{Height - Bottom + 28}\" text-anchor=\"end\" fill=\"#555\">step</text>"));

        foreach (var s in series.Where(s => s.Points.Count > 0))
        {
            var d = string.Join("", s.Points.Select((p, i) => F($"{(i == 0 ? 'M' : 'L')}{X(p.Step):0.##} {Y(p.Value):0.##}")));
            svg.Append($"<path d=\"{d}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.6\"{(s.Dashed ? " stroke-dasharray=\"5 3\"" : "")}/>");
            // A lone point or an evaluation gets markers: a line through one point draws nothing.
            if (s.Dashed || s.Points.Count == 1)
                foreach (var p in s.Points)
                    svg.Append(F($"<circle cx=\"{X(p.Step):0.##}\" cy=\"{Y(p.Value):0.##}\" r=\"2.6\" fill=\"{s.Color}\"/>"));
        }
        var legendX = Left;
        foreach (var s in series.Where(s => s.Points.Count > 0))
        {
            var y = Height - 10;
            svg.Append(F($"<line x1=\"{legendX}\" x2=\"{legendX + 18}\" y1=\"{y - 4}\" y2=\"{y - 4}\" stroke=\"{s.Color}\" stroke-width=\"2\"{(s.Dashed ? " stroke-dasharray=\"5 3\"" : "")}/>"));
            svg.Append(F($"<text x=\"{legendX + 22}\" y=\"{y}\">{Escape(s.Label)}</text>"));
            legendX += 30 + 6.2 * s.Label.Length;
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The span of the values, widened when they are all equal so the axis still has a length.</summary>
    private static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0) return (0, 1);
        var (min, max) = (list.Min(), list.Max());
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max))) return (min - Math.Max(0.5, Math.Abs(min) * 0.05), max + Math.Max(0.5, Math.Abs(max) * 0.05));
        return (min, max);
    }

    /// <summary>About five ticks at 1, 2 or 5 times a power of ten, covering [min, max].</summary>
    private static double[] Ticks(double min, double max)
    {
        var rough = (max - min) / 5;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(s => s >= rough);
        var first = Math.Floor(min / step) * step;
        var ticks = new List<double>();
        for (var t = first; t <= max + step * 1e-9; t += step) ticks.Add(Math.Round(t / step) * step);
        if (ticks[^1] < max) ticks.Add(ticks[^1] + step);
        return [.. ticks];
    }

    private static string Label(double value) => Math.Abs(value) < 1e-12 ? "0" : value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
