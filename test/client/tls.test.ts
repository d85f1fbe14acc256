// HTTPS with a CA and a client certificate, end to end over HTTP: the simulator serves HTTPS and,
// like a controller with a truststore, refuses in the TLS handshake a client without a certificate
// its CA signed (certificates made here with openssl).

import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LinstorClient, LinstorConnectionError } from "../../provider/client";
import { requireTool } from "../helpers/prerequisites";
import { useSimulator } from "../../harness/sim";

/** CA, server certificate for 127.0.0.1, client certificate, and a client certificate of another CA; all in `dir`. */
function makeCerts(dir: string): void {
  const ossl = (...args: string[]): void => {
    execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  };
  const ca = (name: string) => ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.pem`, "-days", "2", "-subj", `/CN=${name}`);
  const signed = (name: string, by: string, cn: string, ext?: string) => {
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
    ossl("x509", "-req", "-in", `${name}.csr`, "-CA", `${by}.pem`, "-CAkey", `${by}.key`, "-CAcreateserial", "-out", `${name}.pem`, "-days", "2", ...(ext ? ["-extfile", ext] : []));
  };
  ca("ca");
  ca("other-ca");
  fs.writeFileSync(path.join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  signed("server", "ca", "127.0.0.1", "server.ext");
  signed("client", "ca", "pulumi-linstor");
  signed("stranger", "other-ca", "pulumi-linstor");
}

describe("LinstorClient over HTTPS with client certificates", function () {
  let dir = "";
  before(function () {
    requireTool(this, "openssl", "certificates for the TLS tests are made with openssl (Debian: apt-get install openssl)");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ls-tls-"));
    makeCerts(dir);
  });
  const sim = useSimulator(() => ({ tls: { cert: path.join(dir, "server.pem"), key: path.join(dir, "server.key"), clientCa: path.join(dir, "ca.pem") } }));
  let url = "";
  before(() => {
    url = sim().url;
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("connects with CA (PEM text), client certificate and key (files)", async () => {
    const c = new LinstorClient({
      endpoint: url, env: {},
      caCert: fs.readFileSync(path.join(dir, "ca.pem"), "utf8"),
      clientCert: path.join(dir, "client.pem"),
      clientKey: path.join(dir, "client.key"),
    });
    assert.ok((await c.controller.version()).version);
    assert.strictEqual((await c.nodes.list()).length, 4);
  });

  it("reads LS_ROOT_CA / LS_USER_CERTIFICATE / LS_USER_KEY and linstor+ssl:// like golinstor", async () => {
    const port = new URL(url).port;
    const c = new LinstorClient({
      env: {
        LS_CONTROLLERS: `linstor+ssl://127.0.0.1:${port}`,
        LS_ROOT_CA: fs.readFileSync(path.join(dir, "ca.pem"), "utf8"),
        LS_USER_CERTIFICATE: fs.readFileSync(path.join(dir, "client.pem"), "utf8"),
        LS_USER_KEY_FILE: path.join(dir, "client.key"),
      },
    });
    assert.ok((await c.controller.version()).version);
  });

  it("refuses a server it cannot verify: the error names the certificate problem", async () => {
    const noCa = new LinstorClient({ endpoint: url, env: {}, retry: { attempts: 1 } });
    await assert.rejects(noCa.controller.version(), (e: unknown) => {
      assert.ok(e instanceof LinstorConnectionError, String(e));
      assert.match(e.message, /certificate/i);
      return true;
    });
  });

  for (const [what, cert] of [["without a client certificate", undefined], ["with a certificate another CA signed", "stranger"]] as const) {
    it(`the controller refuses a client ${what}: a connection error, not an answer`, async () => {
      const c = new LinstorClient({
        endpoint: url, env: {}, caCert: path.join(dir, "ca.pem"), retry: { attempts: 1 },
        ...(cert ? { clientCert: path.join(dir, `${cert}.pem`), clientKey: path.join(dir, `${cert}.key`) } : {}),
      });
      await assert.rejects(c.controller.version(), (e: unknown) => {
        assert.ok(e instanceof LinstorConnectionError, String(e));
        assert.match(e.message, /GET \/v1\/controller\/version: .*the TLS connection to https:\/\/127\.0\.0\.1:\d+ failed: .*client certificate/s);
        return true;
      });
    });
  }
});
