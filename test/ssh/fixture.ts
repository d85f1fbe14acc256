// Mocha wiring for the SSH tests: one real sshd per test file, installed first when missing;
// where sshd cannot be installed the file is skipped locally and fails under CI (CI=true).
import type { NodeSshSpec } from "../../provider/model/types";
import { requirePrerequisite } from "../helpers/prerequisites";
import { ensureSshd, startTestHost, type TestHost } from "../../harness/sshd";

export function useTestHost(): () => TestHost {
  let host: TestHost | undefined;
  before(async function () {
    this.timeout(600_000); // a first apt-get install on a fresh machine
    const why = ensureSshd();
    requirePrerequisite(this, !why, `the OpenSSH server for the SSH tests (Debian: apt-get install openssh-server, as scripts/install-sshd.sh does): ${why}`);
    host = await startTestHost();
  });
  after(async () => {
    await host?.stop();
  });
  return () => {
    if (!host) throw new Error("test host not started");
    return host;
  };
}

/** A spec that reaches the test host with the authorized (passphrase-protected) key, host key pinned. */
export function specFor(h: TestHost, over: Partial<NodeSshSpec> = {}): NodeSshSpec {
  return {
    host: "127.0.0.1",
    port: h.port,
    user: h.user,
    privateKey: h.client.privateKey,
    passphrase: h.client.passphrase,
    hostKeyFingerprint: h.hostKeyFingerprint,
    ...over,
  };
}

/** Awaits a promise that must reject, and returns the error. */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`rejected with a non-Error: ${String(err)}`, { cause: err });
  }
  throw new Error("expected a rejection, but it resolved");
}
