// What `pulumi import` needs: the inputs that describe a live object, and the list of every object
// of a live cluster. Both come from `pulumi-linstor export`: the cluster is exported as a YAML stack
// and read back through the stack loader, so an imported object has exactly the inputs an exported
// stack would give it (same user props, same sizes, the controller's own objects left out).

import { exportStack, sizeText } from "../stack/export";
import { parseStack } from "../stack/load";
import { DECLARATIONS } from "../model/kinds";
import { nameKey } from "../model/names";
import type { DesiredState, LiveCluster } from "../model/types";
import { descriptorOf, KIND_NAMES } from "../resources/impl";
import { idOf } from "../resources/operations";

type Raw = Record<string, unknown>;

/** Where each kind's specs are in a desired state. */
const SPECS: Record<string, keyof DesiredState> = {
  Node: "nodes",
  StoragePool: "storagePools",
  ResourceGroup: "resourceGroups",
  ResourceDefinition: "resourceDefinitions",
  VolumeDefinition: "volumeDefinitions",
  Resource: "resources",
  Snapshot: "snapshots",
};

/** One object of the live cluster as a resource: its kind, its Pulumi id and its inputs. */
export interface ImportableObject {
  kind: string;
  id: string;
  inputs: Raw;
}

/** The desired state a stack exported from `live` declares. */
function exportedState(live: LiveCluster): DesiredState {
  const { text } = exportStack(live, { schemaRef: "stack.schema.json" });
  return parseStack(text, "export").desired;
}

/** A spec as resource inputs (specs hold sizes in KiB; the resources take size text). */
function inputsOf(kind: string, spec: Raw): Raw {
  const inputs: Raw = { ...spec };
  if (kind === "VolumeDefinition" && typeof spec.sizeKib === "number") {
    inputs.size = sizeText(spec.sizeKib);
    delete inputs.sizeKib;
  }
  for (const [k, v] of Object.entries(inputs)) if (v === undefined) delete inputs[k];
  return inputs;
}

/** Every object of the live cluster that a stack can manage, in dependency order. */
export function importableObjects(live: LiveCluster): ImportableObject[] {
  const desired = exportedState(live);
  const out: ImportableObject[] = [];
  for (const kind of KIND_NAMES) {
    const desc = descriptorOf(kind);
    for (const spec of (desired[SPECS[kind]] as Raw[] | undefined) ?? []) {
      const { inputs } = desc.normalize(inputsOf(kind, spec));
      out.push({ kind, id: idOf(desc.ref(inputs)), inputs: inputsOf(kind, spec) });
    }
  }
  return out;
}

/** The inputs of the live object `id` of `kind`; a clear error when there is none. */
export function importInputs(kind: string, id: string, live: LiveCluster): Raw {
  const found = importableObjects(live).find((o) => o.kind === kind && nameKey(o.id) === nameKey(id));
  if (!found) {
    throw new Error(`cannot import ${kind} '${id}': no such object on the controller that a stack can manage ` +
      `(the id of a ${kind} is ${DECLARATIONS[kind as keyof typeof DECLARATIONS]?.idFormat}; the controller's own objects such as tie-breakers and DfltDisklessStorPool are not imported)`);
  }
  return found.inputs;
}

/** The logical name an import file gives an object: unique across kinds, readable. */
export function logicalName(kind: string, id: string): string {
  const base = id.replace(/\//g, "-");
  return kind === "Resource" ? `${base}-replicas` : base;
}

/** The import file of a whole live cluster, for `pulumi import --file` (dependency order). */
export function pulumiImportFile(live: LiveCluster): { resources: { type: string; name: string; id: string }[] } {
  return {
    resources: importableObjects(live).map((o) => ({ type: `linstor:index:${o.kind}`, name: logicalName(o.kind, o.id), id: o.id })),
  };
}
