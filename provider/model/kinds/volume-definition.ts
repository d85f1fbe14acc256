// VolumeDefinition: one volume of a definition; growing it resizes every replica.

import { f, type KindDeclaration } from "../declaration";
import { lifecycleInputs, propsField } from "./shared";

export const volumeDefinitionDeclaration = {
  kind: "VolumeDefinition",
  doc: "One volume of a resource definition. Its size grows in place (every replica is resized); it never shrinks.",
  idFormat: "<resource>/<number>",
  inputs: {
    resource: f.name("resource", "The definition this volume belongs to.", { required: true, replaceOnChange: true, title: "resource", example: "SharedData" }),
    number: f.integer(0, 65534, "Volume number.", { replaceOnChange: true, default: 0, title: "volume number", example: 0 }),
    // How the user wrote it: "150m" and "153600K" are the same size, so sizeKib is what diff compares.
    size: f.size("Size the way the linstor client reads it: \"150M\", \"150MiB\", \"10G\" (bare numbers, decimal MB/GB and fractions " +
      "are refused as ambiguous). Grows in place; never shrinks. Give size or sizeKib.", { notCompared: true, title: "size", example: "150M" }),
    sizeKib: f.integer(1, Number.MAX_SAFE_INTEGER, "The size in KiB (derived from size when size is given).", { title: "size in KiB", example: 153600 }),
    minor: f.integer(0, 1048575, "Preferred DRBD minor number; normally allocated from 1000.", { replaceOnChange: true, title: "DRBD minor", example: 1000 }),
    props: propsField,
    ...lifecycleInputs,
  },
  outputs: {
    minorNumber: f.integer(0, 1048575, "The DRBD minor the controller allocated.", { example: 1000 }),
    devicePath: f.string("The DRBD device, e.g. /dev/drbd1000.", { example: "/dev/drbd1000" }),
    actualSizeKib: f.integer(0, Number.MAX_SAFE_INTEGER, "The size in KiB the controller reports.", { required: true, example: 153600 }),
    sizeText: f.string("The reported size, written the way the linstor client reads sizes.", { required: true, example: "150 MiB" }),
  },
} as const satisfies KindDeclaration;
