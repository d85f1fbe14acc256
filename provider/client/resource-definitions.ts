// Resource definitions: CRUD (layer_data on create) and sync-status.

import { orUndefined } from "./errors";
import { ApiCallRc } from "./rc";
import { listQuery, Service } from "./service";
import { ListOptions, ResourceDefinition, ResourceDefinitionCreate, ResourceDefinitionModify, SyncStatus } from "./types";

export class ResourceDefinitionService extends Service {
  /** GET /v1/resource-definitions?resource_definitions=&with_volume_definitions=  Retry: safe. */
  list(filter: ListOptions & { resourceDefinitions?: string[]; withVolumeDefinitions?: boolean } = {}): Promise<ResourceDefinition[]> {
    return this.fetchList<ResourceDefinition>("/v1/resource-definitions", undefined, {
      ...listQuery(filter),
      resource_definitions: filter.resourceDefinitions,
      with_volume_definitions: filter.withVolumeDefinitions ? true : undefined,
    });
  }

  /** GET /v1/resource-definitions/{rd}. Retry: safe. */
  get(name: string): Promise<ResourceDefinition> {
    return this.fetchOne<ResourceDefinition>("/v1/resource-definitions/{rd}", { rd: name });
  }

  /** POST /v1/resource-definitions (201); the layer stack goes in resource_definition.layer_data. Retry: verify. */
  create(body: ResourceDefinitionCreate): Promise<ApiCallRc[]> {
    return this.mutate({
      method: "POST", route: "/v1/resource-definitions", body, retry: "verify",
      landed: () => this.exists(body.resource_definition.name),
    });
  }

  async exists(name: string): Promise<boolean> {
    return (await orUndefined(this.get(name))) !== undefined;
  }

  /** PUT /v1/resource-definitions/{rd}. Retry: safe. */
  modify(name: string, change: ResourceDefinitionModify): Promise<ApiCallRc[]> {
    return this.mutate({ method: "PUT", route: "/v1/resource-definitions/{rd}", params: { rd: name }, body: change, retry: "safe" });
  }

  /** DELETE /v1/resource-definitions/{rd}; with snapshots → FAIL_EXISTS_SNAPSHOT_DFN; missing → WARN_NOT_FOUND. Retry: safe. */
  delete(name: string): Promise<ApiCallRc[]> {
    return this.mutate({ method: "DELETE", route: "/v1/resource-definitions/{rd}", params: { rd: name }, retry: "safe" });
  }

  /** GET /v1/resource-definitions/{rd}/sync-status: all diskful volumes UpToDate. Retry: safe. */
  syncStatus(name: string): Promise<SyncStatus> {
    return this.fetchOne<SyncStatus>("/v1/resource-definitions/{rd}/sync-status", { rd: name });
  }
}
