// How the controller answers a body it cannot parse (unknown field, type mismatch, broken JSON)
// depends on the kind of REST handler (linstor-server R/utils/RequestHelper, GrizzlyHttpService):
// - synchronous handlers (RequestHelper.doInScope): 400 with an error report id;
// - flux handlers that catch the IOException (handleJsonParseException): 400 without one;
// - flux handlers that let it escape to LinstorMapper: 500, most with an error report id.
// Checked against LINSTOR 1.34 (test/conformance/recorded/http-errors.json).
import type { ParseError } from "./body";

interface Answer {
  status: number;
  report: boolean;
}

const BY_ROUTE: Record<string, Answer> = {
  // synchronous
  "POST /v1/resource-definitions": { status: 400, report: true },
  "POST /v1/resource-groups": { status: 400, report: true },
  "POST /v1/resource-groups/{rg}/volume-groups": { status: 400, report: true },
  "POST /v1/storage-pool-definitions": { status: 400, report: true },
  "POST /v1/nodes/{node}/net-interfaces": { status: 400, report: true },
  "PUT /v1/nodes/{node}/net-interfaces/{netif}": { status: 400, report: true },
  "PUT /v1/key-value-store/{kvs}": { status: 400, report: true },
  // escaping to LinstorMapper
  "PUT /v1/nodes/{node}": { status: 500, report: false },
  "PUT /v1/resource-definitions/{rd}/volume-definitions/{vlmNr}": { status: 500, report: false },
  "PUT /v1/resource-definitions/{rd}": { status: 500, report: true },
  "PUT /v1/resource-groups/{rg}": { status: 500, report: true },
  "PUT /v1/resource-definitions/{rd}/resources/{node}": { status: 500, report: true },
  "PUT /v1/resource-definitions/{rd}/snapshots/{snap}": { status: 500, report: true },
  "PUT /v1/nodes/{node}/storage-pools/{sp}": { status: 500, report: true },
  "PUT /v1/storage-pool-definitions/{sp}": { status: 500, report: true },
  "PUT /v1/resource-definitions/{rd}/resources/{node}/volumes/{vlmNr}": { status: 500, report: true },
  "PUT /v1/resource-groups/{rg}/volume-groups/{vlmNr}": { status: 500, report: true },
  "PUT /v1/resource-definitions/{rd}/resource-connections/{nodeA}/{nodeB}": { status: 500, report: true },
  "PUT /v1/node-connections/{nodeA}/{nodeB}": { status: 500, report: true },
  "POST /v1/resource-definitions/{rd}/clone": { status: 500, report: true },
};

let reportSeq = 0;

/** A LINSTOR-style error report id (instance, module, sequence). */
export function errorReportId(): string {
  reportSeq++;
  return `51A10000-00000-${String(reportSeq).padStart(6, "0")}`;
}

/** Sets the status (and error report id) a parse error gets on this route; the rest is flux 400. */
export function parseErrorAnswer(e: ParseError, method: string, pattern: string): void {
  const a = BY_ROUTE[`${method} ${pattern}`] ?? { status: 400, report: false };
  e.httpStatus = a.status;
  if (a.report) {
    const last = e.entries[e.entries.length - 1];
    last.error_report_ids = [errorReportId()];
  }
}
