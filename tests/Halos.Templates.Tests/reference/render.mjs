// Reference renderer for the C# chat-template tests: renders each case with @huggingface/jinja.
// Usage: node render.mjs <@huggingface/jinja package dir> <cases.json> <results.json>
// cases.json:   [{ "template": "...", "variables": { ... } }, ...]
// results.json: [{ "output": "..." } | { "error": "..." }, ...] in the same order.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [jinjaDir, casesPath, resultsPath] = process.argv.slice(2);
const { Template } = await import(pathToFileURL(join(jinjaDir, "dist", "index.js")).href);

const cases = JSON.parse(readFileSync(casesPath, "utf8"));
const results = cases.map(({ template, variables }) => {
  try {
    return { output: new Template(template).render(variables) };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
});
writeFileSync(resultsPath, JSON.stringify(results));
