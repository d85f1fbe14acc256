// HTTPS with a CA and a client certificate: an https proxy (certificates made here with openssl)
// in front of the plain-HTTP simulator, requiring a client certificate like a controller with a
// truststore does.

import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { LinstorClient, LinstorConnectionError } from "../../provider/client";
import { useSimulator } from "../helpers/sim";

function haveOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** CA, server certificate for 127.0.0.1, client certificate; all in `dir`. */
function makeCerts(dir: string): void {
  const ossl = (...args: string[]): void => {
    execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  };
  ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test-ca");
  fs.writeFileSync(path.join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
  ossl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
  ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=pulumi-linstor");
  ossl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.pem", "-days", "2");
}

describe("LinstorClient over HTTPS with client certificates", function () {
  const sim = useSimulator();
  let dir = "";
  let proxy: https.Server | undefined;
  let url = "";

  before(async function () {
    if (!haveOpenssl()) this.skip(); // no openssl on this machine: certificates cannot be made
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ls-tls-"));
    makeCerts(dir);
    const target = new URL(sim().url);
    proxy = https.createServer({
      key: fs.readFileSync(path.join(dir, "server.key")),
      cert: fs.readFileSync(path.join(dir, "server.pem")),
      ca: fs.readFileSync(path.join(dir, "ca.pem")),
      requestCert: true,
      rejectUnauthorized: true,
    }, (req, res) => {
      const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      });
      up.on("error", () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy?.listen(0, "127.0.0.1", r));
    url = `https://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  });

  after(async () => {
    await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
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

  it("refuses a server it cannot verify, and a proxy refuses a client without certificate", async () => {
    const noCa = new LinstorClient({ endpoint: url, env: {}, retry: { attempts: 1 } });
    await assert.rejects(noCa.controller.version(), (e: unknown) => e instanceof LinstorConnectionError);
    const noCert = new LinstorClient({ endpoint: url, env: {}, caCert: path.join(dir, "ca.pem"), retry: { attempts: 1 } });
    await assert.rejects(noCert.controller.version(), (e: unknown) => e instanceof LinstorConnectionError);
  });
});
