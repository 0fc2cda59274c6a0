// Peer side of bench/Halos.Bench.Tokenizers: @huggingface/tokenizers on node over a JSONL corpus.
//
//   node encode-bench.mjs --modules DIR --input texts.jsonl --output ids.jsonl --seconds 3
//                         (--tokenizer tokenizer.json [--config tokenizer_config.json] | --gpt2 encoder.json vocab.bpe)
//
// One warm-up pass, then timed passes until --seconds have passed; prints {"best_seconds": s, "passes": n}.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const option = (name, count = 1) => {
  const i = args.indexOf(name);
  if (i < 0) return null;
  return count === 1 ? args[i + 1] : args.slice(i + 1, i + 1 + count);
};
const { Tokenizer } = await import(pathToFileURL(join(option("--modules"), "@huggingface/tokenizers/dist/tokenizers.mjs")).href);

let tokenizer;
if (option("--gpt2", 2)) {
  const [encoderPath, bpePath] = option("--gpt2", 2);
  const vocab = JSON.parse(readFileSync(encoderPath, "utf8"));
  const merges = readFileSync(bpePath, "utf8").split("\n").filter((l) => l.length > 0 && !l.startsWith("#version"));
  tokenizer = new Tokenizer({
    added_tokens: [{ id: vocab["<|endoftext|>"], content: "<|endoftext|>", special: true, normalized: false }],
    normalizer: null,
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, use_regex: true },
    post_processor: { type: "ByteLevel", trim_offsets: true },
    decoder: { type: "ByteLevel" },
    model: { type: "BPE", vocab, merges },
  }, {});
} else {
  const config = option("--config") ? JSON.parse(readFileSync(option("--config"), "utf8")) : {};
  tokenizer = new Tokenizer(JSON.parse(readFileSync(option("--tokenizer"), "utf8")), config);
}

const texts = readFileSync(option("--input"), "utf8").split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l));
const pass = () => texts.map((t) => tokenizer.encode(t).ids);
let ids = pass();
const minSeconds = Number(option("--seconds") ?? 3);
let best = Infinity;
let passes = 0;
const start = process.hrtime.bigint();
do {
  const t0 = process.hrtime.bigint();
  ids = pass();
  best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  passes++;
} while (Number(process.hrtime.bigint() - start) / 1e9 < minSeconds);
writeFileSync(option("--output"), ids.map((x) => JSON.stringify(x)).join("\n") + "\n");
console.log(JSON.stringify({ best_seconds: best, passes }));
