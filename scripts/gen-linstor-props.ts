// Writes provider/model/linstor-props.json: the value rules of the LINSTOR controller's property
// whitelist, read from linstor-common's properties.json and consts.json (the files the controller
// itself is built from), with the key names resolved. Run it again when the controller moves on:
//   npx ts-node --transpile-only scripts/gen-linstor-props.ts <linstor-common git dir | folder>
// The rules are facts about the controller (key, type, pattern, range, allowed symbols); nothing else
// of those files is kept.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const src = process.argv[2];
if (!src) {
  process.stderr.write("usage: gen-linstor-props.ts <linstor-common git dir or checkout>\n");
  process.exit(2);
}
const read = (name: string): string => fs.existsSync(path.join(src, name))
  ? fs.readFileSync(path.join(src, name), "utf8")
  : execFileSync("git", ["-C", src, "show", `HEAD:${name}`], { encoding: "utf8", maxBuffer: 1 << 26 });

interface RawProp { key: string | string[]; type: string; value?: string; values?: string[]; min?: number | string; max?: number | string; internal?: boolean }
const props = JSON.parse(read("properties.json")) as { objects: Record<string, string[]>; properties: Record<string, RawProp> };
const consts = new Map<string, string>();
for (const c of JSON.parse(read("consts.json")) as { name?: string; value?: unknown }[]) {
  if (c.name && typeof c.value === "string") consts.set(c.name, c.value);
}
const keyOf = (k: string | string[]): string => (Array.isArray(k) ? k.map((p) => consts.get(p) ?? p).join("/") : k);

export interface PropRule { type: string; pattern?: string; values?: string[]; min?: number; max?: number }
const rules: Record<string, PropRule> = {};
const objects: Record<string, string[]> = {};
for (const [object, names] of Object.entries(props.objects)) {
  objects[object] = [];
  for (const name of names) {
    const p = props.properties[name];
    if (!p) continue;
    const key = keyOf(p.key);
    objects[object].push(key);
    const rule: PropRule = { type: p.type };
    // The values are written for Java source (a doubled backslash in the file is one in the regex): undo that escaping.
    if (p.type === "regex" && p.value) rule.pattern = p.value.replace(/\\\\/g, "\\");
    if (p.type === "symbol" && p.values) rule.values = p.values;
    if ((p.type === "range" || p.type === "range-float") && typeof p.min === "number") rule.min = p.min;
    if ((p.type === "range" || p.type === "range-float") && typeof p.max === "number") rule.max = p.max;
    rules[key] = rule;
  }
}
const out = path.join(__dirname, "..", "provider", "model", "linstor-props.json");
fs.writeFileSync(out, `${JSON.stringify({ source: "linstor-common properties.json + consts.json", objects, rules }, null, 1)}\n`);
process.stdout.write(`${Object.keys(rules).length} rules for ${Object.keys(objects).length} object kinds -> ${out}\n`);
