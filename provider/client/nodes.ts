// Nodes: list, get, create, modify, delete.

import { orUndefined } from "./errors";
import { ApiCallRc } from "./rc";
import { listQuery, Service } from "./service";
import { ListOptions, Node, NodeCreate, NodeModify } from "./types";

export class NodeService extends Service {
  /** GET /v1/nodes?nodes=...  Retry: safe. */
  list(filter: ListOptions & { nodes?: string[] } = {}): Promise<Node[]> {
    return this.fetchList<Node>("/v1/nodes", undefined, { ...listQuery(filter), nodes: filter.nodes });
  }

  /** GET /v1/nodes/{node}; throws LinstorApiError (isNotFound) when missing. Retry: safe. */
  get(name: string): Promise<Node> {
    return this.fetchOne<Node>("/v1/nodes/{node}", { node: name });
  }

  /**
   * POST /v1/nodes (201). A node whose satellite is unreachable is still created, with
   * WARN_NOT_CONNECTED among the returned entries. Retry: verify (GET the node).
   */
  create(node: NodeCreate): Promise<ApiCallRc[]> {
    return this.mutate({
      method: "POST", route: "/v1/nodes", body: node, retry: "verify",
      landed: async () => (await orUndefined(this.get(node.name))) !== undefined,
    });
  }

  /** PUT /v1/nodes/{node}. Retry: safe (absolute). */
  modify(name: string, change: NodeModify): Promise<ApiCallRc[]> {
    return this.mutate({ method: "PUT", route: "/v1/nodes/{node}", params: { node: name }, body: change, retry: "safe" });
  }

  /** DELETE /v1/nodes/{node}; a missing node is WARN_NOT_FOUND (success). Retry: safe. */
  delete(name: string): Promise<ApiCallRc[]> {
    return this.mutate({ method: "DELETE", route: "/v1/nodes/{node}", params: { node: name }, retry: "safe" });
  }
}
