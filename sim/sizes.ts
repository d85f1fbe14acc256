// Volume sizes through the layers, as linstor-server computes them:
// - DRBD internal metadata (drbd/md/MetaData.getGrossSize / getNetSize): 7 peer slots by default,
//   one 32 KiB activity-log stripe, a bitmap of 4 KiB per bit and peer, 4 KiB alignment;
// - the storage layer rounds the backing volume up to the pool's allocation granularity
//   (StorageLayerSizeCalculator.updateGrossSize): LVM and LVM_THIN report the VG extent size
//   (LvmProvider.checkExtentSize, 4 MiB by default), so a 150 MiB DRBD volume gets a 152 MiB LV
//   and 155576 KiB usable on DRBD.
import type { StorPoolRec } from "./state";

/** The key the satellite reports a pool's granularity under (KiB). */
export const GRANULARITY_PROP = "StorDriver/internal/AllocationGranularity";

/** Granularity (KiB) a satellite reports per provider: VG extent for LVM, block for files/ZFS. */
export function defaultGranularity(kind: string): number | undefined {
  switch (kind) {
    case "LVM":
    case "LVM_THIN":
      return 4096;
    case "ZFS":
    case "ZFS_THIN":
      return 8;
    case "FILE":
    case "FILE_THIN":
      return 1;
    default:
      return undefined;
  }
}

export function granularity(pool: StorPoolRec | undefined): number {
  const v = Number(pool?.props[GRANULARITY_PROP]);
  return Number.isFinite(v) && v > 0 ? v : (pool ? defaultGranularity(pool.kind) : undefined) ?? 1;
}

function mdKib(netKib: number, peerSlots: number): number {
  return Math.ceil((netKib * peerSlots) / 32768) + 36;
}

/** Net size → size of the device below DRBD (internal metadata added, 4 KiB aligned). */
export function drbdGrossKib(netKib: number, peerSlots: number): number {
  return Math.ceil((netKib + mdKib(netKib, peerSlots)) / 4) * 4;
}

/** Size of the device below DRBD → the largest 4 KiB-aligned net size that fits. */
export function drbdNetKib(grossKib: number, peerSlots: number): number {
  let net = Math.floor((grossKib - mdKib(grossKib, peerSlots)) / 4) * 4;
  while (drbdGrossKib(net + 4, peerSlots) <= grossKib) net += 4;
  while (net > 0 && drbdGrossKib(net, peerSlots) > grossKib) net -= 4;
  return net;
}

/** The backing volume's size (what the storage layer allocates) for a volume definition. */
export function storageKib(sizeKib: number, drbd: boolean, peerSlots: number, pool: StorPoolRec | undefined): number {
  const need = drbd ? drbdGrossKib(sizeKib, peerSlots) : sizeKib;
  const g = granularity(pool);
  return Math.ceil(need / g) * g;
}
