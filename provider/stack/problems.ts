// Problems found in a stack file, each tied to a place in it: `stack.yaml:LINE:COL path: message`.

/** One thing wrong with a stack file. Line and column are 1-based. */
export interface StackProblem {
  file: string;
  line: number;
  col: number;
  /** Where in the stack, e.g. `resources.SharedData.volumes[0]`. */
  path: string;
  /** What is wrong, and in parentheses (or after a colon) what would be right. */
  message: string;
}

export function formatProblem(p: StackProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.path}: ${p.message}`;
}

/** Problems sorted by position (then text), without exact repeats. */
export function sortProblems(problems: StackProblem[]): StackProblem[] {
  const seen = new Set<string>();
  return [...problems]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.path.localeCompare(b.path) || a.message.localeCompare(b.message))
    .filter((p) => {
      const text = formatProblem(p);
      if (seen.has(text)) return false;
      seen.add(text);
      return true;
    });
}

/** Thrown by loadStack while any problem remains; the message lists them all, one per line. */
export class StackError extends Error {
  override name = "StackError";
  readonly errors: StackProblem[];

  constructor(errors: StackProblem[]) {
    const sorted = sortProblems(errors);
    super(sorted.map(formatProblem).join("\n"));
    this.errors = sorted;
  }
}
