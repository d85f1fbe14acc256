// The seven kinds, each declared once. How to add a field: see README.md here.

import type { KindDeclaration } from "../declaration";
import type { Kind } from "../types";
import { nodeDeclaration } from "./node";
import { resourceDeclaration } from "./resource";
import { resourceDefinitionDeclaration } from "./resource-definition";
import { resourceGroupDeclaration } from "./resource-group";
import { snapshotDeclaration } from "./snapshot";
import { storagePoolDeclaration } from "./storage-pool";
import { volumeDefinitionDeclaration } from "./volume-definition";

export {
  nodeDeclaration, resourceDeclaration, resourceDefinitionDeclaration, resourceGroupDeclaration, snapshotDeclaration,
  storagePoolDeclaration, volumeDefinitionDeclaration,
};
export { lifecycleInputs, placementFields, prepareField, propsField, sshField } from "./shared";

/** Every kind's declaration, in the order objects are created. */
export const DECLARATIONS: Readonly<Record<Kind, KindDeclaration>> = {
  Node: nodeDeclaration,
  StoragePool: storagePoolDeclaration,
  ResourceGroup: resourceGroupDeclaration,
  ResourceDefinition: resourceDefinitionDeclaration,
  VolumeDefinition: volumeDefinitionDeclaration,
  Resource: resourceDeclaration,
  Snapshot: snapshotDeclaration,
};
