// Reference ids from @huggingface/tokenizers (tokenizers.js), for the C# parity tests and benchmark.
//
//   node encode.mjs --modules DIR (--tokenizer tokenizer.json [--config tokenizer_config.json] | --gpt2 encoder.json vocab.bpe)
//                   --input texts.jsonl --output ids.jsonl [--no-special] [--time]
//
// texts.jsonl holds one JSON string per line (so texts may contain newlines); ids.jsonl gets one
// JSON array of ids per line. With --time, prints {"seconds": s, "chars": n, "bytes": n} on stdout.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const option = (name, count = 1) => {
  const i = args.indexOf(name);
  if (i < 0) return null;
  return count === 1 ? args[i + 1] : args.slice(i + 1, i + 1 + count);
};

const modules = option("--modules");
if (!modules) throw new Error("--modules (the node_modules folder of .cache/npm-fixtures) is required");
const { Tokenizer } = await import(pathToFileURL(join(modules, "@huggingface/tokenizers/dist/tokenizers.mjs")).href);

function gpt2Tokenizer([encoderPath, bpePath]) {
  const vocab = JSON.parse(readFileSync(encoderPath, "utf8"));
  const merges = readFileSync(bpePath, "utf8").split("\n").filter((l) => l.length > 0 && !l.startsWith("#version"));
  const json = {
    version: "1.0",
    added_tokens: [{ id: vocab["<|endoftext|>"], content: "<|endoftext|>", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
    normalizer: null,
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    decoder: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: { type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: "", end_of_word_suffix: "", fuse_unk: false, vocab, merges },
  };
  return new Tokenizer(json, {});
}

let tokenizer;
if (option("--gpt2", 2)) {
  tokenizer = gpt2Tokenizer(option("--gpt2", 2));
} else {
  const json = JSON.parse(readFileSync(option("--tokenizer"), "utf8"));
  const configPath = option("--config");
  const config = configPath ? JSON.parse(readFileSync(configPath, "utf8")) : {};
  tokenizer = new Tokenizer(json, config);
}

const texts = readFileSync(option("--input"), "utf8").split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l));
const addSpecialTokens = !args.includes("--no-special");
const repeat = Number(option("--repeat") ?? 1);

let out = null;
const start = process.hrtime.bigint();
for (let r = 0; r < repeat; r++) {
  out = texts.map((t) => tokenizer.encode(t, { add_special_tokens: addSpecialTokens }).ids);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;

const output = option("--output");
if (output) writeFileSync(output, out.map((ids) => JSON.stringify(ids)).join("\n") + "\n");
if (args.includes("--time")) {
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, "utf8"), 0) * repeat;
  const chars = texts.reduce((n, t) => n + t.length, 0) * repeat;
  console.log(JSON.stringify({ seconds, chars, bytes }));
}
