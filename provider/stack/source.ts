// A stack file parsed with `yaml` keeping positions: the plain value for checking, and a lookup
// from a path inside the value back to line and column in the text.

import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Alias, type Document, type Node } from "yaml";
import type { StackProblem } from "./problems";

/** A path inside the stack value: map keys and list indexes. */
export type Segment = string | number;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `["resources", "SharedData", "volumes", 0]` → `resources.SharedData.volumes[0]`. */
export function formatPath(segments: readonly Segment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === "" ? "(stack)" : out;
}

export interface Position {
  line: number;
  col: number;
}

export class StackSource {
  readonly value: unknown;
  /** YAML syntax problems; when there are any, `value` is whatever could be read. */
  readonly syntaxProblems: StackProblem[] = [];
  private readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(readonly file: string, text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const issue of [...this.doc.errors, ...this.doc.warnings]) {
      this.syntaxProblems.push({
        file, ...this.offsetPosition(issue.pos[0]), path: "yaml", message: yamlMessage(issue.code, issue.message),
      });
    }
    this.value = this.syntaxProblems.length > 0 ? undefined : this.plainValue();
  }

  /** The document as plain data; aliases that cannot be resolved are syntax problems. */
  private plainValue(): unknown {
    for (const alias of this.unresolvedAliases()) {
      this.syntaxProblems.push({
        file: this.file, ...this.nodePosition(alias), path: "yaml",
        message: `alias *${alias.source} names no anchor defined before it (define &${alias.source} first, or write the value)`,
      });
    }
    if (this.syntaxProblems.length > 0) return undefined;
    try {
      return this.doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      // yaml refuses documents whose aliases expand beyond maxAliasCount ("billion laughs").
      this.syntaxProblems.push({ file: this.file, line: 1, col: 1, path: "yaml", message: `${(e as Error).message} (write the values out instead of nesting aliases)` });
      return undefined;
    }
  }

  private unresolvedAliases(): Alias[] {
    const found: Alias[] = [];
    visit(this.doc, {
      Alias: (_key, alias) => {
        if (alias.resolve(this.doc) === undefined) found.push(alias);
      },
    });
    return found;
  }

  /**
   * Where `segments` is written: the value's start, or with `key` the map key's start. A path that
   * does not exist (a missing key) gives the position of its deepest existing parent.
   */
  position(segments: readonly Segment[], key = false): Position {
    let node: unknown = this.doc.contents;
    let at: Position = node ? this.nodePosition(node) : { line: 1, col: 1 };
    // A missing key is best shown at the key of the map that lacks it.
    let parentKey: Position | undefined;
    for (let i = 0; i < segments.length; i++) {
      node = this.resolve(node);
      const segment = segments[i];
      const last = i === segments.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
        if (!pair) return parentKey ?? at;
        const keyPos = this.nodePosition(pair.key);
        if (last && key) return keyPos;
        // An empty value (`Snap1:`) has no text of its own: point at its key.
        at = pair.value && !isEmptyScalar(pair.value) ? this.nodePosition(pair.value) : keyPos;
        parentKey = keyPos;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment];
        if (item === undefined) return at;
        at = this.nodePosition(item);
        parentKey = undefined;
        node = item;
      } else {
        return at;
      }
    }
    return at;
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  private nodePosition(node: unknown): Position {
    const range = (node as Node | null)?.range;
    return range ? this.offsetPosition(range[0]) : { line: 1, col: 1 };
  }

  private offsetPosition(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && (node.source === "" || node.source === undefined);
}

/** yaml's messages are short and sometimes terse; say what to do where it helps. */
function yamlMessage(code: string, message: string): string {
  switch (code) {
    case "DUPLICATE_KEY": return "this key appears twice in the same map (keep one; LINSTOR names are case-insensitive too)";
    case "TAB_AS_INDENT": return "tab used for indentation (indent with spaces)";
    case "MULTIPLE_DOCS": return "more than one YAML document (a stack is one document: remove the extra '---')";
    case "TAG_RESOLVE_FAILED": return `${message.replace(/\.$/, "")} (stacks use no YAML tags: write the plain value)`;
    default: return `${message.replace(/\s+/g, " ").replace(/\.$/, "")} (YAML syntax error)`;
  }
}
