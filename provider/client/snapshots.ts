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

  /** POST .../snapshot-restore-volume-definition/{snap} (200). Retry: never. */
  restoreVolumeDefinitions(rd: string, snapshot: string, toResource: string): Promise<ApiCallRc[]> {
    return this.mutate({
      method: "POST", route: "/v1/resource-definitions/{rd}/snapshot-restore-volume-definition/{snap}",
      params: { rd, snap: snapshot }, body: { to_resource: toResource }, retry: "never",
    });
  }

  /** POST .../snapshot-restore-resource/{snap} (200); the target must have no resources. Retry: never. */
  restoreResource(rd: string, snapshot: string, body: SnapshotRestore): Promise<ApiCallRc[]> {
    return this.mutate({
      method: "POST", route: "/v1/resource-definitions/{rd}/snapshot-restore-resource/{snap}",
      params: { rd, snap: snapshot }, body, retry: "never",
    });
  }

  /** POST .../snapshot-rollback/{snap} (200). Retry: never (a repeat would discard newer writes). */
  rollback(rd: string, snapshot: string): Promise<ApiCallRc[]> {
    return this.mutate({ method: "POST", route: "/v1/resource-definitions/{rd}/snapshot-rollback/{snap}", params: { rd, snap: snapshot }, retry: "never" });
  }
}
