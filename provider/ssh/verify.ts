// Checks before a node is registered: the host answers (with the pinned host key), the satellite
// service is active, drbdadm is installed. Every missing piece is reported in one NodeHostError.
import type { NodeSshSpec } from "../model/types";
import { HostProblemError, withHost, type HostKeyReport, type RemoteHost, type SshOptions } from "./connection";
import { findDrbdadm, readDrbdVersion, type DrbdVersion } from "./drbd";
import { NodeHostError, type HostProblem } from "./errors";

export const DEFAULT_SATELLITE_SERVICE = "linstor-satellite";

export interface HostReport {
  /** user@host:port */
  target: string;
  hostKey: HostKeyReport;
  satellite: { service: string; state: "active" };
  /** Absolute path of drbdadm on the host. */
  drbdadm: string;
  drbd: DrbdVersion;
}

const UNIT_NAME = /^[A-Za-z0-9@_.:\\][A-Za-z0-9@_.:\\-]*$/;

export function satelliteServiceOf(spec: NodeSshSpec): string {
  return spec.satelliteService ?? DEFAULT_SATELLITE_SERVICE;
}

/** `systemctl is-active` prints active/inactive/failed/activating/...; exit 0 only for active. */
export async function satelliteState(host: RemoteHost, service: string): Promise<{ active: boolean; problem?: HostProblem }> {
  const res = await host.run(["systemctl", "is-active", service]);
  const state = res.stdout.trim().split("\n")[0] || "unknown";
  if (res.code === 0 && state === "active") return { active: true };
  if (res.code === 127) {
    return { active: false, problem: { code: "satellite-inactive", message: `cannot check service ${service}: systemctl is not installed on ${host.target}` } };
  }
  const hint = state === "inactive" || state === "failed"
    ? ` (start it with \`systemctl enable --now ${service}\`; is linstor-satellite installed?)`
    : "";
  return {
    active: false,
    problem: {
      code: "satellite-inactive",
      message: `satellite service ${service} is not active on ${host.target}: systemctl is-active says "${host.redactText(state)}"${hint}`,
    },
  };
}

export async function verifyNodeHost(spec: NodeSshSpec, opts: SshOptions = {}): Promise<HostReport> {
  const service = satelliteServiceOf(spec);
  const what = "checking the node host";
  if (!UNIT_NAME.test(service)) {
    throw new NodeHostError(spec.host, what, [{ code: "invalid-spec", message: `ssh.satelliteService "${service}" is not a systemd unit name` }]);
  }
  return withHost(spec, what, opts, async (host) => {
    const problems: HostProblem[] = [];
    // Each check runs even when an earlier one failed, so the error lists everything at once.
    const attempt = async <T>(check: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await check();
      } catch (err) {
        if (err instanceof HostProblemError) {
          problems.push(err.problem);
          return undefined;
        }
        throw err;
      }
    };
    const sat = await attempt(() => satelliteState(host, service));
    if (sat?.problem) problems.push(sat.problem);
    const drbdadm = await attempt(() => findDrbdadm(host));
    if (drbdadm === undefined && !problems.some((p) => p.code === "command-timeout")) {
      problems.push({ code: "drbdadm-missing", message: `drbdadm is not installed on ${host.target} (install drbd-utils)` });
    }
    const drbd = drbdadm !== undefined ? (await attempt(() => readDrbdVersion(host))) ?? {} : {};
    if (problems.length > 0 || drbdadm === undefined) throw new NodeHostError(host.target, what, problems);
    return {
      target: host.target,
      hostKey: host.hostKey,
      satellite: { service, state: "active" },
      drbdadm,
      drbd,
    };
  });
}
