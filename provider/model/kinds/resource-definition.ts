// ResourceDefinition: the cluster-wide definition a volume set and its replicas hang off.

import { f, type KindDeclaration } from "../declaration";
import { LAYER_KINDS } from "../types";
import { lifecycleInputs, propsField } from "./shared";

export const resourceDefinitionDeclaration = {
  kind: "ResourceDefinition",
  doc: "A resource definition: the cluster-wide definition that volumes and replicas belong to.",
  idFormat: "<name>",
  inputs: {
    name: f.name("resource", "Definition name (2 to 48 characters: letters, digits, '_' and '-'; `all` and `proxy` are reserved).",
      { required: true, replaceOnChange: true, title: "resource name", example: "SharedData" }),
    resourceGroup: f.string("The resource group this definition belongs to (default: the controller's DfltRscGrp).", { title: "resource group", example: "replicated" }),
    // The layer stack cannot change while replicas exist, so a change means a new definition.
    layerStack: f.list(f.enum(LAYER_KINDS, "A LINSTOR layer.", { example: "DRBD" }),
      "The layer stack from top to bottom, ending with STORAGE, e.g. [DRBD, STORAGE] or [STORAGE]. Changing it replaces the definition (and its data).",
      { replaceOnChange: true, minItems: 1, title: "layer stack", example: ["DRBD", "STORAGE"] }),
    drbdPort: f.integer(1, 65535, "Preferred DRBD TCP port; normally the controller allocates one per replica from 7000.",
      { notCompared: true, title: "DRBD port", example: 7000 }),
    peerSlots: f.integer(1, 31, "DRBD peer slots: room for future replicas.", { default: 7, title: "DRBD peer slots", example: 7 }),
    props: propsField,
    ...lifecycleInputs,
  },
  outputs: {
    flags: f.list(f.string("A flag."), "The definition's flags as the controller reports them.", { required: true, example: [] }),
    actualLayerStack: f.list(f.string("A layer."), "The layer stack the controller reports.", { required: true, example: ["DRBD", "STORAGE"] }),
    volumeNumbers: f.list(f.integer(0, 65534, "A volume number."), "The numbers of the definition's volumes.", { required: true, example: [0] }),
  },
} as const satisfies KindDeclaration;
