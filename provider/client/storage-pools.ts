// Storage pools: the cluster-wide view, per-node list, create, modify, delete.

import { orUndefined } from "./errors";
import { ApiCallRc } from "./rc";
import { listQuery, Service } from "./service";
import { ListOptions, PropsModify, StoragePool, StoragePoolCreate } from "./types";

export class StoragePoolService extends Service {
  /** GET /v1/view/storage-pools?nodes=&storage_pools=  (the list call all clients use). Retry: safe. */
  view(filter: ListOptions & { nodes?: string[]; storagePools?: string[] } = {}): Promise<StoragePool[]> {
    return this.fetchList<StoragePool>("/v1/view/storage-pools", undefined, {
      ...listQuery(filter), nodes: filter.nodes, storage_pools: filter.storagePools,
    });
  }

  /** GET /v1/nodes/{node}/storage-pools. Retry: safe. */
  listOnNode(node: string): Promise<StoragePool[]> {
    return this.fetchList<StoragePool>("/v1/nodes/{node}/storage-pools", { node });
  }

  /** GET /v1/nodes/{node}/storage-pools/{pool}; throws (isNotFound) when missing. Retry: safe. */
  get(node: string, pool: string): Promise<StoragePool> {
    return this.fetchOne<StoragePool>("/v1/nodes/{node}/storage-pools/{pool}", { node, pool });
  }

  /** POST /v1/nodes/{node}/storage-pools (201). Retry: verify (GET the pool). */
  create(node: string, pool: StoragePoolCreate): Promise<ApiCallRc[]> {
    return this.mutate({
      method: "POST", route: "/v1/nodes/{node}/storage-pools", params: { node }, body: pool, retry: "verify",
      landed: async () => (await orUndefined(this.get(node, pool.storage_pool_name))) !== undefined,
    });
  }

  /** PUT /v1/nodes/{node}/storage-pools/{pool} (props). Retry: safe. */
  modify(node: string, pool: string, change: PropsModify): Promise<ApiCallRc[]> {
    return this.mutate({ method: "PUT", route: "/v1/nodes/{node}/storage-pools/{pool}", params: { node, pool }, body: change, retry: "safe" });
  }

  /** DELETE /v1/nodes/{node}/storage-pools/{pool}; in use → FAIL_IN_USE; missing → WARN_NOT_FOUND. Retry: safe. */
  delete(node: string, pool: string): Promise<ApiCallRc[]> {
    return this.mutate({ method: "DELETE", route: "/v1/nodes/{node}/storage-pools/{pool}", params: { node, pool }, retry: "safe" });
  }
}
