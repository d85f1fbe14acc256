// Declared names of one kind (nodes, pools, groups, resources, a resource's snapshots): LINSTOR's
// naming rules and case-insensitive identity, with problems reported where the name is written.

import { nameKey, nameProblem, type NameKind } from "../model";
import type { Segment } from "./source";

/** Collects problems; `where` renders a position for cross-references inside messages. */
export interface Checker {
  add(segments: Segment[], message: string, key?: boolean): void;
  where(segments: Segment[]): string;
  /** True when the schema check already reported a problem exactly here. */
  reported(segments: Segment[]): boolean;
}

/** Declared names of one kind: case-insensitive identity, first spelling wins. */
export class Registry<T> {
  private readonly byKey = new Map<string, { name: string; segments: Segment[]; info: T }>();

  constructor(private readonly checker: Checker, private readonly kind: NameKind, private readonly label: string) {}

  /**
   * Declare `name` (written at `segments`); false for a duplicate, whose body is then skipped. An
   * invalid name is reported but still declared, so its body is checked and references to it do
   * not add errors of their own.
   */
  declare(name: string, segments: Segment[], info: T): boolean {
    const problem = nameProblem(this.kind, name);
    if (problem) this.checker.add(segments, problem, true);
    const existing = this.byKey.get(nameKey(name));
    if (existing) {
      this.checker.add(segments,
        `${this.label} "${name}" is declared twice (also as "${existing.name}" at ${this.checker.where(existing.segments)}; ` +
        `LINSTOR names are case-insensitive: keep one)`, true);
      return false;
    }
    this.byKey.set(nameKey(name), { name, segments, info });
    return true;
  }

  get(name: string): { name: string; info: T } | undefined {
    return this.byKey.get(nameKey(name));
  }

  names(): string[] {
    return [...this.byKey.values()].map((e) => e.name);
  }

  all(): { name: string; segments: Segment[]; info: T }[] {
    return [...this.byKey.values()];
  }
}
