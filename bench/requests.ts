// REST requests of one run grouped the way the goal is stated: per kind of object, list calls
// (a GET of a collection) apart from calls about one object (a GET of `…/{name}`), and writes.

import type { RequestCounts } from "./sim";

export interface KindCounts {
  lists: number;
  gets: number;
  writes: number;
}

/** `GET /v1/resource-definitions/{rd}/resources/{node}` → "resources"; `/v1/view/storage-pools` → "storage-pools". */
export function kindOf(route: string): string {
  const path = route.split(" ")[1] ?? route;
  const parts = path.split("?")[0].split("/").filter((p) => p && p !== "v1" && p !== "view" && !p.startsWith("{"));
  return parts[parts.length - 1] ?? path;
}

export function byKind(counts: RequestCounts): Record<string, KindCounts> {
  const out: Record<string, KindCounts> = {};
  for (const [route, n] of Object.entries(counts.byRoute)) {
    const k = (out[kindOf(route)] ??= { lists: 0, gets: 0, writes: 0 });
    if (!route.startsWith("GET ")) k.writes += n;
    else if (route.split("?")[0].endsWith("}")) k.gets += n;
    else k.lists += n;
  }
  return out;
}
