// Shared base of the per-area services: a GET returning a typed body, a mutation returning its
// ApiCallRc entries (warnings and infos included; errors were already thrown by the transport).

import { ApiCallRc } from "./rc";
import { Caller, CallSpec, QueryValue, rcsOf } from "./transport";
import { ListOptions } from "./types";

export abstract class Service {
  constructor(protected readonly t: Caller) {}

  protected async fetchOne<T>(route: string, params?: Record<string, string | number>, query?: Record<string, QueryValue>): Promise<T> {
    const res = await this.t.call({ method: "GET", route, params, query, retry: "safe" });
    return res.body as T;
  }

  protected async fetchList<T>(route: string, params?: Record<string, string | number>, query?: Record<string, QueryValue>): Promise<T[]> {
    const body = await this.fetchOne<T[] | undefined>(route, params, query);
    return Array.isArray(body) ? body : [];
  }

  protected async mutate(spec: CallSpec): Promise<ApiCallRc[]> {
    return rcsOf(await this.t.call(spec));
  }
}

/** Query parameters common to list calls. */
export function listQuery(o: ListOptions = {}): Record<string, QueryValue> {
  return { limit: o.limit, offset: o.offset, props: o.props };
}
