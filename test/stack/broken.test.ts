// Each broken stack gives its precise errors, with line and column, all of them, sorted by position.
import assert from "node:assert/strict";
import { checkStackText, formatProblem, parseStack, StackError } from "../../provider/stack";
import { BROKEN_CASES } from "./broken-cases";

describe("broken stacks: precise errors with line and column", () => {
  it("the table holds at least 30 broken stacks", () => {
    assert.ok(BROKEN_CASES.length >= 30, `only ${BROKEN_CASES.length} cases`);
  });

  for (const c of BROKEN_CASES) {
    it(c.name, () => {
      const result = checkStackText(c.yaml, "stack.yaml");
      assert.equal(result.ok, false, "the stack was accepted");
      if (result.ok) return;
      assert.deepEqual(result.problems.map(formatProblem), c.errors);
      // loadStack/parseStack refuse the same stack with the same lines, in one StackError.
      assert.throws(() => parseStack(c.yaml, "stack.yaml"), (e: unknown) => {
        assert.ok(e instanceof StackError);
        assert.deepEqual(e.errors.map(formatProblem), c.errors);
        assert.equal(e.message, c.errors.join("\n"));
        return true;
      });
    });
  }

  it("every message has the shape FILE:LINE:COL PATH: TEXT", () => {
    for (const c of BROKEN_CASES) {
      for (const line of c.errors) assert.match(line, /^stack\.yaml:\d+:\d+ [^ ].*?: .+$/, `${c.name}: ${line}`);
    }
  });
});
