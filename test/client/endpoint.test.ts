// Endpoint resolution: option, provider config, LS_CONTROLLERS, default; schemes and ports; auth.

import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { normalizeEndpoint, resolveConnection } from "../../provider/client/endpoint";

describe("controller endpoint resolution", () => {
  it("maps schemes and default ports like the linstor client", () => {
    assert.strictEqual(normalizeEndpoint("linstor://ctrl").url, "http://ctrl:3370");
    assert.strictEqual(normalizeEndpoint("linstor+ssl://ctrl").url, "https://ctrl:3371");
    assert.strictEqual(normalizeEndpoint("linstor://ctrl:4000").url, "http://ctrl:4000");
    assert.strictEqual(normalizeEndpoint("https://ctrl").url, "https://ctrl:3371");
    assert.strictEqual(normalizeEndpoint("ctrl:3370").url, "http://ctrl:3370");
    assert.strictEqual(normalizeEndpoint("10.0.0.1").url, "http://10.0.0.1:3370");
    assert.strictEqual(normalizeEndpoint("[::1]:3370").url, "http://[::1]:3370");
    assert.strictEqual(normalizeEndpoint("ctrl", true).url, "https://ctrl:3371");
    assert.throws(() => normalizeEndpoint("ftp://ctrl"), /unsupported controller URL scheme/);
  });

  it("prefers option over config over LS_CONTROLLERS over the default", () => {
    const env = { LS_CONTROLLERS: "linstor://a,linstor://b:3390" };
    const config = { get: (k: string) => (k === "endpoint" ? "http://cfg:1" : undefined) };
    assert.deepStrictEqual(resolveConnection({ endpoint: "http://opt:2", config, env }).endpoints, ["http://opt:2"]);
    assert.deepStrictEqual(resolveConnection({ config, env }).endpoints, ["http://cfg:1"]);
    const fromEnv = resolveConnection({ env });
    assert.deepStrictEqual(fromEnv.endpoints, ["http://a:3370", "http://b:3390"]);
    assert.strictEqual(fromEnv.source, "LS_CONTROLLERS");
    assert.deepStrictEqual(resolveConnection({ env: {} }).endpoints, ["http://localhost:3370"]);
  });

  it("builds bearer and basic authorization, preferring the token; URL credentials never stay in the endpoint", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ls-token-"));
    const file = path.join(dir, "auth.json");
    fs.writeFileSync(file, JSON.stringify({ token: "t0k3n" }));
    try {
      assert.strictEqual(resolveConnection({ env: { LS_BEARER_TOKEN_FILE: file, LS_USERNAME: "u" } }).authorization, "Bearer t0k3n");
      const basic = resolveConnection({ env: { LS_USERNAME: "alice", LS_PASSWORD: "s3cret" } }).authorization;
      assert.strictEqual(basic, `Basic ${Buffer.from("alice:s3cret").toString("base64")}`);
      const url = resolveConnection({ endpoint: "http://bob:pw@ctrl:3370", env: {} });
      assert.deepStrictEqual(url.endpoints, ["http://ctrl:3370"]);
      assert.strictEqual(url.authorization, `Basic ${Buffer.from("bob:pw").toString("base64")}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
