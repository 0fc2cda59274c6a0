using Halos.Models.Architectures;
using Halos.Models.Configuration;
using Halos.Torch;

namespace Halos.Models.Tests;

/// <summary>Small random models built in-test from config.json text, so these tests need no files.</summary>
internal static class TinyModels
{
    public const long Vocab = 97;

    public static readonly Dictionary<string, string> Configs = new()
    {
        ["gpt2"] = """{"model_type":"gpt2","architectures":["GPT2LMHeadModel"],"vocab_size":97,"n_positions":64,"n_embd":32,"n_layer":2,"n_head":4,"activation_function":"gelu_new","layer_norm_epsilon":1e-5,"resid_pdrop":0.1,"embd_pdrop":0.1,"attn_pdrop":0.1}""",
        ["llama_gqa"] = """{"model_type":"llama","architectures":["LlamaForCausalLM"],"vocab_size":97,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"rms_norm_eps":1e-6,"rope_theta":10000.0,"tie_word_embeddings":false}""",
        ["llama3_scaled"] = """{"model_type":"llama","architectures":["LlamaForCausalLM"],"vocab_size":97,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,"num_attention_heads":2,"num_key_value_heads":1,"rope_theta":500000.0,"rope_scaling":{"rope_type":"llama3","factor":8.0,"low_freq_factor":1.0,"high_freq_factor":4.0,"original_max_position_embeddings":16},"tie_word_embeddings":true}""",
        ["mistral"] = """{"model_type":"mistral","architectures":["MistralForCausalLM"],"vocab_size":97,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"sliding_window":5}""",
        ["qwen2"] = """{"model_type":"qwen2","architectures":["Qwen2ForCausalLM"],"vocab_size":97,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"rope_theta":1000000.0,"tie_word_embeddings":true}""",
        ["neox_serial"] = """{"model_type":"gpt_neox","architectures":["GPTNeoXForCausalLM"],"vocab_size":97,"hidden_size":32,"intermediate_size":64,"num_hidden_layers":2,"num_attention_heads":4,"rotary_pct":0.5,"rotary_emb_base":10000,"use_parallel_residual":false,"hidden_act":"gelu"}""",
        ["neox_parallel"] = """{"model_type":"gpt_neox","architectures":["GPTNeoXForCausalLM"],"vocab_size":97,"hidden_size":32,"intermediate_size":64,"num_hidden_layers":2,"num_attention_heads":4,"rotary_pct":0.25,"use_parallel_residual":true}""",
        ["gemma2"] = """{"model_type":"gemma2","architectures":["Gemma2ForCausalLM"],"vocab_size":97,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":3,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":12,"query_pre_attn_scalar":16,"attn_logit_softcapping":2.0,"final_logit_softcapping":3.0,"sliding_window":3,"hidden_activation":"gelu_pytorch_tanh"}""",
        ["phi3"] = """{"model_type":"phi3","architectures":["Phi3ForCausalLM"],"vocab_size":97,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"rms_norm_eps":1e-5,"sliding_window":5,"tie_word_embeddings":false}""",
        ["qwen3"] = """{"model_type":"qwen3","architectures":["Qwen3ForCausalLM"],"vocab_size":97,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":16,"rope_theta":1000000.0,"tie_word_embeddings":true}""",
        ["gemma2_seqcls"] = """{"model_type":"gemma2","architectures":["Gemma2ForSequenceClassification"],"vocab_size":97,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":12,"query_pre_attn_scalar":16,"sliding_window":3,"num_labels":1}""",
        ["phi3_seqcls"] = """{"model_type":"phi3","architectures":["Phi3ForSequenceClassification"],"vocab_size":97,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"num_labels":1}""",
        ["qwen3_seqcls"] = """{"model_type":"qwen3","architectures":["Qwen3ForSequenceClassification"],"vocab_size":97,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":16,"num_labels":1}""",
        ["llama_seqcls"] = """{"model_type":"llama","architectures":["LlamaForSequenceClassification"],"vocab_size":97,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"pad_token_id":2,"eos_token_id":2,"num_labels":1}""",
        ["gpt2_seqcls"] = """{"model_type":"gpt2","architectures":["GPT2ForSequenceClassification"],"vocab_size":97,"n_positions":64,"n_embd":32,"n_layer":2,"n_head":4,"id2label":{"0":"LABEL_0"}}""",
        ["bert_seqcls"] = """{"model_type":"bert","architectures":["BertForSequenceClassification"],"vocab_size":97,"hidden_size":32,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":48,"max_position_embeddings":64,"type_vocab_size":2,"hidden_act":"gelu","num_labels":1}""",
        ["ernie_seqcls"] = """{"model_type":"ernie","architectures":["ErnieForSequenceClassification"],"vocab_size":97,"hidden_size":32,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":48,"max_position_embeddings":64,"type_vocab_size":4,"use_task_id":true,"task_type_vocab_size":3,"hidden_act":"relu","num_labels":1}""",
    };

    public static readonly string[] CausalNames = ["gpt2", "llama_gqa", "llama3_scaled", "mistral", "qwen2", "neox_serial", "neox_parallel", "gemma2", "phi3", "qwen3"];
    public static readonly string[] ClassifierNames = ["llama_seqcls", "gpt2_seqcls", "bert_seqcls", "ernie_seqcls", "gemma2_seqcls", "phi3_seqcls", "qwen3_seqcls"];

    public static TransformerModel Create(string name, ModelOptions? options = null, ulong seed = 7)
    {
        torch.manual_seed(seed);
        var model = ArchitectureCatalog.Create(HfConfig.Parse(Configs[name], $"{name}/config.json"), options);
        // Nonzero biases and norm weights, so a loader that skipped them would show.
        using (torch.no_grad())
            foreach (var (_, p) in model.named_parameters())
                if (p.dim() == 1) p.add_(0.1);  // in place: returns p itself
        model.eval();
        return model;
    }

    public static CausalLanguageModel Causal(string name, ModelOptions? options = null) => (CausalLanguageModel)Create(name, options);

    public static Tensor RandomIds(long batch, long length, ulong seed = 11)
    {
        torch.manual_seed(seed);
        return torch.randint(3, Vocab, [batch, length]);
    }

    public static float MaxAbsDifference(Tensor a, Tensor b)
    {
        using var diff = (a - b).abs();
        using var max = diff.max();
        return max.to(ScalarType.Float32).item<float>();
    }

    public static string TempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "halos-models-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
