using Halos.Data.Formats;

namespace Halos.Loaders;

// One plugin class per format; each is discovered by the host and registered under the format's name.

/// <summary>"trl-preference": prompt?/chosen/rejected[/margin], standard or conversational, explicit or implicit prompt.</summary>
public sealed class TrlPreferenceLoader() : FormatLoaderPlugin(new TrlPreferenceFormat());

/// <summary>"trl-pretokenized": input_ids_chosen/_rejected (+ attention masks) or chosen_ids/rejected_ids[, margin].</summary>
public sealed class TrlPretokenizedLoader() : FormatLoaderPlugin(new TrlPretokenizedFormat());

/// <summary>"trl-unpaired": prompt/completion/label[/score].</summary>
public sealed class TrlUnpairedLoader() : FormatLoaderPlugin(new TrlUnpairedFormat());

/// <summary>"sft": prompt/completion, messages, or text.</summary>
public sealed class SftLoader() : FormatLoaderPlugin(new SftFormat());

/// <summary>"halos-feedback": HALOs binary_feedback / pairwise_feedback JSON, grouped by prompt_id, split-aware.</summary>
public sealed class HalosFeedbackLoader() : FormatLoaderPlugin(new HalosFeedbackFormat());

/// <summary>"hh-rlhf": Anthropic HH transcripts.</summary>
public sealed class HhRlhfLoader() : FormatLoaderPlugin(new HhRlhfFormat());

/// <summary>"ranked-tsv": tab-separated responses, best first.</summary>
public sealed class RankedTsvLoader() : FormatLoaderPlugin(new RankedTsvFormat());

/// <summary>"prompt-only": prompt (text or messages) plus extra fields, for online training.</summary>
public sealed class PromptOnlyLoader() : FormatLoaderPlugin(new PromptOnlyFormat());
