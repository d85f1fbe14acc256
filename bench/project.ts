// Pulumi projects the way a user runs them: a folder with Pulumi.yaml (Node.js runtime, compiled
// JavaScript, no ts-node) whose program the engine starts in a process of its own, driven through
// the `pulumi` CLI (Automation API over a work dir: `pulumi up --yes --skip-preview`, `refresh`).
// The folders live under .tmp/bench/ of the repository, so the program resolves this package's
// node_modules as a project that depends on pulumi-linstor does.

import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../scripts/engine";
import { engineEnv, TestStack } from "./stack";

const PROJECTS = path.join(repoRoot, ".tmp", "bench");

export interface BenchProject {
  dir: string;
  stack: TestStack;
  /** Writes a file of the project (e.g. the YAML stack of the next `up`). */
  write(file: string, text: string): void;
  dispose(): Promise<void>;
}

/**
 * A project whose main is `programJs` (JavaScript source), with its own file backend; `files`
 * are written beside it. Engine settings of BENCH_ENGINE_ENV apply as in every bench stack.
 */
export async function benchProject(name: string, programJs: string, config: Record<string, string>, files: Record<string, string> = {}): Promise<BenchProject> {
  fs.mkdirSync(PROJECTS, { recursive: true });
  const dir = fs.mkdtempSync(path.join(PROJECTS, `${name}-`));
  const write = (file: string, text: string): void => fs.writeFileSync(path.join(dir, file), text);
  write("Pulumi.yaml", `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: program.js\n`);
  write("program.js", programJs);
  for (const [file, text] of Object.entries(files)) write(file, text);
  const stack = await TestStack.forProgramDir({ workDir: dir, stackName: "bench", config, env: engineEnv() });
  return {
    dir, stack, write,
    dispose: async () => {
      await stack.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The repository's own program (Pulumi.yaml → program.js → bin/index.js), reading stack.yaml. */
export const LINSTOR_PROGRAM = `module.exports = require(${JSON.stringify(path.join(repoRoot, "program.js"))});\n`;

/** Runs fn on a fresh project and removes the project afterwards. */
export async function withProject<T>(name: string, program: string, config: Record<string, string>, files: Record<string, string>, fn: (p: BenchProject) => Promise<T>): Promise<T> {
  const p = await benchProject(name, program, config, files);
  try {
    return await fn(p);
  } finally {
    await p.dispose();
  }
}
