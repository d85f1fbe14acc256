// One error type for everything that goes wrong on a node's host: it lists every problem found,
// so an operator fixes them all in one round instead of one per `pulumi up`.

export type HostProblemCode =
  | "invalid-spec"
  | "unreachable"
  | "auth-failed"
  | "host-key-unknown"
  | "host-key-mismatch"
  | "ssh-error"
  | "command-timeout"
  | "command-failed"
  | "satellite-inactive"
  | "drbdadm-missing"
  | "device-missing"
  | "device-has-signature"
  | "device-in-other-vg"
  | "lv-not-thin-pool"
  | "vg-missing"
  | "thin-pool-missing";

export interface HostProblem {
  code: HostProblemCode;
  /** Already free of secrets. */
  message: string;
}

export class NodeHostError extends Error {
  readonly host: string;
  readonly problems: HostProblem[];

  constructor(host: string, what: string, problems: HostProblem[]) {
    const lines = problems.map((p) => `  - ${p.message}`);
    super(`${what} on ${host} failed:\n${lines.join("\n")}`);
    this.name = "NodeHostError";
    this.host = host;
    this.problems = problems;
  }

  has(code: HostProblemCode): boolean {
    return this.problems.some((p) => p.code === code);
  }
}
