// The loader answers every input with a stack or with positioned problems: it never throws
// anything else, whatever shape a (broken) file has.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { checkStackText } from "../../provider/stack";

const EVERY_FIELD = parse(readFileSync(join(__dirname, "valid/every-field.yaml"), "utf8")) as unknown;

/** Every path (list of keys / indexes) inside a value. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[path[0]] = replaceAt(copy[path[0]], path.slice(1), replacement);
  return copy;
}

function checkAnswers(text: string): void {
  const result = checkStackText(text, "stack.yaml");
  if (result.ok) return;
  assert.ok(result.problems.length > 0);
  for (const p of result.problems) {
    assert.ok(p.line >= 1 && p.col >= 1, JSON.stringify(p));
    assert.ok(p.message.length > 0 && p.path.length > 0, JSON.stringify(p));
  }
}

const ALL_PATHS = paths(EVERY_FIELD);
const leaf = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom("vulcan", "Vulcan", "thinpool", "150m", "0m", "x", "", -1, 0, 7000, 1e12, null, true, [], {}, undefined),
);

describe("the loader on arbitrary input", () => {
  it("answers any YAML value with a stack or positioned problems", () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => checkAnswers(stringify(value))), { numRuns: 300 });
  });

  it("answers any one-place mutation of a valid stack with a stack or positioned problems", () => {
    fc.assert(fc.property(fc.constantFrom(...ALL_PATHS), leaf, (path, replacement) => {
      checkAnswers(stringify(replaceAt(EVERY_FIELD, path, replacement)) ?? "");
    }), { numRuns: 600 });
  });

  it("answers arbitrary text with a stack or positioned problems", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => checkAnswers(text)), { numRuns: 300 });
  });
});
