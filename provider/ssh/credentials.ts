// Secret references (what a YAML stack holds instead of secret values) are resolved here, where
// the connection is made: privateKeyEnv / privateKeyFile / passphraseEnv / passwordEnv. Problems
// name the variable or file, never a value.
import { readFileSync } from "fs";
import { homedir } from "os";
import { join } from "path";
import type { NodeSshSpec } from "../model/types";
import type { HostProblem } from "./errors";

export interface ResolvedCredentials {
  spec: NodeSshSpec;
  problems: HostProblem[];
}

export function resolveCredentials(spec: NodeSshSpec, env: NodeJS.ProcessEnv = process.env): ResolvedCredentials {
  const problems: HostProblem[] = [];
  const out: NodeSshSpec = { ...spec };
  const bad = (message: string) => problems.push({ code: "invalid-spec", message });

  const fromEnv = (name: string | undefined, field: string): string | undefined => {
    if (name === undefined) return undefined;
    const value = env[name];
    if (value === undefined || value === "") {
      bad(`ssh.${field}Env names the environment variable ${name}, which is not set`);
      return undefined;
    }
    return value;
  };

  const keyRefs = [spec.privateKeyEnv, spec.privateKeyFile].filter((r) => r !== undefined).length;
  if (keyRefs > 0 && spec.privateKey) bad("set only one of ssh.privateKey, ssh.privateKeyEnv and ssh.privateKeyFile");
  else if (keyRefs > 1) bad("set only one of ssh.privateKeyEnv and ssh.privateKeyFile");
  else if (spec.privateKeyEnv !== undefined) out.privateKey = fromEnv(spec.privateKeyEnv, "privateKey");
  else if (spec.privateKeyFile !== undefined) {
    const file = spec.privateKeyFile.startsWith("~/") ? join(homedir(), spec.privateKeyFile.slice(2)) : spec.privateKeyFile;
    try {
      out.privateKey = readFileSync(file, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
      bad(`ssh.privateKeyFile ${spec.privateKeyFile} cannot be read (${code})`);
    }
  }

  if (spec.passphraseEnv !== undefined) {
    if (spec.passphrase) bad("set only one of ssh.passphrase and ssh.passphraseEnv");
    else out.passphrase = fromEnv(spec.passphraseEnv, "passphrase");
  }
  if (spec.passwordEnv !== undefined) {
    if (spec.password) bad("set only one of ssh.password and ssh.passwordEnv");
    else out.password = fromEnv(spec.passwordEnv, "password");
  }
  return { spec: out, problems };
}
