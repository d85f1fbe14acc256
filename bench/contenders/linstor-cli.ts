// Runs the linstor CLI contender (linstor-cli.sh beside this file) against a controller URL.
// The CLI is found at LINSTOR_CLI, in .linstor-cli/ (scripts/install-linstor-cli.sh), or on PATH;
// the script also needs jq. When either is missing the bench leaves this contender out and says how
// to install it.

import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";

export const LINSTOR_CLI_INSTALL =
  "the linstor CLI is not installed: run scripts/install-linstor-cli.sh with LINSTOR_CLIENT_SRC=<a linstor-client checkout> " +
  "(python-linstor comes from the package registry), or set LINSTOR_CLI=<path of linstor>; the script also needs jq";

const runs = (cmd: string, args: string[]): boolean => {
  try {
    execFileSync(cmd, args, { stdio: "ignore", timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
};

/** The `linstor` command to run, or undefined when it (or jq) is not installed. */
export function findLinstorCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const local = path.join(repoRoot, ".linstor-cli", "bin", "linstor");
  const cli = env.LINSTOR_CLI || (fs.existsSync(local) ? local : "linstor");
  return runs(cli, ["--version"]) && runs("jq", ["--version"]) ? cli : undefined;
}

/** `linstor-cli.sh <mode>` with one work line per definition on stdin; rejects with its stderr. */
export function runLinstorScript(cli: string, controller: string, mode: "create" | "move", lines: string[]): Promise<void> {
  const script = path.join(repoRoot, "bench", "contenders", "linstor-cli.sh");
  const proc = spawn("bash", [script, mode], {
    env: { ...process.env, LINSTOR_CLI: cli, LS_CONTROLLERS: controller }, stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr.on("data", (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4000); });
  proc.stdin.end(lines.map((l) => `${l}\n`).join(""));
  return new Promise((resolve, reject) => {
    proc.on("error", reject);
    proc.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`linstor-cli.sh ${mode} exited with ${code}: ${stderr}`))));
  });
}
