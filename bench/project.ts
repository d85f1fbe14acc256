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

/** A project of `files` (Pulumi.yaml among them), with its own file backend; engine settings of BENCH_ENGINE_ENV apply as in every bench stack. */
export async function benchProject(name: string, files: Record<string, string>, config: Record<string, string>): Promise<BenchProject> {
  fs.mkdirSync(PROJECTS, { recursive: true });
  const dir = fs.mkdtempSync(path.join(PROJECTS, `${name}-`));
  const write = (file: string, text: string): void => fs.writeFileSync(path.join(dir, file), text);
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

/** The files of a Node.js project whose main is `programJs` (JavaScript source, run as is). */
export function nodeProject(name: string, programJs: string): Record<string, string> {
  return { "Pulumi.yaml": `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: program.js\n`, "program.js": programJs };
}

/** The repository's own program (Pulumi.yaml → program.js → bin/index.js), reading stack.yaml. */
export const LINSTOR_PROGRAM = `module.exports = require(${JSON.stringify(path.join(repoRoot, "program.js"))});\n`;

/** A project of the repository's program with `stackYaml` as its stack, and its config for `endpoint`. */
export function linstorProject(name: string, stackYaml: string, endpoint: string): { files: Record<string, string>; config: Record<string, string> } {
  return { files: { ...nodeProject(name, LINSTOR_PROGRAM), "stack.yaml": stackYaml }, config: { "linstor:endpoint": endpoint, "linstor:stack": "stack.yaml" } };
}

/** Runs fn on a fresh project and removes the project afterwards. */
export async function withProject<T>(name: string, files: Record<string, string>, config: Record<string, string>, fn: (p: BenchProject) => Promise<T>): Promise<T> {
  const p = await benchProject(name, files, config);
  try {
    return await fn(p);
  } finally {
    await p.dispose();
  }
}
