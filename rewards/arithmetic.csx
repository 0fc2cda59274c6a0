// rewards/arithmetic.csx: 1 when the completion's final answer equals the row's "answer" column, else 0, as the
// built-in "accuracy" source does; a row without an answer is skipped (null), so no completion of it trains.
// final_answer takes the last \boxed{...}, else what follows "####", else the last number in the text;
// same_answer compares numerically when both sides parse as numbers, else as trimmed text.
if (!Has("answer")) return null;
return same_answer(final_answer(Completion), Field("answer")) ? 1.0 : 0.0;
