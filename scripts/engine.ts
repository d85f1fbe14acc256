// Where the Pulumi engine lives and the environment that keeps it offline. Shared by the demo, the
// GitOps script, benchmarks and the end-to-end tests, so every one of them runs the engine alike.
import * as fs from "fs";
import * as path from "path";

export const repoRoot = path.resolve(__dirname, "..");
/** Built (or linked) by scripts/install-pulumi.sh. */
export const engineRoot = path.join(repoRoot, ".pulumi-engine");
export const engineBin = path.join(engineRoot, "bin");

/**
 * Environment for a Pulumi run with a local file backend under `stateDir`: no account, no update
 * check, no plugin downloads. The passphrase only protects the throwaway stacks of the demo and
 * the tests; real stacks bring their own secrets provider.
 */
export function offlineEnv(stateDir: string, extra: Record<string, string> = {}): Record<string, string> {
  fs.mkdirSync(stateDir, { recursive: true });
  const home = path.join(stateDir, ".pulumi-home");
  fs.mkdirSync(home, { recursive: true });
  return {
    PATH: `${engineBin}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_HOME: home,
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "pulumi-linstor-local",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...extra,
  };
}

export function engineInstalled(): boolean {
  return fs.existsSync(path.join(engineBin, "pulumi"));
}
