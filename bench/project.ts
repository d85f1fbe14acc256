// Pulumi projects the way a user runs them: a folder with Pulumi.yaml (Node.js runtime, compiled
// JavaScript, no ts-node) whose program the engine starts in a process of its own, driven through
// the `pulumi` CLI (Automation API over a work dir: `pulumi up --yes --skip-preview`, `refresh`).
// The folders live under .tmp/bench/ of the repository, so the program resolves this package's
// node_modules as a project that depends on pulumi-linstor does.

import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
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
export function nodeProject(name: string, programJs: string, runtimeOptions: Record<string, unknown> = { typescript: false }): Record<string, string> {
  const project = { name, runtime: { name: "nodejs", options: runtimeOptions }, main: "program.js" };
  return { "Pulumi.yaml": YAML.stringify(project), "program.js": programJs };
}

/** The runtime options of the repository's Pulumi.yaml (e.g. `nodeargs`): its program runs with them in the bench too. */
function repoRuntimeOptions(): Record<string, unknown> {
  const project = YAML.parse(fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as { runtime?: { options?: Record<string, unknown> } };
  return project.runtime?.options ?? {};
}

/** The repository's own program (Pulumi.yaml → program.js → bin/index.js), reading stack.yaml. */
export const LINSTOR_PROGRAM = `module.exports = require(${JSON.stringify(path.join(repoRoot, "program.js"))});\n`;

/** A project of the repository's program with `stackYaml` as its stack, and its config for `endpoint`. */
export function linstorProject(name: string, stackYaml: string, endpoint: string): { files: Record<string, string>; config: Record<string, string> } {
  return { files: { ...nodeProject(name, LINSTOR_PROGRAM, repoRuntimeOptions()), "stack.yaml": stackYaml }, config: { "linstor:endpoint": endpoint, "linstor:stack": "stack.yaml" } };
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
