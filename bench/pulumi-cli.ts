// The `pulumi` commands a user types, as the bench runs them on a project (bench/project.ts). The
// no-change operations pass --expect-no-changes: a no-op that changed something fails the bench.

import type { BenchConfig } from "./config";

export type PulumiOp = "create" | "update" | "noopUp" | "preview" | "refresh";

export function pulumiArgs(cfg: Pick<BenchConfig, "upWithPreview" | "parallel">, op: PulumiOp): string[] {
  const parallel = cfg.parallel ? ["--parallel", String(cfg.parallel)] : [];
  const up = [...(cfg.upWithPreview ? ["up", "--yes"] : ["up", "--yes", "--skip-preview"]), ...parallel];
  switch (op) {
    case "create":
    case "update":
      return up;
    case "noopUp":
      return [...up, "--expect-no-changes"];
    case "preview":
      return ["preview", "--expect-no-changes"];
    case "refresh":
      return ["refresh", "--yes", "--skip-preview", "--expect-no-changes"];
  }
}

/** How the table names the command. */
export function commandLine(cfg: Pick<BenchConfig, "upWithPreview" | "parallel">, op: PulumiOp): string {
  return `pulumi ${pulumiArgs(cfg, op).join(" ")}`;
}
