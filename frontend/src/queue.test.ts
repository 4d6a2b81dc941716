// The queue's rules: next/previous at the ends with each repeat mode, shuffle that keeps
// the current song and restores the order, edits that keep the current song current, and
// a saved queue that survives a reload but never a malformed one.

import { describe, expect, it } from "vitest";
import type { Song } from "./api";
import {
  EMPTY, addToQueue, currentOf, cycleRepeat, jump, move, next, playNext, previous, remove, restore, start,
  storageKey, toggleShuffle, type Queue,
} from "./queue";

const song = (n: number): Song => ({
  song_id: `sng_${n}`, title: `Song ${n}`, artist_id: "art_1", album_id: "alb_1", duration_ms: 200_000, genre: "indie",
});
const songs = [1, 2, 3, 4, 5].map(song);
const ids = (queue: Queue) => queue.entries.map((e) => e.song.song_id);
const now = (queue: Queue) => currentOf(queue)?.song.song_id;
/** A repeatable "random" sequence. */
const seeded = (values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length];
};

describe("the queue", () => {
  it("starts at the chosen song and moves on", () => {
    let queue = start(EMPTY, songs, 2, "album:alb_1");
    expect(now(queue)).toBe("sng_3");
    queue = next(queue, false).queue;
    expect(now(queue)).toBe("sng_4");
    queue = previous(previous(queue));
    expect(now(queue)).toBe("sng_2");
    expect(queue.context).toBe("album:alb_1");
  });

  it("stops after the last song, or starts over with repeat all", () => {
    const last = start(EMPTY, songs, 4);
    expect(next(last, true)).toEqual({ queue: last, stopped: true });
    const all = cycleRepeat(last);
    expect(all.repeat).toBe("all");
    expect(now(next(all, true).queue)).toBe("sng_1");
    expect(now(previous(start(all, songs, 0)))).toBe("sng_5");
  });

  it("plays the same song again when it ends with repeat one, but Next still moves on", () => {
    const one = cycleRepeat(cycleRepeat(start(EMPTY, songs, 1)));
    expect(one.repeat).toBe("one");
    expect(now(next(one, true).queue)).toBe("sng_2");
    expect(now(next(one, false).queue)).toBe("sng_3");
    expect(cycleRepeat(one).repeat).toBe("off");
  });

  it("puts a song next or at the end", () => {
    let queue = start(EMPTY, songs.slice(0, 3), 0);
    queue = playNext(queue, song(9));
    queue = addToQueue(queue, song(8));
    expect(ids(queue)).toEqual(["sng_1", "sng_9", "sng_2", "sng_3", "sng_8"]);
    expect(now(next(queue, false).queue)).toBe("sng_9");
    expect(now(addToQueue(EMPTY, song(7)))).toBe("sng_7");
  });

  it("tells two entries of the same song apart", () => {
    const queue = addToQueue(start(EMPTY, [song(1)], 0), song(1));
    expect(new Set(queue.entries.map((e) => e.key)).size).toBe(2);
    expect(ids(remove(queue, 1))).toEqual(["sng_1"]);
  });

  it("keeps the current song current when others are removed or moved", () => {
    const queue = start(EMPTY, songs, 2);
    expect(now(remove(queue, 0))).toBe("sng_3");
    expect(now(remove(queue, 4))).toBe("sng_3");
    expect(now(remove(queue, 2))).toBe("sng_4");
    expect(now(remove(start(EMPTY, songs, 4), 4))).toBe("sng_4");
    const moved = move(queue, 4, 0);
    expect(ids(moved)).toEqual(["sng_5", "sng_1", "sng_2", "sng_3", "sng_4"]);
    expect(now(moved)).toBe("sng_3");
    expect(now(move(queue, 2, 4))).toBe("sng_3");
    expect(move(queue, 0, 9)).toBe(queue);
  });

  it("jumps to a song of the queue", () => {
    expect(now(jump(start(EMPTY, songs, 0), 3))).toBe("sng_4");
    expect(now(jump(start(EMPTY, songs, 0), 7))).toBe("sng_1");
  });

  it("shuffles what comes after the current song and restores the order when turned off", () => {
    const queue = start(EMPTY, songs, 1);
    const on = toggleShuffle(queue, seeded([0, 0, 0, 0]));
    expect(on.shuffle).toBe(true);
    expect(ids(on).slice(0, 2)).toEqual(["sng_1", "sng_2"]);
    expect(ids(on).slice(2).sort()).toEqual(["sng_3", "sng_4", "sng_5"]);
    expect(ids(on).slice(2)).not.toEqual(["sng_3", "sng_4", "sng_5"]);
    const later = addToQueue(next(on, false).queue, song(6));
    const off = toggleShuffle(later);
    expect(ids(off)).toEqual(["sng_1", "sng_2", "sng_3", "sng_4", "sng_5", "sng_6"]);
    expect(now(off)).toBe(now(later));
  });

  it("starts a shuffled queue with the chosen song", () => {
    const shuffled = start({ ...EMPTY, shuffle: true }, songs, 3, undefined, seeded([0.5]));
    expect(now(shuffled)).toBe("sng_4");
    expect(shuffled.index).toBe(0);
    expect(ids(shuffled).sort()).toEqual(ids(start(EMPTY, songs, 0)).sort());
    const off = toggleShuffle(shuffled);
    expect(ids(off)).toEqual(["sng_1", "sng_2", "sng_3", "sng_4", "sng_5"]);
    expect(now(off)).toBe("sng_4");
  });
});

describe("a saved queue", () => {
  it("comes back as it was", () => {
    const queue = cycleRepeat(start(EMPTY, songs, 3, "search"));
    const saved = restore(JSON.stringify({ queue, positionMs: 42_500 }));
    expect(saved).toEqual({ queue, positionMs: 42_500 });
  });

  it("is kept per tenant and user", () => {
    expect(storageKey("northwind", "usr_1")).not.toBe(storageKey("aurora", "usr_1"));
    expect(storageKey("northwind", "usr_1")).not.toBe(storageKey("northwind", "usr_2"));
  });

  it("is dropped, not half-read, when malformed", () => {
    expect(restore(null)).toBeUndefined();
    expect(restore("not json")).toBeUndefined();
    expect(restore(JSON.stringify({ queue: { entries: "x" } }))).toBeUndefined();
    expect(restore(JSON.stringify({ queue: { entries: [{ key: "a", song: { title: 3 } }] } }))).toBeUndefined();
    const odd = restore(JSON.stringify({ queue: { entries: [{ key: "a", song: song(1) }], index: 9, repeat: "loud" }, positionMs: -4 }));
    expect(odd?.queue.index).toBe(0);
    expect(odd?.queue.repeat).toBe("off");
    expect(odd?.positionMs).toBe(0);
  });
});
