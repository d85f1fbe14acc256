// A seeded mutator of YAML stacks: small changes to the text (YAML syntax) and to the parsed tree
// (types, names, sizes, references, missing and unknown keys, out-of-range numbers). Most mutants
// are broken stacks; some happen to stay valid (the campaign counts those apart).
import * as YAML from "yaml";
import { Rng } from "./random";

export const MUTATION_KINDS = ["syntax", "type", "name", "size", "reference", "missing-key", "unknown-key", "number"] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutant {
  kind: MutationKind;
  /** What was changed, for the report. */
  what: string;
  text: string;
}

const BAD_NAMES = ["x", "1starts-with-digit", "has space", "-dash-first", "a".repeat(49), "dot.inside", "ünïcode", "slash/name", ""];
const BAD_SIZES = ["150q", "-5m", "0", "abc", "1.5.0m", "99999999T", "m150", "12 MiB please", "0x10m", "", "-1"];
const BAD_NUMBERS = [-1, 0, 70000, 1.5, 1e12, -3366];
const GHOSTS = ["ghost", "Vulcan2", "nopool", "NoSuchResource", "Snap9"];

type Parent = YAML.YAMLMap | YAML.YAMLSeq;
interface Spot { parent: Parent; key: unknown; node: unknown; path: string[] }

/** Every value in the document with its parent and key path (map keys as written). */
function spots(doc: YAML.Document): Spot[] {
  const out: Spot[] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (YAML.isMap(node)) {
      for (const pair of node.items) {
        const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        out.push({ parent: node, key: pair.key, node: pair.value, path: [...path, key] });
        walk(pair.value, [...path, key]);
      }
    } else if (YAML.isSeq(node)) {
      node.items.forEach((item, i) => {
        out.push({ parent: node, key: i, node: item, path: [...path, String(i)] });
        walk(item, [...path, String(i)]);
      });
    }
  };
  walk(doc.contents, []);
  return out;
}

function setValue(spot: Spot, value: unknown, doc: YAML.Document): void {
  const node = doc.createNode(value);
  if (YAML.isMap(spot.parent)) {
    const pair = spot.parent.items.find((p) => p.key === spot.key);
    if (pair) pair.value = node;
  } else {
    spot.parent.items[spot.key as number] = node;
  }
}

const isScalarSpot = (s: Spot): boolean => YAML.isScalar(s.node);
const under = (s: Spot, ...names: string[]): boolean => names.includes(s.path[s.path.length - 2] ?? "") || names.includes(s.path[s.path.length - 1] ?? "");

/** Text-level damage: the YAML itself no longer parses (or parses into something else). */
function mutateText(text: string, rng: Rng): Mutant {
  const lines = text.split("\n");
  const content = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.trim() !== "" && !l.trim().startsWith("#"));
  const { l, i } = rng.pick(content);
  const ops: [string, () => string][] = [
    ["tab indentation", () => `\t${l.trimStart()}`],
    ["unclosed flow", () => l.replace(/[}\]]/, "")],
    ["stray brace", () => `${l} {`],
    ["unbalanced quote", () => l.replace(/: /, ': "')],
    ["missing colon", () => l.replace(/:(\s|$)/, " ")],
    ["over-indented line", () => `   ${l}`],
    ["stray colon in flow", () => l.replace(/, /, ": : ")],
    ["duplicated key line", () => `${l}\n${l}`],
    ["anchor to nowhere", () => l.replace(/: (\S)/, ": *nowhere $1")],
  ];
  // Some operations do not apply to every line (no brace to drop): draw again, a few times.
  for (let attempt = 0; ; attempt++) {
    const [what, op] = rng.pick(ops);
    const changed = op();
    if (changed === l && attempt < 8) continue;
    const copy = [...lines];
    copy[i] = changed;
    return { kind: "syntax", what: `${what} at line ${i + 1}`, text: copy.join("\n") };
  }
}

/** Tree-level change of one value, then written back as YAML. */
function mutateTree(text: string, kind: Exclude<MutationKind, "syntax">, rng: Rng): Mutant | undefined {
  const doc = YAML.parseDocument(text);
  const all = spots(doc);
  const where = (s: Spot): string => s.path.join(".");
  let what: string | undefined;
  switch (kind) {
    case "type": {
      const s = rng.pick(all);
      const replacement = YAML.isScalar(s.node)
        ? rng.pick<unknown>([42, true, ["a", "b"], { nested: 1 }, null])
        : rng.pick<unknown>(["a-string", 7, false]);
      setValue(s, replacement, doc);
      what = `${where(s)} := ${JSON.stringify(replacement)}`;
      break;
    }
    case "name": {
      // Rename an object (a map key under nodes, storagePools, resources or snapshots).
      const keys = all.filter((s) => s.path.length >= 2 && ["nodes", "storagePools", "resources", "snapshots"].includes(s.path[s.path.length - 2]) && YAML.isMap(s.parent) && YAML.isMap(s.node));
      if (keys.length === 0) return undefined;
      const s = rng.pick(keys);
      const bad = rng.pick(BAD_NAMES);
      const pair = (s.parent as YAML.YAMLMap).items.find((p) => p.key === s.key);
      if (pair) pair.key = doc.createNode(bad);
      what = `${where(s)} renamed to ${JSON.stringify(bad)}`;
      break;
    }
    case "size": {
      const sizes = all.filter((s) => isScalarSpot(s) && (s.path.includes("volumes") || s.path[s.path.length - 1] === "size"));
      if (sizes.length === 0) return undefined;
      const s = rng.pick(sizes);
      const bad = rng.pick(BAD_SIZES);
      setValue(s, bad, doc);
      what = `${where(s)} := ${JSON.stringify(bad)}`;
      break;
    }
    case "reference": {
      const refs = all.filter((s) => isScalarSpot(s) && (under(s, "nodes", "diskless", "storagePool", "resource", "snapshot", "storagePools")) && s.path[0] !== "nodes");
      if (refs.length === 0) return undefined;
      const s = rng.pick(refs);
      const ghost = rng.pick(GHOSTS);
      setValue(s, ghost, doc);
      what = `${where(s)} := ${ghost}`;
      break;
    }
    case "missing-key": {
      const required = all.filter((s) => ["address", "providerKind", "backingPool", "nodes", "resource", "snapshot", "volumes"].includes(s.path[s.path.length - 1]) && YAML.isMap(s.parent));
      if (required.length === 0) return undefined;
      const s = rng.pick(required);
      (s.parent as YAML.YAMLMap).delete(s.key);
      what = `${where(s)} removed`;
      break;
    }
    case "unknown-key": {
      const maps = all.filter((s) => YAML.isMap(s.node));
      const s = rng.pick(maps);
      const key = rng.pick(["colour", "replicas", "adress", "storagepool", "layer", "size_kib"]);
      (s.node as YAML.YAMLMap).set(key, "surprise");
      what = `${where(s)}.${key} added`;
      break;
    }
    case "number": {
      const target = rng.pick(["port", "placeCount", "volume-number"]);
      const bad = rng.pick(BAD_NUMBERS);
      const maps = all.filter((s) => YAML.isMap(s.node) && s.path.length >= 2 && ["nodes", "resources"].includes(s.path[s.path.length - 2]));
      if (maps.length === 0) return undefined;
      const s = rng.pick(maps);
      const m = s.node as YAML.YAMLMap;
      if (target === "port" && s.path[0] === "nodes") m.set("port", bad);
      else if (target === "placeCount" && s.path[0] === "resources") { m.delete("nodes"); m.set("autoPlace", { placeCount: bad }); }
      else if (s.path[0] === "resources") m.set("volumes", [{ size: "10m", number: bad }]);
      else m.set("port", bad);
      what = `${where(s)} ${target} := ${bad}`;
      break;
    }
  }
  return { kind, what: what ?? kind, text: doc.toString() };
}

/** One mutant of `text`; `kind` drawn from the generator when not given. */
export function mutate(text: string, rng: Rng, kind: MutationKind = rng.pick(MUTATION_KINDS)): Mutant {
  if (kind === "syntax") return mutateText(text, rng);
  return mutateTree(text, kind, rng) ?? mutateText(text, rng);
}
