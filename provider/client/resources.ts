// Resources (replicas): the view with volumes and live state, create (array body), auto-place,
// modify, delete with keep_tiebreaker, toggle-disk with migrate_from.

import { orUndefined } from "./errors";
import { ApiCallRc } from "./rc";
import { listQuery, Service } from "./service";
import { AutoPlaceRequest, ListOptions, Resource, ResourceCreate, ResourceModify, ToggleDiskRequest } from "./types";

const BASE = "/v1/resource-definitions/{rd}/resources";

export class ResourceService extends Service {
  /** GET /v1/view/resources?nodes=&resources=&storage_pools= (volumes and live state). Retry: safe. */
  view(filter: ListOptions & { nodes?: string[]; resources?: string[]; storagePools?: string[] } = {}): Promise<Resource[]> {
    return this.fetchList<Resource>("/v1/view/resources", undefined, {
      ...listQuery(filter), nodes: filter.nodes, resources: filter.resources, storage_pools: filter.storagePools,
    });
  }

  /** GET .../resources (no volumes). Retry: safe. */
  list(rd: string): Promise<Resource[]> {
    return this.fetchList<Resource>(BASE, { rd });
  }

  /** GET .../resources/{node}. Retry: safe. */
  get(rd: string, node: string): Promise<Resource> {
    return this.fetchOne<Resource>(`${BASE}/{node}`, { rd, node });
  }

  /**
   * POST .../resources with an array body: every new replica of the definition in one call, so the
   * controller decides about the tiebreaker once. An existing replica is INFO_RSC_ALREADY_EXISTS
   * (201). Retry: safe (a repeat is recognisable and harmless).
   */
  create(rd: string, replicas: ResourceCreate[]): Promise<ApiCallRc[]> {
    return this.mutate({ method: "POST", route: BASE, params: { rd }, body: replicas, retry: "safe" });
  }

  /**
   * POST .../autoplace (201). With an absolute place_count a repeat is answered with
   * WARN_RSC_ALREADY_DEPLOYED: retry safe. With additional_place_count a repeat would add more
   * replicas: retry verify (the replicas are counted before, a lost answer is resolved by counting again).
   */
  async autoPlace(rd: string, req: AutoPlaceRequest): Promise<ApiCallRc[]> {
    const route = "/v1/resource-definitions/{rd}/autoplace";
    if ((req.select_filter.additional_place_count ?? 0) <= 0) return this.mutate({ method: "POST", route, params: { rd }, body: req, retry: "safe" });
    const before = (await this.list(rd)).length;
    return this.mutate({ method: "POST", route, params: { rd }, body: req, retry: "verify", landed: async () => (await this.list(rd)).length > before });
  }

  /** PUT .../resources/{node}. Retry: safe. */
  modify(rd: string, node: string, change: ResourceModify): Promise<ApiCallRc[]> {
    return this.mutate({ method: "PUT", route: `${BASE}/{node}`, params: { rd, node }, body: change, retry: "safe" });
  }

  /**
   * DELETE .../resources/{node}?keep_tiebreaker=. Without keep_tiebreaker a manual delete of the
   * tiebreaker switches auto-tiebreaker off for the definition. Missing → WARN_NOT_FOUND. Retry: safe.
   */
  delete(rd: string, node: string, opts: { keepTiebreaker?: boolean } = {}): Promise<ApiCallRc[]> {
    return this.mutate({
      method: "DELETE", route: `${BASE}/{node}`, params: { rd, node },
      query: { keep_tiebreaker: opts.keepTiebreaker === undefined ? undefined : String(opts.keepTiebreaker) },
      retry: "safe",
    });
  }

  /**
   * PUT .../resources/{node}/toggle-disk (migrate_from: add here, drop there after sync). Retry:
   * verify: a lost answer is resolved by reading the replica, whose flags show a toggle that landed
   * (done, or requested and under way).
   */
  toggleDisk(rd: string, node: string, req: ToggleDiskRequest): Promise<ApiCallRc[]> {
    const landed = async (): Promise<boolean> => {
      const flags = (await orUndefined(this.get(rd, node)))?.flags ?? [];
      const diskless = flags.includes("DISKLESS") || flags.includes("DRBD_DISKLESS");
      if (req.operation === "INTO_DRBD_DISKLESS" || req.operation === "INTO_DRBD_CLIENT") {
        return diskless || flags.some((f) => f.startsWith("DISK_REMOV"));
      }
      return !diskless || flags.some((f) => f.startsWith("DISK_ADD"));
    };
    return this.mutate({ method: "PUT", route: `${BASE}/{node}/toggle-disk`, params: { rd, node }, body: req, retry: "verify", landed });
  }
}
