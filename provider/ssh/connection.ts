// The SSH session to a node's host: connect with host key pinning, run fixed commands with a
// timeout each, and turn every failure into a secret-free HostProblem. The only importer of node-ssh.
import { NodeSSH, type Config } from "node-ssh";
import type { NodeSshSpec } from "../model/types";
import { resolveCredentials } from "./credentials";
import { NodeHostError, type HostProblem } from "./errors";
import { describeHostKey, normalizeFingerprint, type OfferedHostKey } from "./fingerprint";
import { makeRedactor, type Redactor } from "./redact";
import { commandLine, showCommand } from "./shell";

export interface SshOptions {
  /** Budget for TCP connect + handshake + authentication. Default 20 s. */
  connectTimeoutMs?: number;
  /** Budget for each remote command. Default 60 s. */
  commandTimeoutMs?: number;
}

export interface HostKeyReport extends OfferedHostKey {
  /** "pinned": matched hostKeyFingerprint; "trust-on-first-use": accepted unpinned, pin it. */
  verifiedBy: "pinned" | "trust-on-first-use";
}

export interface CommandResult {
  code: number;
  /** As the command printed it: redact before putting it into a message. */
  stdout: string;
  /** Redacted. */
  stderr: string;
}

const DEFAULT_CONNECT_MS = 20_000;
const DEFAULT_COMMAND_MS = 60_000;

/** `user@host:port`, as errors name the target. */
export function targetOf(spec: NodeSshSpec): string {
  return `${spec.user ?? "root"}@${spec.host}:${spec.port ?? 22}`;
}

/** A connected host. Commands are argument lists; their output is returned, never logged. */
export class RemoteHost {
  constructor(
    private readonly ssh: NodeSSH,
    readonly target: string,
    readonly hostKey: HostKeyReport,
    private readonly redact: Redactor,
    private readonly commandTimeoutMs: number,
  ) {}

  /** Runs a command; resolves with its exit code (also non-zero), rejects only on timeout or transport errors. */
  async run(argv: readonly string[], timeoutMs = this.commandTimeoutMs): Promise<CommandResult> {
    let channel: { signal?: (s: string) => void; close: () => void } | undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        try {
          channel?.signal?.("KILL");
          channel?.close();
        } catch {
          // the channel may already be gone
        }
        reject(new HostProblemError({
          code: "command-timeout",
          message: `\`${this.redact(showCommand(argv))}\` on ${this.target} did not finish within ${timeoutMs / 1000} s`,
        }));
      }, timeoutMs);
    });
    try {
      const res = await Promise.race([
        this.ssh.execCommand(commandLine(argv), { onChannel: (c) => { channel = c; } }),
        timeout,
      ]);
      return {
        code: res.code ?? (res.signal ? 128 : 255),
        stdout: res.stdout,
        stderr: this.redact(res.stderr),
      };
    } catch (err) {
      if (err instanceof HostProblemError) throw err;
      throw new HostProblemError({
        code: "ssh-error",
        message: `running \`${this.redact(showCommand(argv))}\` on ${this.target} failed: ${this.redact(messageOf(err))}`,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs a command that must succeed (exit 0); a failure becomes a command-failed problem. */
  async check(argv: readonly string[]): Promise<string> {
    const res = await this.run(argv);
    if (res.code !== 0) throw new HostProblemError(commandFailed(this, argv, res));
    return res.stdout;
  }

  describe(argv: readonly string[]): string {
    return this.redact(showCommand(argv));
  }

  /** Masks the spec's secrets in any text meant for a message (stdout is returned unmasked for parsing). */
  redactText(text: string): string {
    return this.redact(text);
  }

  dispose(): void {
    this.ssh.dispose();
  }
}

export function commandFailed(host: RemoteHost, argv: readonly string[], res: CommandResult): HostProblem {
  const detail = host.redactText(res.stderr.trim() || res.stdout.trim() || "no output");
  return {
    code: "command-failed",
    message: `\`${host.describe(argv)}\` on ${host.target} exited with ${res.code}: ${detail}`,
  };
}

/** Carries one problem up to the operation, which gathers them into a NodeHostError. */
export class HostProblemError extends Error {
  constructor(readonly problem: HostProblem) {
    super(problem.message);
    this.name = "HostProblemError";
  }
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

function invalid(spec: NodeSshSpec): HostProblem[] {
  const problems: HostProblem[] = [];
  const add = (message: string) => problems.push({ code: "invalid-spec", message });
  if (typeof spec.host !== "string" || spec.host.trim() === "") add("ssh.host is empty");
  if (spec.port !== undefined && !(Number.isInteger(spec.port) && spec.port > 0 && spec.port < 65536)) {
    add(`ssh.port ${String(spec.port)} is not a TCP port`);
  }
  if (spec.hostKeyFingerprint !== undefined && normalizeFingerprint(spec.hostKeyFingerprint) === undefined) {
    // Do not echo the value back: a mistaken paste could be anything.
    add("ssh.hostKeyFingerprint must look like `SHA256:<43 base64 characters>`, as `ssh-keygen -lf <key>.pub` prints it");
  }
  if (spec.agent && !process.env.SSH_AUTH_SOCK) add("ssh.agent is set but SSH_AUTH_SOCK is not set in the environment");
  if (!spec.privateKey && !spec.password && !spec.agent) {
    add("no SSH credentials: set ssh.privateKey (or privateKeyEnv / privateKeyFile), ssh.password (or passwordEnv) or ssh.agent");
  }
  return problems;
}

/**
 * Connects, runs `fn` with the connected host, and always closes the connection. Connection
 * failures (unreachable, host key refused, authentication) become a NodeHostError naming the
 * target; `what` is the operation's name in that error ("checking the node host", ...).
 */
export async function withHost<T>(
  given: NodeSshSpec,
  what: string,
  opts: SshOptions,
  fn: (host: RemoteHost) => Promise<T>,
): Promise<T> {
  const target = targetOf(given);
  const resolved = resolveCredentials(given);
  const spec = resolved.spec;
  const redact = makeRedactor(spec);
  const bad = resolved.problems.length > 0 ? resolved.problems : invalid(spec);
  if (bad.length > 0) throw new NodeHostError(target, what, bad.map((p) => ({ ...p, message: redact(p.message) })));

  const pinned = spec.hostKeyFingerprint !== undefined ? normalizeFingerprint(spec.hostKeyFingerprint) : undefined;
  let offered: OfferedHostKey | undefined;
  let hostKey: HostKeyReport | undefined;
  const config: Config = {
    host: spec.host,
    port: spec.port ?? 22,
    username: spec.user ?? "root",
    readyTimeout: opts.connectTimeoutMs ?? DEFAULT_CONNECT_MS,
    // ssh2 hands the raw key blob to the verifier when hostHash is not set.
    hostVerifier: (key: Buffer) => {
      offered = describeHostKey(key);
      if (pinned !== undefined) {
        if (offered.fingerprint !== pinned) return false;
        hostKey = { ...offered, verifiedBy: "pinned" };
        return true;
      }
      if (spec.trustOnFirstUse === true) {
        hostKey = { ...offered, verifiedBy: "trust-on-first-use" };
        return true;
      }
      return false;
    },
  };
  if (spec.privateKey) config.privateKey = spec.privateKey;
  if (spec.passphrase) config.passphrase = spec.passphrase;
  if (spec.password) {
    config.password = spec.password;
    config.tryKeyboard = true;
  }
  if (spec.agent) config.agent = process.env.SSH_AUTH_SOCK;

  const ssh = new NodeSSH();
  try {
    await ssh.connect(config);
  } catch (err) {
    ssh.dispose();
    const problem = connectProblem(err, target, pinned, offered, redact);
    throw new NodeHostError(target, what, [problem]);
  }
  if (!hostKey) {
    ssh.dispose();
    throw new NodeHostError(target, what, [{ code: "ssh-error", message: `${target} completed the handshake without a verified host key` }]);
  }
  const host = new RemoteHost(ssh, target, hostKey, redact, opts.commandTimeoutMs ?? DEFAULT_COMMAND_MS);
  // The last line of defence: whatever the host printed, no secret leaves in a result or an error.
  const clean = (problems: HostProblem[]) => new NodeHostError(target, what, problems.map((p) => ({ ...p, message: redact(p.message) })));
  try {
    return redactStrings(await fn(host), redact);
  } catch (err) {
    if (err instanceof HostProblemError) throw clean([err.problem]);
    if (err instanceof NodeHostError) throw clean(err.problems);
    throw clean([{ code: "ssh-error", message: messageOf(err) }]);
  } finally {
    host.dispose();
  }
}

/** A copy of a plain result with every string redacted. */
function redactStrings<T>(value: T, redact: Redactor): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, redact)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactStrings(v, redact);
    return out as T;
  }
  return value;
}

function connectProblem(
  err: unknown,
  target: string,
  pinned: string | undefined,
  offered: OfferedHostKey | undefined,
  redact: Redactor,
): HostProblem {
  const msg = redact(messageOf(err));
  const code = (err as { code?: unknown })?.code;
  const level = (err as { level?: unknown })?.level;
  if (offered && /Host denied/i.test(msg)) {
    const howToCheck = `compare with \`ssh-keygen -lf /etc/ssh/ssh_host_${shortType(offered.type)}_key.pub\` on the host`;
    if (pinned !== undefined) {
      return {
        code: "host-key-mismatch",
        message:
          `host key of ${target} does not match the pinned fingerprint: expected ${pinned}, ` +
          `offered ${offered.type} ${offered.fingerprint}. Connection refused (${howToCheck}; ` +
          "if the host was reinstalled, update ssh.hostKeyFingerprint)",
      };
    }
    return {
      code: "host-key-unknown",
      message:
        `host key of ${target} is not pinned: offered ${offered.type} ${offered.fingerprint}. Connection refused; ` +
        `set ssh.hostKeyFingerprint to it after checking it out of band (${howToCheck}), ` +
        "or set ssh.trustOnFirstUse: true to accept it once",
    };
  }
  if (level === "client-authentication" || /authentication methods failed/i.test(msg)) {
    return { code: "auth-failed", message: `authentication as ${target} failed: ${msg}` };
  }
  if (/privateKey|passphrase|private key/i.test(msg)) {
    return { code: "auth-failed", message: `cannot use ssh.privateKey for ${target}: ${msg}` };
  }
  if (
    level === "client-timeout" || level === "client-socket" ||
    (typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/.test(code))
  ) {
    return { code: "unreachable", message: `host ${target} is unreachable: ${msg}` };
  }
  return { code: "ssh-error", message: `SSH connection to ${target} failed: ${msg}` };
}

function shortType(type: string): string {
  if (type === "ssh-ed25519") return "ed25519";
  if (type.startsWith("ecdsa")) return "ecdsa";
  if (type === "ssh-rsa" || type.startsWith("rsa-")) return "rsa";
  return "*";
}
