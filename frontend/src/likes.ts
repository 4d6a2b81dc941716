// Which songs, albums and artists the user likes, as the rows on screen need to know: the
// ids asked about in the same moment go to the API as one question (`?ids=`, up to 100),
// answers are kept per client, and a like or unlike updates every row showing the item.

import { useCallback, useEffect, useState } from "react";
import type { Client, LikeKind } from "./api";

/** The most ids the API answers about at once. */
const BATCH = 100;

type Listener = () => void;

class LikeBook {
  private readonly known = new Map<string, boolean>();
  private readonly waiting = new Map<LikeKind, Set<string>>();
  private readonly asking = new Set<string>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private scheduled = false;

  constructor(private readonly client: Client) {}

  private static key(kind: LikeKind, id: string) {
    return `${kind}:${id}`;
  }

  /** Whether `id` is liked, if known yet; asks the API otherwise. */
  get(kind: LikeKind, id: string): boolean | undefined {
    const key = LikeBook.key(kind, id);
    if (!this.known.has(key) && !this.asking.has(key)) this.ask(kind, id);
    return this.known.get(key);
  }

  subscribe(kind: LikeKind, id: string, listener: Listener): () => void {
    const key = LikeBook.key(kind, id);
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private set(kind: LikeKind, id: string, liked: boolean) {
    const key = LikeBook.key(kind, id);
    this.known.set(key, liked);
    this.listeners.get(key)?.forEach((listener) => listener());
  }

  private ask(kind: LikeKind, id: string) {
    let ids = this.waiting.get(kind);
    if (!ids) this.waiting.set(kind, (ids = new Set()));
    ids.add(id);
    if (this.scheduled) return;
    this.scheduled = true;
    // Every row rendered in this moment asks; one request per kind and hundred ids answers.
    queueMicrotask(() => {
      this.scheduled = false;
      const asked = [...this.waiting];
      this.waiting.clear();
      for (const [kind, set] of asked) {
        const all = [...set].filter((id) => !this.known.has(LikeBook.key(kind, id)));
        for (let start = 0; start < all.length; start += BATCH) {
          const ids = all.slice(start, start + BATCH);
          ids.forEach((id) => this.asking.add(LikeBook.key(kind, id)));
          const done = () => ids.forEach((id) => this.asking.delete(LikeBook.key(kind, id)));
          this.client.likedAmong(kind, ids).then(
            (page) => {
              done();
              const liked = new Set(page.items.map((like) => like.item_id));
              // A toggle made meanwhile is newer than the answer.
              ids.filter((id) => !this.known.has(LikeBook.key(kind, id))).forEach((id) => this.set(kind, id, liked.has(id)));
            },
            done,
          );
        }
      }
    });
  }

  /** Likes or unlikes `id`; the rows change at once and go back if the API refuses. */
  async toggle(kind: LikeKind, id: string): Promise<void> {
    const was = this.known.get(LikeBook.key(kind, id)) === true;
    this.set(kind, id, !was);
    try {
      if (was) await this.client.unlike(kind, id);
      else await this.client.like(kind, id);
    } catch (error) {
      this.set(kind, id, was);
      throw error;
    }
  }
}

const books = new WeakMap<object, LikeBook>();

export function likeBookOf(client: Client): LikeBook {
  let book = books.get(client);
  if (!book) books.set(client, (book = new LikeBook(client)));
  return book;
}

/** Whether the user likes `id`, and a function that turns it over. */
export function useLiked(client: Client, kind: LikeKind, id: string | undefined): [boolean | undefined, () => Promise<void>] {
  const book = likeBookOf(client);
  const [, redraw] = useState(0);
  useEffect(() => {
    if (!id) return;
    return book.subscribe(kind, id, () => redraw((n) => n + 1));
  }, [book, kind, id]);
  const toggle = useCallback(async () => {
    if (id) await book.toggle(kind, id);
  }, [book, kind, id]);
  return [id ? book.get(kind, id) : undefined, toggle];
}
