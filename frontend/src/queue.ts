// The play queue as values: what plays now, what comes next, shuffle and repeat, and the
// edits a listener makes (play next, add to queue, remove, reorder). Pure, so the player's
// rules are tested without an <audio> element; the player keeps one `Queue` in its state
// and stores it (with the position in the song) so that a reload carries on where it was.

import type { Song } from "./api";

export type Repeat = "off" | "all" | "one";

/** A song in the queue; `key` tells two entries of the same song apart. */
export interface Entry {
  key: string;
  song: Song;
}

export interface Queue {
  entries: Entry[];
  /** The place of the current entry; 0 when the queue is empty. */
  index: number;
  shuffle: boolean;
  repeat: Repeat;
  /** Where the songs were started from ("album:alb_…", "playlist:pl_…", "search"). */
  context?: string;
  /** With shuffle on, the keys in the order they had before it was turned on. */
  unshuffled?: string[];
}

export const EMPTY: Queue = { entries: [], index: 0, shuffle: false, repeat: "off" };

let counter = 0;
const entryOf = (song: Song): Entry => ({ key: `q${Date.now().toString(36)}-${(counter++).toString(36)}`, song });

/** The entry that plays now, if any. */
export const currentOf = (queue: Queue): Entry | undefined => queue.entries[queue.index];

/** `items` in a random order (Fisher–Yates), by `random` in [0, 1). */
function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Shuffles what comes after the current entry; the current one keeps playing. */
function shuffleRest(queue: Queue, random: () => number): Queue {
  const head = queue.entries.slice(0, queue.index + 1);
  const rest = shuffled(queue.entries.slice(queue.index + 1), random);
  return { ...queue, entries: [...head, ...rest] };
}

/** A new queue of `songs`, playing the one at `start`; shuffle and repeat stay as set. */
export function start(queue: Queue, songs: Song[], startAt: number, context?: string, random = Math.random): Queue {
  const entries = songs.map(entryOf);
  const index = Math.min(Math.max(startAt, 0), Math.max(entries.length - 1, 0));
  const fresh: Queue = { ...queue, entries, index, context, unshuffled: undefined };
  if (!queue.shuffle) return fresh;
  // Shuffle plays the chosen song first, then the others in a random order.
  const chosen = entries.slice(index, index + 1);
  const others = entries.filter((_, i) => i !== index);
  return { ...fresh, entries: [...chosen, ...shuffled(others, random)], index: 0, unshuffled: entries.map((e) => e.key) };
}

/**
 * The queue after the current song: `ended` when it played to its end (repeat one plays it
 * again), or the listener pressed Next. At the end of the queue, repeat all starts over;
 * otherwise the queue stays on its last song and `stopped` says there is nothing more.
 */
export function next(queue: Queue, ended: boolean): { queue: Queue; stopped: boolean } {
  if (queue.entries.length === 0) return { queue, stopped: true };
  if (ended && queue.repeat === "one") return { queue, stopped: false };
  if (queue.index + 1 < queue.entries.length) return { queue: { ...queue, index: queue.index + 1 }, stopped: false };
  if (queue.repeat === "all") return { queue: { ...queue, index: 0 }, stopped: false };
  return { queue, stopped: true };
}

/** The queue after Previous: the song before (the last one with repeat all at the start). */
export function previous(queue: Queue): Queue {
  if (queue.index > 0) return { ...queue, index: queue.index - 1 };
  if (queue.repeat === "all" && queue.entries.length > 0) return { ...queue, index: queue.entries.length - 1 };
  return queue;
}

/** Plays the entry at `index` now. */
export function jump(queue: Queue, index: number): Queue {
  return index >= 0 && index < queue.entries.length ? { ...queue, index } : queue;
}

/** Puts `song` right after the current entry. */
export function playNext(queue: Queue, song: Song): Queue {
  if (queue.entries.length === 0) return start(queue, [song], 0);
  const entries = [...queue.entries];
  entries.splice(queue.index + 1, 0, entryOf(song));
  return { ...queue, entries };
}

/** Puts `song` at the end of the queue. */
export function addToQueue(queue: Queue, song: Song): Queue {
  if (queue.entries.length === 0) return start(queue, [song], 0);
  return { ...queue, entries: [...queue.entries, entryOf(song)] };
}

/** Takes the entry at `at` out; removing the current entry plays the one after it. */
export function remove(queue: Queue, at: number): Queue {
  if (at < 0 || at >= queue.entries.length) return queue;
  const entries = queue.entries.filter((_, i) => i !== at);
  let index = queue.index;
  if (at < index) index -= 1;
  index = Math.min(index, Math.max(entries.length - 1, 0));
  return { ...queue, entries, index };
}

/** Moves the entry at `from` to `to`; the current entry stays current wherever it goes. */
export function move(queue: Queue, from: number, to: number): Queue {
  const n = queue.entries.length;
  if (from < 0 || from >= n || to < 0 || to >= n || from === to) return queue;
  const current = currentOf(queue)?.key;
  const entries = [...queue.entries];
  const [moved] = entries.splice(from, 1);
  entries.splice(to, 0, moved);
  return { ...queue, entries, index: Math.max(entries.findIndex((e) => e.key === current), 0) };
}

/**
 * Turns shuffle on (what comes after the current song is shuffled) or off (the queue goes
 * back to the order it had, songs added meanwhile at the end, the current song still current).
 */
export function toggleShuffle(queue: Queue, random = Math.random): Queue {
  if (!queue.shuffle) {
    const on = { ...queue, shuffle: true, unshuffled: queue.entries.map((e) => e.key) };
    return shuffleRest(on, random);
  }
  const rank = new Map((queue.unshuffled ?? []).map((key, i) => [key, i]));
  const at = (entry: Entry) => rank.get(entry.key) ?? Number.MAX_SAFE_INTEGER;
  const entries = [...queue.entries].sort((a, b) => at(a) - at(b));
  const current = currentOf(queue)?.key;
  return {
    ...queue,
    entries,
    shuffle: false,
    unshuffled: undefined,
    index: Math.max(entries.findIndex((e) => e.key === current), 0),
  };
}

/** Off → all → one → off. */
export function cycleRepeat(queue: Queue): Queue {
  const order: Repeat[] = ["off", "all", "one"];
  return { ...queue, repeat: order[(order.indexOf(queue.repeat) + 1) % order.length] };
}

/** What the player keeps across reloads: the queue and how far into the song it was. */
export interface Saved {
  queue: Queue;
  positionMs: number;
}

/** Where a user's queue is kept: per tenant and user, so another sign-in never sees it. */
export const storageKey = (tenant: string, userId: string) => `musicctl.queue.${tenant}.${userId}`;

const isSong = (value: unknown): value is Song => {
  const song = value as Song | null;
  return (
    typeof song === "object" && song !== null &&
    typeof song.song_id === "string" && typeof song.title === "string" &&
    typeof song.artist_id === "string" && typeof song.duration_ms === "number"
  );
};

/** Reads a saved queue back; anything malformed gives `undefined`, never a broken queue. */
export function restore(text: string | null): Saved | undefined {
  if (!text) return undefined;
  try {
    const saved = JSON.parse(text) as Saved;
    const queue = saved?.queue;
    if (!queue || !Array.isArray(queue.entries)) return undefined;
    const entries = queue.entries.filter((e) => typeof e?.key === "string" && isSong(e.song));
    if (entries.length === 0) return undefined;
    const repeat: Repeat = ["off", "all", "one"].includes(queue.repeat) ? queue.repeat : "off";
    const index = Number.isInteger(queue.index) ? Math.min(Math.max(queue.index, 0), entries.length - 1) : 0;
    const positionMs = Number.isFinite(saved.positionMs) && saved.positionMs > 0 ? saved.positionMs : 0;
    return {
      queue: {
        entries,
        index,
        shuffle: queue.shuffle === true,
        repeat,
        context: typeof queue.context === "string" ? queue.context : undefined,
        unshuffled: Array.isArray(queue.unshuffled) ? queue.unshuffled.filter((k) => typeof k === "string") : undefined,
      },
      positionMs,
    };
  } catch {
    return undefined;
  }
}
