// What a suite needs from the machine (the Pulumi engine, sshd, openssl, python3 with venv, …).
// Locally a missing prerequisite skips the suite with the reason; under CI (CI=true) it fails the
// run, naming what to install: a CI run never passes with a suite skipped.
import { execFileSync } from "child_process";
import { engineInstalled, engineRoot } from "../../scripts/engine";

export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === "true" || env.CI === "1";
}

/** Skips (locally) or fails (CI) the running hook or test when `present` is false. */
export function requirePrerequisite(ctx: Mocha.Context, present: boolean, install: string): void {
  if (present) return;
  if (inCi()) throw new Error(`missing prerequisite under CI: ${install}`);
  // mocha prints no reason for a skip: say it here
  console.log(`      skipped: ${install}`);
  ctx.skip();
}

/** `tool` must run (`tool --version` or `tool version`). */
export function toolPresent(tool: string): boolean {
  for (const arg of ["--version", "version"]) {
    try {
      execFileSync(tool, [arg], { stdio: "ignore" });
      return true;
    } catch {
      // try the other spelling
    }
  }
  return false;
}

export function requireTool(ctx: Mocha.Context, tool: string, install: string): void {
  requirePrerequisite(ctx, toolPresent(tool), install);
}

/** The Pulumi engine built by scripts/install-pulumi.sh (npm test runs it first). */
export function requireEngine(ctx: Mocha.Context): void {
  requirePrerequisite(ctx, engineInstalled(), `the Pulumi engine is not in ${engineRoot}: run scripts/install-pulumi.sh (npm test does)`);
}
