// Volume definitions: CRUD and resize.

import { orUndefined } from "./errors";
import { ApiCallRc } from "./rc";
import { Service } from "./service";
import { PropsModify, VolumeDefinition, VolumeDefinitionCreate, VolumeDefinitionModify } from "./types";

const BASE = "/v1/resource-definitions/{rd}/volume-definitions";

export class VolumeDefinitionService extends Service {
  /** GET .../volume-definitions. Retry: safe. */
  list(rd: string): Promise<VolumeDefinition[]> {
    return this.fetchList<VolumeDefinition>(BASE, { rd });
  }

  /** GET .../volume-definitions/{vlmNr}. Retry: safe. */
  get(rd: string, volumeNumber: number): Promise<VolumeDefinition> {
    return this.fetchOne<VolumeDefinition>(`${BASE}/{vlm}`, { rd, vlm: volumeNumber });
  }

  /**
   * POST .../volume-definitions (200, not 201). Retry: verify. With a volume number, GET it; without
   * one a repeat could add a second volume, so the volumes are counted before and again.
   */
  async create(rd: string, body: VolumeDefinitionCreate): Promise<ApiCallRc[]> {
    const nr = body.volume_definition.volume_number;
    const before = nr === undefined ? (await this.list(rd)).length : 0;
    return this.mutate({
      method: "POST", route: BASE, params: { rd }, body, retry: "verify",
      landed: nr === undefined
        ? async () => (await this.list(rd)).length > before
        : async () => (await orUndefined(this.get(rd, nr)))?.size_kib === body.volume_definition.size_kib,
    });
  }

  /** PUT .../volume-definitions/{vlmNr}. Retry: safe (absolute values). */
  modify(rd: string, volumeNumber: number, change: VolumeDefinitionModify): Promise<ApiCallRc[]> {
    return this.mutate({ method: "PUT", route: `${BASE}/{vlm}`, params: { rd, vlm: volumeNumber }, body: change, retry: "safe" });
  }

  /** Grow a volume: PUT size_kib. The same size again is WARN_VLMDFN_RESIZE_SAME_SIZE. Retry: safe. */
  resize(rd: string, volumeNumber: number, sizeKib: number): Promise<ApiCallRc[]> {
    return this.modify(rd, volumeNumber, { size_kib: sizeKib });
  }

  /** Props only. Retry: safe. */
  setProps(rd: string, volumeNumber: number, change: PropsModify): Promise<ApiCallRc[]> {
    return this.modify(rd, volumeNumber, change);
  }

  /** DELETE .../volume-definitions/{vlmNr}; missing → WARN_NOT_FOUND. Retry: safe. */
  delete(rd: string, volumeNumber: number): Promise<ApiCallRc[]> {
    return this.mutate({ method: "DELETE", route: `${BASE}/{vlm}`, params: { rd, vlm: volumeNumber }, retry: "safe" });
  }
}
