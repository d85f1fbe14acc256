// bench/goals.ts puts several bench documents into one table of issue 15's goals: documents
// measured with different engine settings must not be mixed into it.
import * as assert from "assert";
import { engineSettingsOf } from "../../bench/goals";
import type { BenchResults } from "../../bench/results";
import { engineEnvShown } from "../../bench/stack";

const doc = (engineSettings: Record<string, string> | undefined): BenchResults =>
  ({ scale: engineSettings === undefined ? undefined : { engineSettings, sizes: [] } }) as unknown as BenchResults;

describe("bench goals table: engine settings", function () {
  it("names the settings the documents share; the offline defaults are the empty string", () => {
    assert.strictEqual(engineSettingsOf([doc({ PULUMI_SKIP_CHECKPOINTS: "true" }), doc({ PULUMI_SKIP_CHECKPOINTS: "true" }), doc(undefined)]), "PULUMI_SKIP_CHECKPOINTS=true");
    assert.strictEqual(engineSettingsOf([doc({}), doc({})]), "");
  });

  it("refuses documents measured with different settings", () => {
    assert.throws(() => engineSettingsOf([doc({}), doc({ PULUMI_SKIP_CHECKPOINTS: "true" })]), /different engine settings: \(defaults\) \/ PULUMI_SKIP_CHECKPOINTS=true/);
  });
});

describe("bench engine settings as results record them", function () {
  it("masks the password of a state backend URL and keeps the rest", () => {
    const shown = engineEnvShown({ BENCH_ENGINE_ENV: "PULUMI_BACKEND_URL=postgres://pulumi:s3cret@127.0.0.1:5432/pulumi_state?sslmode=disable,PULUMI_SKIP_CHECKPOINTS=true" });
    assert.deepStrictEqual(shown, { PULUMI_BACKEND_URL: "postgres://pulumi:****@127.0.0.1:5432/pulumi_state?sslmode=disable", PULUMI_SKIP_CHECKPOINTS: "true" });
    assert.deepStrictEqual(engineEnvShown({ BENCH_ENGINE_ENV: "PULUMI_BACKEND_URL=file:///tmp/state" }), { PULUMI_BACKEND_URL: "file:///tmp/state" });
  });
});
