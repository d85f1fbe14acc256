#!/usr/bin/env node
// `pulumi-linstor`: commands that work on YAML stacks without Pulumi. Each subcommand is one entry
// of COMMANDS (name, usage line, run); `export` and others plug in the same way.

import { checkStackFile, formatProblem, type StackProblem } from "./stack";

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  usage: string;
  summary: string;
  /** Returns the process exit code. */
  run(args: string[], io: CommandIo): Promise<number> | number;
}

type ProblemFormat = "text" | "json" | "github";
const FORMATS: ProblemFormat[] = ["text", "json", "github"];

/** One problem as a line: plain text, or a GitHub Actions annotation a merge request shows inline. */
function problemLine(problem: StackProblem, format: ProblemFormat): string {
  if (format === "github") {
    const escape = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    return `::error file=${problem.file},line=${problem.line},col=${problem.col}::${escape(`${problem.path}: ${problem.message}`)}`;
  }
  return formatProblem(problem);
}

/**
 * `validate [--format text|json|github] FILE...`: every problem of every file and exit 1, or one ok
 * line per file and exit 0. `json` prints one array of {file, line, col, path, message} (empty when valid).
 */
const validate: Command = {
  usage: "validate [--format text|json|github] FILE...",
  summary: "check YAML stacks offline (no Pulumi, no controller); exit 1 and list every problem, or 0",
  run(args, io) {
    let format: ProblemFormat = "text";
    const files: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      const value = arg === "--format" ? args[++i] : arg.startsWith("--format=") ? arg.slice("--format=".length) : undefined;
      if (value !== undefined || arg === "--format") {
        if (!FORMATS.includes(value as ProblemFormat)) {
          io.err(`pulumi-linstor validate: --format must be one of ${FORMATS.join(", ")}, not ${JSON.stringify(value ?? "")}`);
          return 2;
        }
        format = value as ProblemFormat;
      } else {
        files.push(arg);
      }
    }
    if (files.length === 0) {
      io.err("pulumi-linstor validate: name at least one stack file (e.g. pulumi-linstor validate stack.yaml)");
      return 2;
    }
    const all: StackProblem[] = [];
    for (const file of files) {
      const result = checkStackFile(file);
      if (result.ok) {
        const { desired } = result.stack;
        const nodes = desired.nodes?.length ?? 0;
        const resources = desired.resourceDefinitions?.length ?? 0;
        if (format !== "json") io.out(`${file}: ok (${plural(nodes, "node")}, ${plural(resources, "resource")})`);
      } else {
        all.push(...result.problems);
        if (format !== "json") for (const problem of result.problems) io.out(problemLine(problem, format));
        io.err(`${file}: ${plural(result.problems.length, "problem")}`);
      }
    }
    if (format === "json") io.out(JSON.stringify(all, null, 2));
    return all.length > 0 ? 1 : 0;
  },
};

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

export const COMMANDS: Record<string, Command> = { validate };

function help(io: CommandIo): void {
  io.out("usage: pulumi-linstor COMMAND [ARGS]");
  for (const command of Object.values(COMMANDS)) io.out(`  pulumi-linstor ${command.usage}\n      ${command.summary}`);
}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    help(io);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`pulumi-linstor: unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(", ")})`);
    return 2;
  }
  return command.run(args, io);
}

if (require.main === module) {
  const io: CommandIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };
  main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      io.err(`pulumi-linstor: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
