using Halos.Data.Loading;
using Halos.Data.Reading;

namespace Halos.Data.Formats;

/// <summary>The checks every completion passes, whatever the format.</summary>
internal static class CompletionChecks
{
    /// <summary>
    /// An empty response is almost always a broken export, so it is an error unless the format (or
    /// <c>AllowEmptyCompletions</c>) says empty answers are real data.
    /// </summary>
    public static string NonEmpty(JsonRecord row, string field, string completion, DataReadRequest request, bool formatAllowsEmpty = false)
    {
        if (string.IsNullOrWhiteSpace(completion) && !(request.AllowEmptyCompletions ?? formatAllowsEmpty))
            throw row.Error(field, "the completion is empty; expected response text (set Data:Options:AllowEmptyCompletions=true if empty answers are intended)");
        return completion;
    }

    /// <summary>Prompt and completions must be in the same form, or the template would see half a conversation.</summary>
    public static void SameForm(JsonRecord row, TextOrConversation prompt, TextOrConversation completion, string promptField, string completionField)
    {
        if (prompt.IsConversational != completion.IsConversational)
            throw row.Error(completionField, $"'{promptField}' is {(prompt.IsConversational ? "a conversation" : "text")} but '{completionField}' is {(completion.IsConversational ? "a conversation" : "text")}; expected both in the same form");
    }
}
