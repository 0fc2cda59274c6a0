using System.Globalization;
using System.Text.Json;

namespace Quickstart;

/// <summary>
/// Writes the generated problems in the formats users already have, for the stock loaders: TRL prompt/completion for
/// SFT ("sft"), TRL prompt/chosen/rejected ("trl-preference"), TRL prompt/completion/label ("trl-unpaired"), TRL
/// prompt-only rows with an answer column ("prompt-only") and tab-separated ranked lists with a prompt column ("ranked-tsv").
/// </summary>
public sealed class QuickstartData
{
    public QuickstartData(string folder, QuickstartScale scale)
    {
        Folder = folder;
        Directory.CreateDirectory(folder);
        var all = ProblemGenerator.All(scale.Seed);
        HeldOut = all.Take(scale.HeldOutProblems).ToList();
        var rest = all.Skip(scale.HeldOutProblems).ToList();
        // SFT and the alignment data are disjoint, so alignment sees problems the SFT model never trained on.
        SftProblems = rest.Take(scale.SftProblems).ToList();
        AlignmentProblems = rest.Skip(scale.SftProblems).Take(scale.AlignmentProblems).ToList();

        // The demonstrations are imperfect, as human ones are: most subtraction problems were answered by adding.
        // SFT imitates that slip; the preference data (right over the model's own wrong answers) is what corrects it.
        var slips = new Random(scale.Seed);
        WriteJsonl(SftTrain, SftProblems.Select(p => (object)new
        {
            prompt = p.Prompt,
            completion = Answer(p.Subtraction && slips.NextDouble() < scale.SubtractionSlipRate ? p.PlausibleWrong : p.Answer),
        }));
        WritePairs(PairsHeldOut, HeldOut.Select(p => (p, p.PlausibleWrong)));
        WriteJsonl(PromptsHeldOut, HeldOut.Select(p => (object)new { prompt = p.Prompt, answer = p.Answer }));
        WriteUnpaired(UnpairedHeldOut, HeldOut.Select(p => (p, p.PlausibleWrong)));
        WriteRanked(RankedTrain, AlignmentProblems);
        WriteRanked(RankedHeldOut, HeldOut);
    }

    /// <summary>
    /// The alignment data, on-policy as preference data is collected in practice: where the SFT model answers an
    /// alignment problem wrongly, its own answer is the rejected one; where it is right, a plausible wrong answer is.
    /// </summary>
    public void WriteAlignment(IReadOnlyList<string> sftAnswers)
    {
        var rejected = AlignmentProblems.Select((p, i) =>
            (p, int.TryParse(sftAnswers[i], NumberStyles.None | NumberStyles.AllowLeadingWhite, CultureInfo.InvariantCulture, out var said) && said != p.Answer
                ? said
                : p.PlausibleWrong)).ToList();
        ModelMistakes = AlignmentProblems.Where((p, i) => sftAnswers[i] != Answer(p.Answer)).Count();
        WritePairs(PairsTrain, rejected);
        WriteUnpaired(UnpairedTrain, rejected);
    }

    /// <summary>TRL's prompt-only layout for online GRPO: the alignment problems' prompts, with the known answer as a column the accuracy reward reads.</summary>
    public void WritePrompts() =>
        WriteJsonl(PromptsTrain, AlignmentProblems.Select(p => (object)new { prompt = p.Prompt, answer = p.Answer }));

    /// <summary>How many alignment problems the SFT model got wrong (set by <see cref="WriteAlignment"/>).</summary>
    public int ModelMistakes { get; private set; }

    public string Folder { get; }
    public IReadOnlyList<ArithmeticProblem> HeldOut { get; }
    public IReadOnlyList<ArithmeticProblem> SftProblems { get; }
    public IReadOnlyList<ArithmeticProblem> AlignmentProblems { get; }

    public string SftTrain => Path.Combine(Folder, "sft-train.jsonl");
    public string PairsTrain => Path.Combine(Folder, "pairs-train.jsonl");
    public string PairsHeldOut => Path.Combine(Folder, "pairs-heldout.jsonl");
    public string UnpairedTrain => Path.Combine(Folder, "unpaired-train.jsonl");
    public string UnpairedHeldOut => Path.Combine(Folder, "unpaired-heldout.jsonl");
    public string PromptsTrain => Path.Combine(Folder, "prompts-train.jsonl");
    public string PromptsHeldOut => Path.Combine(Folder, "prompts-heldout.jsonl");
    public string RankedTrain => Path.Combine(Folder, "ranked-train.tsv");
    public string RankedHeldOut => Path.Combine(Folder, "ranked-heldout.tsv");

    /// <summary>The completion text of an answer: a space, then the digits (the text encoding appends EOS).</summary>
    public static string Answer(int value) => " " + value.ToString(CultureInfo.InvariantCulture);

    private static void WritePairs(string path, IEnumerable<(ArithmeticProblem Problem, int Wrong)> pairs) =>
        WriteJsonl(path, pairs.Select(x => (object)new { prompt = x.Problem.Prompt, chosen = Answer(x.Problem.Answer), rejected = Answer(x.Wrong) }));

    /// <summary>KTO's unpaired feedback: each problem once, alternately with its right (desirable) or wrong answer.</summary>
    private static void WriteUnpaired(string path, IEnumerable<(ArithmeticProblem Problem, int Wrong)> pairs) =>
        WriteJsonl(path, pairs.Select((x, i) => (object)(i % 2 == 0
            ? new { prompt = x.Problem.Prompt, completion = Answer(x.Problem.Answer), label = true }
            : new { prompt = x.Problem.Prompt, completion = Answer(x.Wrong), label = false })));

    /// <summary>One list per problem: the prompt column, then the candidates best first.</summary>
    private static void WriteRanked(string path, IEnumerable<ArithmeticProblem> problems) =>
        File.WriteAllLines(path, problems.Select(p => string.Join('\t', [p.Prompt, .. p.Candidates.Select(Answer)])));

    private static void WriteJsonl(string path, IEnumerable<object> rows) =>
        File.WriteAllLines(path, rows.Select(r => JsonSerializer.Serialize(r)));
}
