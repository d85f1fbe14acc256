// How long the live cache holds a batch of scoped reads open: only while readers of many
// definitions stream in, and about as long as they usually take to come (a clock of our own).

import * as assert from "assert";
import { ReadGathering } from "../../provider/client/read-gathering";

describe("ReadGathering", () => {
  it("a reader streams only after a recent batch that did not read its definitions", () => {
    let now = 0;
    const g = new ReadGathering(100, () => now);
    assert.strictEqual(g.reader(["A"]), false, "no batch went out yet");
    g.sent(["A"]);
    now = 10;
    assert.strictEqual(g.reader(["A"]), false, "the next step of A's own chain");
    assert.strictEqual(g.reader(["A", "B"]), true, "B is new");
    now = 100;
    assert.strictEqual(g.reader(["C"]), false, "the last batch went out maxMs ago: no stream");
  });

  it("the window follows the readers' spacing, up to the cap; a pause starts over", () => {
    let now = 0;
    const g = new ReadGathering(100, () => now);
    g.sent(["A"]);
    now = 5;
    assert.strictEqual(g.reader(["B"]), true);
    assert.strictEqual(g.windowMs(), 100, "no spacing known yet: the cap");
    now = 25;
    g.reader(["C"]);
    assert.strictEqual(g.windowMs(), 30, "1.5 × 20 ms");
    now = 26;
    g.reader(["D"]);
    assert.strictEqual(g.windowMs(), 30, "readers at the same moment leave the spacing as it is");
    now = 60;
    g.sent(["B", "C", "D"]);
    now = 105;
    assert.strictEqual(g.reader(["E"]), true);
    assert.strictEqual(g.windowMs(), 53, "1.5 × the moving average of the spacing (0.75 × 20 + 0.25 × 80 = 35 ms)");
    g.sent(["E"]);
    now = 300;
    g.sent(["F"]);
    now = 301;
    g.reader(["G"]);
    assert.strictEqual(g.windowMs(), 100, "after a pause longer than the cap: the cap again");
  });

  it("maxMs 0: batches never wait", () => {
    const g = new ReadGathering(0, () => 0);
    g.sent(["A"]);
    assert.strictEqual(g.reader(["B"]), false);
  });
});
