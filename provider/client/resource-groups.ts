// Resource groups: CRUD and spawn.

import { orUndefined } from "./errors";
import { ApiCallRc } from "./rc";
import { listQuery, Service } from "./service";
import { ListOptions, ResourceGroup, ResourceGroupCreate, ResourceGroupModify, ResourceGroupSpawn } from "./types";

export class ResourceGroupService extends Service {
  /** GET /v1/resource-groups?resource_groups=  Retry: safe. */
  list(filter: ListOptions & { resourceGroups?: string[] } = {}): Promise<ResourceGroup[]> {
    return this.fetchList<ResourceGroup>("/v1/resource-groups", undefined, { ...listQuery(filter), resource_groups: filter.resourceGroups });
  }

  /** GET /v1/resource-groups/{rg}. Retry: safe. */
  get(name: string): Promise<ResourceGroup> {
    return this.fetchOne<ResourceGroup>("/v1/resource-groups/{rg}", { rg: name });
  }

  /** POST /v1/resource-groups (201). Retry: verify (GET the group). */
  create(group: ResourceGroupCreate): Promise<ApiCallRc[]> {
    return this.mutate({
      method: "POST", route: "/v1/resource-groups", body: group, retry: "verify",
      landed: async () => (await orUndefined(this.get(group.name))) !== undefined,
    });
  }

  /** PUT /v1/resource-groups/{rg}; raising place_count auto-places more replicas. Retry: safe (absolute values). */
  modify(name: string, change: ResourceGroupModify): Promise<ApiCallRc[]> {
    return this.mutate({ method: "PUT", route: "/v1/resource-groups/{rg}", params: { rg: name }, body: change, retry: "safe" });
  }

  /** DELETE /v1/resource-groups/{rg}; still used → FAIL_EXISTS_RSC_DFN. Retry: safe. */
  delete(name: string): Promise<ApiCallRc[]> {
    return this.mutate({ method: "DELETE", route: "/v1/resource-groups/{rg}", params: { rg: name }, retry: "safe" });
  }

  /**
   * POST /v1/resource-groups/{rg}/spawn (201): definition + volumes (+ auto-place).
   * Retry: verify (GET the spawned resource definition); `landedCheck` is given by the client.
   */
  spawn(group: string, body: ResourceGroupSpawn, landed?: () => Promise<boolean>): Promise<ApiCallRc[]> {
    return this.mutate({ method: "POST", route: "/v1/resource-groups/{rg}/spawn", params: { rg: group }, body, retry: "verify", landed });
  }
}
