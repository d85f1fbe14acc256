// Loading a YAML stack: parse (positions kept) → JSON Schema → the checks the schema cannot express
// → DesiredState. Every problem of the file is collected; while any remains, nothing is returned,
// so nothing can reach a controller. Nothing here does I/O beyond reading the file.

import { readFileSync } from "node:fs";
import { objectKey, specProblems, type DesiredState, type ObjectRef } from "../model";
import type { StackController, StackPositions } from "./positions";
import { StackError, sortProblems, type StackProblem } from "./problems";
import { schemaProblems } from "./schema";
import { buildStack, type Checker } from "./semantic";
import { formatPath, StackSource, type Segment } from "./source";

export interface LoadedStack {
  file: string;
  desired: DesiredState;
  positions: StackPositions;
  /** The stack's `controller` block, when it has one. */
  controller?: StackController;
  /** The stack's `adopt: true`: take over existing objects that match instead of failing. */
  adopt?: boolean;
  /** The stack's `onDestroy` (default: delete what it created, keep what it adopted). */
  onDestroy?: "keep" | "delete";
}

export type StackCheck = { ok: true; stack: LoadedStack } | { ok: false; problems: StackProblem[] };

/** Read and check a stack file; throws StackError listing every problem, sorted by position. */
export function loadStack(file: string): LoadedStack {
  const result = checkStackFile(file);
  if (!result.ok) throw new StackError(result.problems);
  return result.stack;
}

/** Like loadStack, for text already in hand; `file` names it in messages. */
export function parseStack(text: string, file = "stack.yaml"): LoadedStack {
  const result = checkStackText(text, file);
  if (!result.ok) throw new StackError(result.problems);
  return result.stack;
}

export function checkStackFile(file: string): StackCheck {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
    return { ok: false, problems: [{ file, line: 1, col: 1, path: "(file)", message: `cannot be read: ${reason} (give the path of a stack YAML file)` }] };
  }
  return checkStackText(text, file);
}

export function checkStackText(text: string, file = "stack.yaml"): StackCheck {
  const source = new StackSource(file, text);
  // After a syntax error the parsed value is a guess; more problems from it would mislead.
  if (source.syntaxProblems.length > 0) return { ok: false, problems: sortProblems(source.syntaxProblems) };
  if (source.value === null || source.value === undefined) {
    return { ok: false, problems: [{ file, line: 1, col: 1, path: "(stack)", message: "the file is empty (a stack needs at least nodes: ...)" }] };
  }

  const problems: StackProblem[] = [];
  const reportedPaths = new Set<string>();
  const at = (segments: Segment[], key = false) => ({ file, ...source.position(segments, key), path: formatPath(segments) });
  for (const raw of schemaProblems(source.value)) {
    problems.push({ ...at(raw.segments, raw.key), message: raw.message });
    reportedPaths.add(formatPath(raw.segments));
  }
  const checker: Checker = {
    add: (segments, message, key = false) => problems.push({ ...at(segments, key), message }),
    where: (segments) => {
      const { line, col } = source.position(segments, true);
      return `${line}:${col}`;
    },
    reported: (segments) => reportedPaths.has(formatPath(segments)),
  };
  const built = buildStack(source.value, checker);

  const positions: StackPositions = { file, objects: {} };
  for (const { ref, segments } of built.objects) {
    const { line, col, path } = at(segments, isKeyed(segments));
    positions.objects[objectKey(ref)] = { line, col, path };
  }

  if (problems.length === 0) {
    // The model's own offline checks, as a safety net: the stack checks above should already have
    // caught everything, so anything found here is reported at the object it concerns.
    for (const { ref, segments, spec } of built.objects) {
      for (const problem of specProblems(ref.kind, spec)) problems.push({ ...at(segments, isKeyed(segments)), message: problem });
    }
  }
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, stack: { file, desired: built.desired, positions, controller: built.controller, ...(built.adopt !== undefined ? { adopt: built.adopt } : {}), ...(built.onDestroy ? { onDestroy: built.onDestroy } : {}) } };
}

/** Objects keyed by name in the YAML (nodes, pools by node key, resources, snapshots) point at the key. */
function isKeyed(segments: Segment[]): boolean {
  return typeof segments[segments.length - 1] === "string";
}

/** `file:line:col path` of an object of a loaded stack, for messages of later layers; undefined when the stack does not declare it. */
export function whereIs(positions: StackPositions, ref: ObjectRef): string | undefined {
  const at = positions.objects[objectKey(ref)];
  return at ? `${positions.file}:${at.line}:${at.col} ${at.path}` : undefined;
}
