import assert from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseDrbdadmVersion, parseProcDrbd } from "../../provider/ssh/drbd";
import { fingerprintOf, keyTypeOf, normalizeFingerprint } from "../../provider/ssh/fingerprint";
import { makeRedactor } from "../../provider/ssh/redact";
import { commandLine } from "../../provider/ssh/shell";
import { requirePrerequisite } from "../helpers/prerequisites";
import { ensureSshd } from "../../harness/sshd";

describe("provider/ssh pieces", () => {
  describe("host key fingerprints match ssh-keygen -lf", () => {
    let dir = "";
    before(function () {
      this.timeout(600_000);
      const why = ensureSshd(); // brings ssh-keygen too
      requirePrerequisite(this, !why, `ssh-keygen, from the OpenSSH packages (Debian: apt-get install openssh-server openssh-client): ${why}`);
      dir = mkdtempSync(join(tmpdir(), "pl-fp-"));
    });
    after(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    for (const [type, args, wire] of [
      ["ed25519", ["-t", "ed25519"], "ssh-ed25519"],
      ["ecdsa", ["-t", "ecdsa", "-b", "256"], "ecdsa-sha2-nistp256"],
      ["rsa", ["-t", "rsa", "-b", "1024"], "ssh-rsa"],
    ] as const) {
      it(`${type} key`, () => {
        const file = join(dir, type);
        assert.strictEqual(spawnSync("ssh-keygen", ["-q", ...args, "-N", "", "-f", file]).status, 0);
        const printed = spawnSync("ssh-keygen", ["-lf", file + ".pub"], { encoding: "utf8" }).stdout.split(/\s+/)[1];
        const blob = Buffer.from(readFileSync(file + ".pub", "utf8").split(" ")[1], "base64");
        assert.strictEqual(fingerprintOf(blob), printed);
        assert.strictEqual(keyTypeOf(blob), wire);
      });
    }
  });

  it("normalizes pinned fingerprints and rejects other forms", () => {
    const fp = "SHA256:" + "A".repeat(43);
    assert.strictEqual(normalizeFingerprint(` ${fp}= `), fp);
    assert.strictEqual(normalizeFingerprint(fp.slice(7)), undefined);
    assert.strictEqual(normalizeFingerprint("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48"), undefined);
  });

  it("quotes every word so that no argument becomes shell syntax", () => {
    const nasty = ["it's", "$(echo pwned)", "`id`", "a;b", "x\ny", "\"q\"", "*", "-n"];
    const res = spawnSync("sh", ["-c", commandLine(["printf", "[%s]", ...nasty])], { encoding: "utf8" });
    assert.strictEqual(res.status, 0, res.stderr);
    assert.strictEqual(res.stdout, nasty.map((w) => `[${w}]`).join(""));
  });

  it("reads DRBD versions from drbdadm --version and /proc/drbd", () => {
    const adm = "DRBDADM_BUILDTAG=GIT-hash:\\ abc\nDRBDADM_API_VERSION=2\nDRBD_KERNEL_VERSION_CODE=0x090208\n" +
      "DRBD_KERNEL_VERSION=9.2.8\nDRBDADM_VERSION_CODE=0x091b00\nDRBDADM_VERSION=9.27.0\n";
    assert.deepStrictEqual(parseDrbdadmVersion(adm), { utils: "9.27.0", kernel: "9.2.8" });
    assert.deepStrictEqual(parseDrbdadmVersion("no such output"), {});
    assert.strictEqual(parseProcDrbd("version: 9.2.11 (api:2/proto:86-122)\nGIT-hash: x\n"), "9.2.11");
    assert.strictEqual(parseProcDrbd(""), undefined);
  });

  it("redacts secrets, each line of the key and whole PEM blocks", () => {
    const key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0\nAAAAGAAAABA0\n-----END OPENSSH PRIVATE KEY-----\n";
    const redact = makeRedactor({ host: "h", privateKey: key, passphrase: "hunter2hunter2", password: "pw" });
    const out = redact(`a ${key} b hunter2hunter2 c b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0 d pw`);
    assert.strictEqual(out, "a [redacted]\n b [redacted] c [redacted] d [redacted]");
  });
});
