#!/usr/bin/env node
// `pulumi-linstor`: commands that work on YAML stacks without Pulumi. Each subcommand is one entry
// of COMMANDS (name, usage line, run).

import * as fs from "node:fs";
import * as path from "node:path";
import { LinstorClient, readLive } from "./client";
import { checkStackFile, checkStackText, formatProblem, type StackProblem } from "./stack";
import { exportStack } from "./stack/export";
import { pulumiImportFile } from "./plugin/imported";
import { schemaPath } from "./stack/schema";

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  usage: string;
  summary: string;
  /** What `pulumi-linstor COMMAND --help` prints after the usage and summary: one line per argument. */
  help: string[];
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
  help: [
    "FILE...                  the YAML stacks to check",
    "--format text            one `file:line:col path: problem` line per problem (default)",
    "--format json            one JSON array of {file, line, col, path, message}",
    "--format github          GitHub Actions annotations, shown inline in a merge request",
  ],
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

/**
 * `export [--endpoint URL] [-o FILE]`: the stack of the live cluster (adopt: true), checked with the
 * loader before it is written. Controller: --endpoint, else LINSTOR_ENDPOINT, else LS_CONTROLLERS,
 * else http://localhost:3370; TLS and credentials from the LS_* variables like the linstor client.
 */
const exportCommand: Command = {
  usage: "export [--endpoint URL] [-o FILE] [--pulumi-import]",
  summary: "write the YAML stack of a live cluster (adopt: true), to adopt an existing cluster",
  help: [
    "--endpoint URL           the controller (default: LINSTOR_ENDPOINT, else LS_CONTROLLERS, else http://localhost:3370)",
    "-o, --output FILE        write the stack to FILE (folders are created) instead of printing it;",
    "                         its $schema line points at the schema from where FILE lands",
    "--pulumi-import          write the import file of every object instead, for `pulumi import --file FILE`",
    "                         with the provider plugin (types linstor:index:<Kind>, ids as the README lists)",
    "TLS and credentials come from the LS_* variables the linstor client reads.",
  ],
  async run(args, io) {
    let endpoint: string | undefined;
    let output: string | undefined;
    let pulumiImport = false;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
      const value = (): string | undefined => inline ?? args[++i];
      if (flag === "--endpoint") endpoint = value();
      else if (flag === "-o" || flag === "--output") output = value();
      else if (flag === "--pulumi-import") pulumiImport = true;
      else {
        io.err(`pulumi-linstor export: unknown argument "${arg}" (usage: pulumi-linstor ${exportCommand.usage})`);
        return 2;
      }
      if ((flag === "--endpoint" && !endpoint) || ((flag === "-o" || flag === "--output") && !output)) {
        io.err(`pulumi-linstor export: ${flag} needs a value`);
        return 2;
      }
    }
    const client = new LinstorClient({ endpoint: endpoint ?? (process.env.LINSTOR_ENDPOINT || undefined) });
    const live = await readLive(client);
    const target = output ? path.resolve(output) : undefined;
    if (pulumiImport) return writeImportFile(live, target, io);
    const schemaRef = path.relative(target ? path.dirname(target) : process.cwd(), schemaPath()).split(path.sep).join("/");
    const { text, notes } = exportStack(live, { schemaRef, source: client.endpoint });
    for (const note of notes) io.err(`pulumi-linstor export: not exported: ${note}`);
    const check = checkStackText(text, output ?? "(export)");
    if (target) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    }
    else io.out(text.trimEnd());
    if (!check.ok) {
      // A cluster the stack format cannot describe as is: say so rather than hand over a file that fails later.
      for (const problem of check.problems) io.err(formatProblem(problem));
      io.err("pulumi-linstor export: the exported stack does not validate (see above); edit it before applying");
      return 1;
    }
    if (target) io.err(`${output}: ${plural(check.stack.desired.nodes?.length ?? 0, "node")}, ${plural(check.stack.desired.resourceDefinitions?.length ?? 0, "resource")} (adopt: true)`);
    return 0;
  },
};

/** `export --pulumi-import`: the `pulumi import --file` JSON of every object a stack can manage. */
function writeImportFile(live: Awaited<ReturnType<typeof readLive>>, target: string | undefined, io: CommandIo): number {
  const file = pulumiImportFile(live);
  const text = JSON.stringify(file, null, 2);
  if (!target) {
    io.out(text);
    return 0;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${text}\n`);
  io.err(`${target}: ${plural(file.resources.length, "object")} to import (pulumi import --file ${path.basename(target)})`);
  return 0;
}

export const COMMANDS: Record<string, Command> = { validate, export: exportCommand };

function help(io: CommandIo): void {
  io.out("usage: pulumi-linstor COMMAND [ARGS]");
  for (const command of Object.values(COMMANDS)) io.out(`  pulumi-linstor ${command.usage}\n      ${command.summary}`);
  io.out("pulumi-linstor COMMAND --help shows the arguments of one command.");
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
  if (args.includes("--help") || args.includes("-h")) {
    io.out(`usage: pulumi-linstor ${command.usage}\n${command.summary}\n`);
    for (const line of command.help) io.out(`  ${line}`);
    return 0;
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
