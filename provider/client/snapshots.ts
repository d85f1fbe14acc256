// Snapshots: view, list, create, delete, restore (volume definitions, resources) and rollback.

import { orUndefined } from "./errors";
import { ApiCallRc } from "./rc";
import { listQuery, Service } from "./service";
import { ListOptions, Snapshot, SnapshotCreate, SnapshotRestore } from "./types";

const BASE = "/v1/resource-definitions/{rd}/snapshots";

export class SnapshotService extends Service {
  /** GET /v1/view/snapshots?nodes=&resources=  Retry: safe. */
  view(filter: ListOptions & { nodes?: string[]; resources?: string[] } = {}): Promise<Snapshot[]> {
    return this.fetchList<Snapshot>("/v1/view/snapshots", undefined, { ...listQuery(filter), nodes: filter.nodes, resources: filter.resources });
  }

  /** GET .../snapshots. Retry: safe. */
  list(rd: string): Promise<Snapshot[]> {
    return this.fetchList<Snapshot>(BASE, { rd });
  }

  /** GET .../snapshots/{snap}. Retry: safe. */
  get(rd: string, name: string): Promise<Snapshot> {
    return this.fetchOne<Snapshot>(`${BASE}/{snap}`, { rd, snap: name });
  }

  /** POST .../snapshots (201; suspend → snapshot → resume). Retry: verify (GET the snapshot). */
  create(rd: string, body: SnapshotCreate): Promise<ApiCallRc[]> {
    return this.mutate({
      method: "POST", route: BASE, params: { rd }, body, retry: "verify",
      landed: async () => (await orUndefined(this.get(rd, body.name))) !== undefined,
    });
  }

  /** DELETE .../snapshots/{snap}[?nodes=]; missing → WARN_NOT_FOUND. Retry: safe. */
  delete(rd: string, name: string, nodes?: string[]): Promise<ApiCallRc[]> {
    return this.mutate({ method: "DELETE", route: `${BASE}/{snap}`, params: { rd, snap: name }, query: { nodes }, retry: "safe" });
  }

  /** POST .../snapshot-restore-volume-definition/{snap} (200). Retry: verify (the target has volume definitions then). */
  restoreVolumeDefinitions(rd: string, snapshot: string, toResource: string): Promise<ApiCallRc[]> {
    return this.mutate({
      method: "POST", route: "/v1/resource-definitions/{rd}/snapshot-restore-volume-definition/{snap}",
      params: { rd, snap: snapshot }, body: { to_resource: toResource }, retry: "verify",
      landed: async () => (await this.fetchList<unknown>("/v1/resource-definitions/{rd}/volume-definitions", { rd: toResource }).catch(() => [])).length > 0,
    });
  }

  /**
   * POST .../snapshot-restore-resource/{snap} (200); the target must have no resources. Retry:
   * verify (the target has resources then; a repeat would be refused with FAIL_EXISTS_RSC).
   */
  restoreResource(rd: string, snapshot: string, body: SnapshotRestore): Promise<ApiCallRc[]> {
    return this.mutate({
      method: "POST", route: "/v1/resource-definitions/{rd}/snapshot-restore-resource/{snap}",
      params: { rd, snap: snapshot }, body, retry: "verify",
      landed: async () => (await this.fetchList<unknown>("/v1/resource-definitions/{rd}/resources", { rd: body.to_resource }).catch(() => [])).length > 0,
    });
  }

  /**
   * POST .../snapshot-rollback/{snap} (200). Retry: verify. Since 1.31 a rollback recreates every
   * resource of the definition (new UUIDs), which is how a lost answer is resolved: the UUIDs are
   * read before the call and compared after. Before 1.31 the resources stay, so an unverifiable
   * rollback is sent again: rolling back twice to the same snapshot, with the resources unused
   * (the controller's precondition), gives the same data.
   */
  async rollback(rd: string, snapshot: string): Promise<ApiCallRc[]> {
    const uuids = async (): Promise<string[]> =>
      (await this.fetchList<{ uuid?: string }>("/v1/resource-definitions/{rd}/resources", { rd })).map((r) => r.uuid ?? "");
    const before = new Set(await uuids());
    return this.mutate({
      method: "POST", route: "/v1/resource-definitions/{rd}/snapshot-rollback/{snap}", params: { rd, snap: snapshot }, retry: "verify",
      landed: async () => {
        const after = await uuids();
        return after.length > 0 && after.every((u) => u !== "" && !before.has(u));
      },
    });
  }
}
