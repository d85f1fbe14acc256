// Recorded controller answers: lossless ret_codes, decoding, error classes and printing.

import * as assert from "assert";
import { parseLossless } from "../../provider/client/json";
import { decodeRc, hasCode, isRawRcList, warningsOf, Codes } from "../../provider/client/rc";
import { isExists, isNotFound, LinstorApiError } from "../../provider/client/errors";
import { toLiveStoragePool } from "../../provider/client/live";

const DUP_RD = `[{"ret_code":-4611686018406940171,"message":"A resource definition with the name 'r1' already exists",` +
  `"cause":"Resource definition 'r1' exists.","correction":"Choose another name.","obj_refs":{"RscDfn":"r1"},"error_report_ids":["ABC-000001"]}]`;

describe("ApiCallRc decoding (recorded bodies)", () => {
  it("keeps a duplicate's ret_code exact (plain JSON.parse rounds away the code number)", () => {
    const raw = parseLossless(DUP_RD);
    assert.ok(isRawRcList(raw));
    const rc = decodeRc(raw[0]);
    assert.strictEqual(rc.retCode, -4611686018406940171n);
    assert.strictEqual(rc.code, Codes.FAIL_EXISTS_RSC_DFN);
    assert.strictEqual(rc.severity, "error");
    assert.strictEqual(rc.operation, "create");
    assert.strictEqual(rc.object, "resource-definition");
    // The same text through JSON.parse loses the code: this is why the client parses losslessly.
    const rounded = BigInt((JSON.parse(DUP_RD) as { ret_code: number }[])[0].ret_code);
    assert.notStrictEqual(Number(BigInt.asUintN(64, rounded) & 0x7fffn), 501);
  });

  it("decodes success, info and warning codes", () => {
    const rcs = (parseLossless(`[{"ret_code":20447233,"message":"New resource definition 'r1' created."},
      {"ret_code":4611686018427397907,"message":"Tie breaker resource 'r1' created on remus"},
      {"ret_code":-9223372036800771144,"message":"Resource definition: x not found."},
      {"ret_code":-9223372036854774806,"message":"No active connection to satellite 'n1'"}]`) as never[]).map(decodeRc);
    assert.deepStrictEqual(rcs.map((r) => [r.severity, r.code]), [
      ["success", 1], ["info", Codes.INFO_TIE_BREAKER_CREATED], ["warning", Codes.WARN_NOT_FOUND], ["warning", Codes.WARN_NOT_CONNECTED],
    ]);
    assert.strictEqual(rcs[2].operation, "delete");
    assert.strictEqual(rcs[2].object, "resource-definition");
    assert.ok(hasCode(rcs, Codes.WARN_NOT_FOUND));
    assert.ok(!hasCode(rcs, Codes.WARN_NOT_FOUND, "error"));
    assert.strictEqual(warningsOf(rcs).length, 2);
  });

  it("LinstorApiError prints like the linstor client and classifies by code", () => {
    const rcs = (parseLossless(DUP_RD) as never[]).map(decodeRc);
    const err = new LinstorApiError(rcs, 500, { method: "POST", path: "/v1/resource-definitions" });
    assert.ok(isExists(err));
    assert.ok(!isNotFound(err));
    assert.strictEqual(err.retCode, -4611686018406940171n);
    assert.strictEqual(err.cause, "Resource definition 'r1' exists.");
    assert.deepStrictEqual(err.errorReportIds, ["ABC-000001"]);
    assert.strictEqual(err.toString(), [
      "ERROR:", "Description:", "    A resource definition with the name 'r1' already exists",
      "Cause:", "    Resource definition 'r1' exists.", "Correction:", "    Choose another name.",
      "Show reports:", "    linstor error-reports show ABC-000001",
    ].join("\n"));
  });

  it("reads DISKLESS capacities (Long.MAX_VALUE) without throwing", () => {
    const raw = parseLossless(`[{"storage_pool_name":"DfltDisklessStorPool","node_name":"n1","provider_kind":"DISKLESS",
      "free_capacity":9223372036854775807,"total_capacity":9223372036854775807,"static_traits":{"SupportsSnapshots":"false"}}]`) as never[];
    const p = toLiveStoragePool(raw[0]);
    assert.ok((p.freeKib ?? 0) > 9e18);
    assert.strictEqual(p.thin, false);
    assert.strictEqual(p.supportsSnapshots, false);
  });
});
