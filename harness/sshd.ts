// A real OpenSSH server for the provider/ssh tests: installed by scripts/install-sshd.sh when
// missing, started on 127.0.0.1 at a free port with its own host key, client key and config, and
// the host's DRBD/LVM commands replaced by the doubles in ./ssh-doubles (through PATH, set by sshd).
// Used by test/ssh and by the campaign (bench/campaigns), which plants its SSH key on a Node.
import { spawn, spawnSync, type ChildProcess } from "child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync, chmodSync } from "fs";
import { createServer } from "net";
import { tmpdir, userInfo } from "os";
import { join, resolve } from "path";

const ROOT = resolve(__dirname, "..");
const SSHD = "/usr/sbin/sshd";

export interface ClientKey {
  /** Private key text (OpenSSH format). */
  privateKey: string;
  passphrase?: string;
  /** As `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

export interface TestHost {
  port: number;
  user: string;
  dir: string;
  /** Host key fingerprint as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  /** Authorized client key (encrypted with a passphrase). */
  client: ClientKey;
  /** Every recorded double call, one line each: `vgcreate drbdpool /dev/x`. */
  calls(): string[];
  clearCalls(): void;
  setService(unit: string, state: string): void;
  removeCommand(name: string): void;
  /** Replaces a command by a script with this body (after the shared recording header). */
  writeCommand(name: string, body: string): void;
  restoreCommand(name: string): void;
  addDevice(path: string, sizeKib: number, signature?: string): void;
  setThinUsage(vg: string, lv: string, dataPercent: number): void;
  /** A plain (non-thin) LV in an existing VG, as if made by hand. */
  addLinearLv(vg: string, lv: string, sizeKib: number): void;
  /** Forgets all devices, VGs, LVs and calls. */
  resetStorage(): void;
  /** A fresh key pair in the test dir (not authorized unless asked). */
  makeKey(name: string, passphrase: string, authorize: boolean): ClientKey;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[]): string {
  const res = spawnSync(cmd, args, { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${res.stderr || res.error?.message}`);
  return res.stdout;
}

/** Installs sshd when needed; returns why the tests must be skipped, or undefined. */
export function ensureSshd(): string | undefined {
  const res = spawnSync("bash", [join(ROOT, "scripts/install-sshd.sh")], { encoding: "utf8", timeout: 600_000 });
  if (res.status !== 0) {
    return `OpenSSH server unavailable (scripts/install-sshd.sh exit ${res.status}): ${(res.stderr || "").trim().split("\n").slice(-3).join(" | ")}`;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

function fingerprintOfFile(pub: string): string {
  // "256 SHA256:abc... comment (ED25519)"
  return run("ssh-keygen", ["-lf", pub]).split(/\s+/)[1];
}

function keygen(dir: string, name: string, passphrase: string): ClientKey {
  const file = join(dir, name);
  // -a 2: few KDF rounds keep decrypting the key in the tests fast.
  run("ssh-keygen", ["-q", "-t", "ed25519", "-a", "2", "-N", passphrase, "-C", name, "-f", file]);
  const key: ClientKey = { privateKey: readFileSync(file, "utf8"), fingerprint: fingerprintOfFile(file + ".pub") };
  if (passphrase) key.passphrase = passphrase;
  return key;
}

export async function startTestHost(): Promise<TestHost> {
  const dir = mkdtempSync(join(tmpdir(), "pl-sshd-"));
  chmodSync(dir, 0o755);
  const fakebin = join(dir, "fakebin");
  const state = join(dir, "state");
  mkdirSync(fakebin);
  const doubles = join(__dirname, "ssh-doubles");
  for (const f of readdirSync(doubles)) {
    copyFileSync(join(doubles, f), join(fakebin, f));
    chmodSync(join(fakebin, f), 0o755);
  }
  const resetStorage = () => {
    rmSync(state, { recursive: true, force: true });
    for (const d of ["dev", "vg", "lv", "services"]) mkdirSync(join(state, d), { recursive: true });
    writeFileSync(join(state, "calls.log"), "");
  };
  resetStorage();

  run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "host_ed25519")]);
  const hostKeyFingerprint = fingerprintOfFile(join(dir, "host_ed25519.pub"));
  const authorized = join(dir, "authorized_keys");
  writeFileSync(authorized, "");
  const makeKey = (name: string, passphrase: string, authorize: boolean): ClientKey => {
    const key = keygen(dir, name, passphrase);
    if (authorize) writeFileSync(authorized, readFileSync(join(dir, name + ".pub"), "utf8"), { flag: "a" });
    return key;
  };
  const client = makeKey("client", "pp-Secret-Passphrase-42", true);

  const port = await freePort();
  const user = userInfo().username;
  const config = join(dir, "sshd_config");
  writeFileSync(config, [
    `Port ${port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${join(dir, "host_ed25519")}`,
    `AuthorizedKeysFile ${authorized}`,
    `PidFile ${join(dir, "sshd.pid")}`,
    "StrictModes no",
    "UsePAM no",
    "PermitRootLogin prohibit-password",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PubkeyAuthentication yes",
    // SHLVL=1 keeps bash from sourcing the login user's ~/.bashrc (it does so for ssh commands only
    // at shell level 1): the machine's dotfiles neither slow the tests nor shadow the doubles.
    `SetEnv PATH=${fakebin}:/usr/bin:/bin FAKE_STATE=${state} SHLVL=1`,
    "",
  ].join("\n"));
  // sshd running as root insists on its privilege separation directory.
  if (process.getuid?.() === 0) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

  const child: ChildProcess = spawn(SSHD, ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
  // Never leave the server behind, even when mocha is stopped before `after` runs.
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  let log = "";
  await new Promise<void>((ok, fail) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("Server listening on")) {
        child.stderr?.off("data", onData);
        child.stderr?.resume();
        ok();
      }
    };
    child.stderr?.on("data", onData);
    child.once("exit", (code) => fail(new Error(`sshd exited (${code}) before listening:\n${log}`)));
    child.once("error", fail);
  });

  const calls = () => readFileSync(join(state, "calls.log"), "utf8").split("\n").filter((l) => l.length > 0);
  const devkey = (p: string) => p.replace(/\//g, "_");
  return {
    port,
    user,
    dir,
    hostKeyFingerprint,
    client,
    calls,
    clearCalls: () => writeFileSync(join(state, "calls.log"), ""),
    setService: (unit, st) => writeFileSync(join(state, "services", unit), st + "\n"),
    removeCommand: (name) => unlinkSync(join(fakebin, name)),
    writeCommand: (name, body) => {
      writeFileSync(join(fakebin, name), `#!/bin/bash\n. "$(dirname "$0")/lib.sh"\n${body}\n`);
      chmodSync(join(fakebin, name), 0o755);
    },
    restoreCommand: (name) => {
      copyFileSync(join(doubles, name), join(fakebin, name));
      chmodSync(join(fakebin, name), 0o755);
    },
    addDevice: (path, sizeKib, signature) => {
      const k = join(state, "dev", devkey(path));
      writeFileSync(k + ".path", path + "\n");
      writeFileSync(k + ".size", `${sizeKib}\n`);
      if (signature) writeFileSync(k + ".sig", signature + "\n");
    },
    setThinUsage: (vg, lv, pct) => {
      const f = join(state, "lv", vg, lv);
      const [attr, size, , seg] = readFileSync(f, "utf8").trim().split(" ");
      writeFileSync(f, `${attr} ${size} ${pct.toFixed(2)} ${seg}\n`);
    },
    addLinearLv: (vg, lv, sizeKib) => {
      mkdirSync(join(state, "lv", vg), { recursive: true });
      writeFileSync(join(state, "lv", vg, lv), `-wi-a----- ${sizeKib} - linear\n`);
    },
    resetStorage,
    makeKey,
    stop: async () => {
      process.off("exit", killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((ok) => child.once("exit", ok));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
