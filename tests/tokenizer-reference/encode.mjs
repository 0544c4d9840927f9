// Reference token ids from @huggingface/tokenizers (pure JS): node encode.mjs <tokenizer.json> <texts.json>
// texts.json is a JSON array of strings; prints a JSON array of id arrays, special tokens added as the
// tokenizer.json's post-processor says (no truncation: the library has none, so callers keep texts short).
import { readFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";

const [tokenizerPath, textsPath] = process.argv.slice(2);
if (!tokenizerPath || !textsPath) {
  console.error("usage: node encode.mjs <tokenizer.json> <texts.json>");
  process.exit(2);
}
const tokenizer = new Tokenizer(JSON.parse(readFileSync(tokenizerPath, "utf8")), {});
const texts = JSON.parse(readFileSync(textsPath, "utf8"));
process.stdout.write(JSON.stringify(texts.map((t) => tokenizer.encode(t, { add_special_tokens: true }).ids)));
