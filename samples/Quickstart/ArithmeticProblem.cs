namespace Quickstart;

/// <summary>
/// One word problem with a single right answer. <see cref="Prompt"/> is the text the model continues; the answer is
/// the digits it should write next. <see cref="Candidates"/> are answers ranked best first by their distance from the
/// truth, so a ranked list carries a real order, not just right versus wrong.
/// </summary>
public sealed record ArithmeticProblem(string Id, string Question, bool Subtraction, int Answer, int PlausibleWrong, IReadOnlyList<int> Candidates)
{
    /// <summary>What precedes the answer; plain text, so the tokenizer needs no chat template.</summary>
    public string Prompt => $"{Question} A:";
}
