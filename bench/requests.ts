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

/**
 * Requests per route (method and path pattern) divided by `per` (the definitions of a run), most
 * frequent first: where the requests of one definition go.
 */
export function perRoute(counts: RequestCounts, per: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [route, n] of Object.entries(counts.byRoute).sort((a, b) => b[1] - a[1])) out[route] = Math.round((n / per) * 100) / 100;
  return out;
}

/** "2.95 GET /v1/resource-definitions, 1 POST /v1/resource-definitions, …" (routes under 0.1 left out). */
export function perRouteText(routes: Record<string, number>): string {
  const shown = Object.entries(routes).filter(([, n]) => n >= 0.1).map(([route, n]) => `${n} ${route}`);
  const rest = Object.values(routes).filter((n) => n < 0.1).reduce((a, n) => a + n, 0);
  return [...shown, ...(rest > 0 ? [`${Math.round(rest * 100) / 100} other`] : [])].join(", ");
}
