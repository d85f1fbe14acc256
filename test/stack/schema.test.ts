// schema/stack.schema.json: documented everywhere (editors show it), its examples valid, and its
// name and size patterns (for editors) in agreement with provider/model's rules (what the loader uses).
import assert from "node:assert/strict";
import fc from "fast-check";
import { nameProblem, parseSizeKib, type NameKind } from "../../provider/model";
import { stackSchema } from "../../provider/stack";
import { createAjv } from "../../provider/stack/schema";

type Schema = Record<string, unknown> & {
  $id?: string; $ref?: string; allOf?: Schema[]; description?: string; examples?: unknown[];
  properties?: Record<string, Schema | boolean>; definitions?: Record<string, Schema>;
  additionalProperties?: Schema | boolean; items?: Schema; propertyNames?: Schema; pattern?: string;
};

const schema = stackSchema() as Schema;
const definitions = schema.definitions ?? {};

function definition(ref: string): Schema {
  return definitions[ref.replace("#/definitions/", "")];
}

/** Description and examples of a field, looking through $ref / allOf-$ref to the definition. */
function documented(field: Schema): { description?: string; examples?: unknown[] } {
  const ref = field.$ref ?? field.allOf?.find((s) => s.$ref)?.$ref;
  const target = ref ? definition(ref) : {};
  return { description: field.description ?? target.description, examples: field.examples ?? target.examples };
}

/** Every subschema with its JSON pointer. */
function walk(node: Schema, pointer: string, visit: (node: Schema, pointer: string) => void): void {
  visit(node, pointer);
  for (const [key, value] of Object.entries(node.properties ?? {})) {
    if (typeof value === "object") walk(value, `${pointer}/properties/${key}`, visit);
  }
  for (const [key, value] of Object.entries(node.definitions ?? {})) walk(value, `${pointer}/definitions/${key}`, visit);
  for (const key of ["items", "propertyNames", "additionalProperties"] as const) {
    const value = node[key];
    if (typeof value === "object" && value !== null) walk(value as Schema, `${pointer}/${key}`, visit);
  }
  (node.allOf ?? []).forEach((s, i) => walk(s, `${pointer}/allOf/${i}`, visit));
}

describe("schema/stack.schema.json", () => {
  it("compiles with ajv in strict mode", () => {
    assert.equal(typeof createAjv().compile(schema), "function");
  });

  it("every field has a description and examples", () => {
    const missing: string[] = [];
    walk(schema, "#", (node, pointer) => {
      if (/\/allOf\/\d+$/.test(pointer) || node.$ref !== undefined) return; // a bare reference: its target is checked
      const { description, examples } = documented(node);
      if (!description) missing.push(`${pointer}: description`);
      if (!examples || examples.length === 0) missing.push(`${pointer}: examples`);
    });
    // Pass-through properties (`storagePools: true` next to allOf) are documented by placementRules.
    walk(schema, "#", (node, pointer) => {
      for (const [key, value] of Object.entries(node.properties ?? {})) {
        if (value === true) {
          const shared = definitions.placementRules.properties?.[key];
          if (typeof shared !== "object") missing.push(`${pointer}/properties/${key}: not in placementRules`);
        }
      }
    });
    assert.deepEqual(missing, []);
  });

  it("every example validates against its own field", () => {
    const ajv = createAjv();
    ajv.addSchema(schema);
    const wrong: string[] = [];
    walk(schema, "#", (node, pointer) => {
      if (!node.examples || /\/propertyNames$/.test(pointer)) return;
      const validate = ajv.getSchema(`${schema.$id}${pointer}`);
      assert.ok(validate, `cannot compile ${pointer}`);
      for (const example of node.examples) {
        if (!validate(example)) wrong.push(`${pointer}: ${JSON.stringify(example)} ${ajv.errorsText(validate.errors)}`);
      }
    });
    assert.deepEqual(wrong, []);
  });

  it("every pattern has a patternErrorMessage, so editors explain it in words", () => {
    const bare: string[] = [];
    walk(schema, "#", (node, pointer) => {
      if (node.pattern !== undefined && typeof node.patternErrorMessage !== "string") bare.push(pointer);
    });
    assert.deepEqual(bare, []);
  });

  it("forbids unknown keys in every map of fixed fields", () => {
    const open: string[] = [];
    walk(schema, "#", (node, pointer) => {
      if (node.properties && node.additionalProperties !== false && !/placementRules$/.test(pointer)) open.push(pointer);
    });
    assert.deepEqual(open, []);
  });

  const NAME_DEFINITIONS: [string, NameKind, string][] = [
    ["nodeName", "node", "abcxyzABC019.-_ "],
    ["resourceName", "resource", "abcALPxyz019_- ."],
    ["storagePoolName", "storagePool", "abcxyzABC019_- ."],
    ["resourceGroupName", "resourceGroup", "abcxyzABC019_- ."],
    ["snapshotName", "snapshot", "abcxyzABC019_- ."],
  ];
  for (const [name, kind, alphabet] of NAME_DEFINITIONS) {
    it(`${name} pattern and length agree with nameProblem("${kind}")`, () => {
      const def = definitions[name];
      const pattern = new RegExp(def.pattern as string, "u");
      const accepts = (s: string) => pattern.test(s) && s.length >= (def.minLength as number) && s.length <= (def.maxLength as number);
      const chars = [...alphabet];
      const names = fc.oneof(
        fc.array(fc.constantFrom(...chars), { minLength: 0, maxLength: 8 }).map((a) => a.join("")),
        fc.constantFrom("all", "ALL", "Proxy", "proxy1", "a", "ab", "abc", "-ab", "ab-", "a..b", "a.-b", "1a", "_1", "__", "_a", "x".repeat(49)),
      );
      fc.assert(fc.property(names, (s) => accepts(s) === (nameProblem(kind, s) === undefined)), { numRuns: 2000 });
    });
  }

  it("the size pattern accepts exactly what parseSizeKib reads (zero aside)", () => {
    const size = definitions.size;
    const pattern = new RegExp(size.pattern as string, "u");
    const text = fc.tuple(
      fc.constantFrom("", "0", "1", "150", "1.5", "2.", ".5", "-3", "12.25"),
      fc.constantFrom("", " ", "  "),
      fc.constantFrom("", "k", "K", "KiB", "kib", "KB", "kB", "m", "MiB", "MB", "g", "GiB", "t", "p", "PiB", "B", "b", "s", "S", "Ki", "iB", "x", "GiBB", "mm"),
    ).map(([n, space, unit]) => `${n}${space}${unit}`);
    fc.assert(fc.property(text, (s) => {
      let parsed: boolean;
      try {
        parseSizeKib(s);
        parsed = true;
      } catch (e) {
        parsed = /is zero/.test((e as Error).message);
      }
      return pattern.test(s) === parsed;
    }), { numRuns: 2000 });
  });
});
