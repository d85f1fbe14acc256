#!/usr/bin/env node
// `pulumi-linstor`: commands that work on YAML stacks without Pulumi. Each subcommand is one entry
// of COMMANDS (name, usage line, run); `export` and others plug in the same way.

import { checkStackFile, formatProblem } from "./stack";

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

/** `validate FILE…`: every problem of every file, exit 1; or one ok line per file, exit 0. */
const validate: Command = {
  usage: "validate FILE...",
  summary: "check YAML stacks offline (no Pulumi, no controller); exit 1 and list every problem, or 0",
  run(args, io) {
    if (args.length === 0) {
      io.err("pulumi-linstor validate: name at least one stack file (e.g. pulumi-linstor validate stack.yaml)");
      return 2;
    }
    let failed = false;
    for (const file of args) {
      const result = checkStackFile(file);
      if (result.ok) {
        const { desired } = result.stack;
        const nodes = desired.nodes?.length ?? 0;
        const resources = desired.resourceDefinitions?.length ?? 0;
        io.out(`${file}: ok (${nodes} node${nodes === 1 ? "" : "s"}, ${resources} resource${resources === 1 ? "" : "s"})`);
      } else {
        failed = true;
        for (const problem of result.problems) io.out(formatProblem(problem));
        io.err(`${file}: ${result.problems.length} problem${result.problems.length === 1 ? "" : "s"}`);
      }
    }
    return failed ? 1 : 0;
  },
};

export const COMMANDS: Record<string, Command> = { validate };

function help(io: CommandIo): void {
  io.out("usage: pulumi-linstor COMMAND [ARGS]");
  for (const command of Object.values(COMMANDS)) io.out(`  pulumi-linstor ${command.usage.padEnd(24)} ${command.summary}`);
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
