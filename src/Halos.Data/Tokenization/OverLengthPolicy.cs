namespace Halos.Data.Tokenization;

/// <summary>What happens to a row longer than <c>max_length</c> or with a prompt longer than <c>max_prompt_length</c>.</summary>
public enum OverLengthPolicy
{
    /// <summary>Keep the most recent prompt turns (then the prompt's last tokens), then cut the completion's end.</summary>
    Truncate,
    /// <summary>Leave the row out; it is counted in the report printed before training.</summary>
    Drop,
    /// <summary>Stop with an error naming the row and its lengths.</summary>
    Error,
}
