// ResourceGroup: defaults (placement, props) that definitions inherit and spawn from.

import { f, type KindDeclaration } from "../declaration";
import { lifecycleInputs, placementFields, propsField } from "./shared";

export const resourceGroupDeclaration = {
  kind: "ResourceGroup",
  doc: "A resource group: placement rules and properties shared by the resource definitions that name it.",
  idFormat: "<name>",
  inputs: {
    name: f.name("resourceGroup", "Group name (2 to 48 characters: letters, digits, '_' and '-').",
      { required: true, replaceOnChange: true, title: "resource group name", example: "replicated" }),
    description: f.string("Free text shown by `linstor resource-group list`.", { title: "description", example: "three replicas on thin pools" }),
    placement: f.object("Placement", placementFields, "The group's auto-place rules (its select filter): defaults for the definitions of this group.",
      { title: "placement", example: { placeCount: 3, storagePools: ["thinpool"] } }),
    props: propsField,
    ...lifecycleInputs,
  },
  outputs: {
    placeCount: f.integer(1, 32, "The place count the controller reports for the group.", { example: 3 }),
  },
} as const satisfies KindDeclaration;
