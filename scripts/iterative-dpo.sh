#!/usr/bin/env bash
# HALOs' iterative recipe on the quickstart's problems: each round samples from the current policy, labels the samples
# with a reward model, and trains DPO on the labelled pairs from the current policy (also the round's reference); the
# round's model is the next round's policy. Prints each round's held-out greedy accuracy. A sampled empty answer is
# kept as a sample (an empty rejected answer is a fair preference), so training allows empty completions. Needs a finished
# ./quickstart.sh (its SFT model, reward model and data in runs/quickstart). Usage: scripts/iterative-dpo.sh [ROUNDS] [OUT]
# LABEL_WITH=accuracy labels with the known answers (the accuracy reward) instead of the reward model;
# QUICKSTART_DIR names another quickstart output (e.g. a --smoke one); DPO_STEPS (50) the steps per round.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
out="${2:-$root/runs/iterative}"
quick="${QUICKSTART_DIR:-$root/runs/quickstart}"
for need in "$quick/sft/final" "$quick/reward/final" "$quick/data/prompts-train.jsonl" "$quick/data/prompts-heldout.jsonl"; do
  [[ -e "$need" ]] || { echo "iterative-dpo: $need is missing; run ./quickstart.sh first" >&2; exit 2; }
done
# HALOS_DLL names an already built host (the tests' own); otherwise the Release host is built here.
if [[ -z "${HALOS_DLL:-}" ]]; then
  dotnet build "$root/src/Halos.Host" -c Release -v quiet -nologo >/dev/null
  HALOS_DLL="$root/src/Halos.Host/bin/Release/net10.0/halos.dll"
fi
halos() { dotnet "$HALOS_DLL" "$@" --root "$root"; }
accuracy() {  # greedy answers to the held-out problems, scored by the accuracy reward: its mean is the accuracy
  halos sample --model "$1" --input "$quick/data/prompts-heldout.jsonl" --output "$2/heldout-answers.jsonl" --temperature 0 --max-new-tokens 4 >/dev/null 2>&1
  halos label --input "$2/heldout-answers.jsonl" --output "$2/heldout-scored.jsonl" --as unpaired --desirable-above 1 \
    --Rewards:Sources:0:Type=accuracy --Rewards:Sources:0:Field=answer 2>/dev/null | sed -n 's/^  reward = //p'
}
if [[ "${LABEL_WITH:-model}" == accuracy ]]; then source=(--Rewards:Sources:0:Type=accuracy --Rewards:Sources:0:Field=answer)
else source=(--Rewards:Sources:0:Type=model --Rewards:Sources:0:Path="$quick/reward/final"); fi
rm -rf "$out"; mkdir -p "$out/round0"
policy="$quick/sft/final"
echo "round 0 (SFT): held-out accuracy $(accuracy "$policy" "$out/round0")"
for r in $(seq 1 "$rounds"); do
  dir="$out/round$r"; mkdir -p "$dir"
  halos sample --model "$policy" --input "$quick/data/prompts-train.jsonl" --output "$dir/samples.jsonl" \
    --num-samples 4 --max-new-tokens 8 --temperature 1 --seed "$r" >"$dir/sample.log" 2>&1 || { cat "$dir/sample.log" >&2; exit 1; }
  halos label --input "$dir/samples.jsonl" --output "$dir/pairs.jsonl" \
    "${source[@]}" --Data:MaxLength=64 >"$dir/label.log" 2>&1 || { cat "$dir/label.log" >&2; exit 1; }
  halos train --quiet --profile quickstart-dpo --Model:Checkpoint="$policy" --Data:Train="$dir/pairs.jsonl" \
    --Training:OutputDir="$dir/dpo" --Training:MaxSteps="${DPO_STEPS:-50}" --Training:BatchSize=32 --Data:MaxLength=64 \
    --Data:Options:AllowEmptyCompletions=true >"$dir/train.log" 2>&1 || { cat "$dir/train.log" >&2; exit 1; }
  policy="$dir/dpo/final"
  echo "round $r: $(sed -n 's/^  pairs = //p' "$dir/label.log") pairs ($(sed -n 's/^  ties = //p' "$dir/label.log") ties), held-out accuracy $(accuracy "$policy" "$dir")"
done
