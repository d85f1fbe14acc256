// Recorded controller answers: lossless ret_codes, decoding, error classes and printing.

import * as assert from "assert";
import { parseLossless } from "../../provider/client/json";
import { anyIs, Codes, decodeRc, isRawRcList, MASK_ERROR, MASK_WARN, Masks, rcIs, rcMask, warningsOf } from "../../provider/client/rc";
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
    assert.ok(anyIs(rcs, Masks.WARN_NOT_FOUND));
    assert.ok(!anyIs(rcs, rcMask(MASK_ERROR, Codes.WARN_NOT_FOUND)));
    assert.strictEqual(warningsOf(rcs).length, 2);
  });

  it("matches by ret-code mask like golinstor's ApiCallRc.Is, comparing each field the mask names whole", () => {
    const [dup] = (parseLossless(DUP_RD) as never[]).map(decodeRc);
    const [missing] = (parseLossless(`[{"ret_code":-9223372036800771144,"message":"Resource definition: x not found."}]`) as never[]).map(decodeRc);
    const cases: [string, typeof dup, bigint, boolean][] = [
      ["an error matches its own constant", dup, rcMask(MASK_ERROR, Codes.FAIL_EXISTS_RSC_DFN), true],
      ["an error matches the error severity alone", dup, MASK_ERROR, true],
      ["an error does not pass for a warning (its bits include WARN's)", dup, MASK_WARN, false],
      ["the object type is compared when the mask names one", dup, rcMask(MASK_ERROR, Codes.FAIL_EXISTS_RSC_DFN, 0x380000n), true],
      ["a different object type does not match", dup, rcMask(MASK_ERROR, Codes.FAIL_EXISTS_RSC_DFN, 0x3c0000n), false],
      ["a warning matches WARN_NOT_FOUND", missing, Masks.WARN_NOT_FOUND, true],
      ["3001 holds the bits of 3000 but is not WARN_NOT_FOUND", { ...missing, retCode: rcMask(MASK_WARN, Codes.WARN_NO_EFFECT) }, Masks.WARN_NOT_FOUND, false],
    ];
    for (const [what, rc, mask, want] of cases) assert.strictEqual(rcIs(rc, mask), want, what);
    assert.ok(new LinstorApiError([dup], 500, { method: "POST", path: "/v1/resource-definitions" }).is(rcMask(MASK_ERROR, Codes.FAIL_EXISTS_RSC_DFN)));
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
