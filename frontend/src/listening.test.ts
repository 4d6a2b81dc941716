// The play-recording rule: a skip before 30 s records nothing; 30 s heard records 30 s; an
// ended song records its length; seeks are not listening; a play is recorded once.

import { describe, expect, it } from "vitest";
import { PlayTracker, countsAfter } from "./listening";

/** Plays from `fromMs` to `toMs` in steps of 250 ms, as timeupdate events come. */
function play(tracker: PlayTracker, fromMs: number, toMs: number) {
  for (let at = fromMs; at <= toMs; at += 250) tracker.progress(at);
}

function tracked(durationMs: number) {
  const plays: number[] = [];
  return { tracker: new PlayTracker(durationMs, (ms) => plays.push(ms)), plays };
}

describe("a play", () => {
  it("is not recorded when the song is skipped before 30 s", () => {
    const { tracker, plays } = tracked(240_000);
    play(tracker, 0, 29_000);
    tracker.leave();
    expect(plays).toEqual([]);
  });

  it("records the time heard once 30 s were heard", () => {
    const { tracker, plays } = tracked(240_000);
    play(tracker, 0, 30_000);
    tracker.leave();
    expect(plays).toEqual([30_000]);
  });

  it("records about 31 s for 31 s heard, once", () => {
    const { tracker, plays } = tracked(240_000);
    play(tracker, 0, 31_000);
    tracker.leave();
    tracker.leave();
    tracker.end();
    expect(plays).toEqual([31_000]);
  });

  it("records its length when the song ends", () => {
    const { tracker, plays } = tracked(5_000);
    play(tracker, 0, 5_000);
    tracker.end();
    expect(plays).toEqual([5_000]);
  });

  it("counts half of a short song", () => {
    expect(countsAfter(40_000)).toBe(20_000);
    const { tracker, plays } = tracked(40_000);
    play(tracker, 0, 20_000);
    tracker.leave();
    expect(plays).toEqual([20_000]);
  });

  it("does not count a seek forward as listening", () => {
    const { tracker, plays } = tracked(240_000);
    play(tracker, 0, 5_000);
    tracker.pause();
    play(tracker, 200_000, 205_000);
    tracker.leave();
    expect(tracker.heard).toBe(10_000);
    expect(plays).toEqual([]);
  });

  it("does not count paused time", () => {
    const { tracker, plays } = tracked(240_000);
    play(tracker, 0, 20_000);
    tracker.pause();
    play(tracker, 20_000, 30_000);
    tracker.leave();
    expect(plays).toEqual([30_000]);
  });
});
