// Credentials end to end over HTTP: a simulator started with basic auth or a bearer token refuses
// calls without the right ones, as the controller (basic, LDAP) or an authenticating proxy in
// front of it (token) would, and the client's error says what was refused and what to set.

import * as assert from "assert";
import { LinstorApiError, LinstorClient, LinstorHttpError } from "../../provider/client";
import { useSimulator } from "../../harness/sim";

const refused = (pattern: RegExp) => (e: unknown): boolean => {
  assert.match(String((e as Error).message), pattern);
  return true;
};

describe("controller credentials: basic auth (LDAP sign-in, RequestHelper.checkLDAPAuth)", function () {
  const sim = useSimulator({ basicAuth: { username: "admin", password: "s3cret-pw" } });
  const client = (opts: { username?: string; password?: string; bearerToken?: string }) =>
    new LinstorClient({ endpoint: sim().url, env: {}, retry: { attempts: 1 }, ...opts });

  it("the right user and password get through", async () => {
    assert.strictEqual((await client({ username: "admin", password: "s3cret-pw" }).nodes.list()).length, 4);
  });

  it("no credentials: 401 FAIL_SIGN_IN_MISSING_CREDENTIALS, and the error says a login is required", async () => {
    await assert.rejects(client({}).nodes.list(), (e: unknown) => {
      assert.ok(e instanceof LinstorApiError, String(e));
      assert.strictEqual(e.status, 401);
      return refused(/Login required but no 'Authorization' header given/)(e);
    });
  });

  it("a wrong password: 403 FAIL_SIGN_IN naming the user, never the password", async () => {
    await assert.rejects(client({ username: "admin", password: "wrong-pw" }).nodes.list(), (e: unknown) => {
      assert.ok(e instanceof LinstorApiError, String(e));
      assert.strictEqual(e.status, 403);
      assert.ok(!String(e.message).includes("wrong-pw") && !String(e).includes("wrong-pw"), "the password leaked into the error");
      return refused(/Sign in of user 'admin' failed/)(e);
    });
  });

  it("a bearer token where basic auth is expected: the controller's 'only Basic supported'", async () => {
    await assert.rejects(client({ bearerToken: "tok" }).nodes.list(), refused(/only 'Basic' supported/));
  });
});

describe("controller credentials: bearer token (an authenticating proxy in front of the controller)", function () {
  const sim = useSimulator({ bearerToken: "good-token-123" });
  const client = (opts: { bearerToken?: string }) => new LinstorClient({ endpoint: sim().url, env: {}, retry: { attempts: 1 }, ...opts });

  it("the right token gets through", async () => {
    assert.strictEqual((await client({ bearerToken: "good-token-123" }).nodes.list()).length, 4);
  });

  it("a wrong token: HTTP 401 with the proxy's reason, the token not echoed", async () => {
    await assert.rejects(client({ bearerToken: "bad-token-456" }).nodes.list(), (e: unknown) => {
      assert.ok(e instanceof LinstorHttpError, String(e));
      assert.strictEqual(e.status, 401);
      assert.ok(!String(e.message).includes("bad-token-456"), "the token leaked into the error");
      return refused(/HTTP 401.*invalid bearer token/)(e);
    });
  });

  it("no token: HTTP 401 'bearer token required'", async () => {
    await assert.rejects(client({}).nodes.list(), refused(/HTTP 401.*bearer token required/));
  });
});
