using Halos.Tokenizers.Json;

namespace Halos.Tokenizers;

/// <summary>Finds tokenizer.json and tokenizer_config.json for a model folder or a file path.</summary>
internal static class TokenizerFiles
{
    public static Tokenizer Load(string folderOrFile)
    {
        string file;
        if (Directory.Exists(folderOrFile))
        {
            file = Path.Combine(folderOrFile, "tokenizer.json");
            if (!File.Exists(file))
                throw new FileNotFoundException($"{folderOrFile}: no tokenizer.json in this folder (a Hugging Face model folder has tokenizer.json and tokenizer_config.json)", file);
        }
        else if (File.Exists(folderOrFile)) file = folderOrFile;
        else throw new FileNotFoundException($"{folderOrFile}: no such tokenizer file or model folder", folderOrFile);

        var configPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "tokenizer_config.json");
        var config = File.Exists(configPath) ? TokenizerConfig.FromFile(configPath) : TokenizerConfig.Empty;
        return TokenizerJsonReader.Read(TokenizerJsonText.ReadFile(file), file, config);
    }
}
