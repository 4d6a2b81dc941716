// Lists longer than a page: `usePages` keeps the pages loaded so far and asks for the next
// (by the API's `next_cursor`) when `MoreBelow` scrolls into view, or when its button is
// pressed (keyboards, and browsers without IntersectionObserver).

import { useCallback, useEffect, useRef, useState } from "react";
import type { Page } from "../api";
import { messageOf } from "./common";

export interface Pages<T> {
  items: T[];
  loading: boolean;
  error?: string;
  /** Whether the API has more after the pages loaded. */
  more: boolean;
  loadMore: () => void;
}

export function usePages<T>(load: (cursor?: string) => Promise<Page<T>>, deps: unknown[]): Pages<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  // Which list the answers belong to: an answer for an earlier list (a search typed over) is dropped.
  const generation = useRef(0);
  const busy = useRef(false);

  const fetchPage = useCallback((after: string | undefined, fresh: boolean) => {
    const mine = generation.current;
    busy.current = true;
    setLoading(true);
    setError(undefined);
    load(after).then(
      (page) => {
        if (mine !== generation.current) return;
        setItems((old) => (fresh ? page.items : [...old, ...page.items]));
        setCursor(page.next_cursor);
        setLoading(false);
        busy.current = false;
      },
      (caught: unknown) => {
        if (mine !== generation.current) return;
        setError(messageOf(caught));
        setLoading(false);
        busy.current = false;
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  useEffect(() => {
    generation.current += 1;
    setItems([]);
    setCursor(undefined);
    fetchPage(undefined, true);
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    if (!busy.current && cursor) fetchPage(cursor, false);
  }, [cursor, fetchPage]);

  return { items, loading, error, more: cursor !== undefined, loadMore };
}

/** The list's state as `Status` shows it: loading only before the first page. */
export const firstPage = (pages: Pages<unknown>) => ({ loading: pages.loading && pages.items.length === 0, error: pages.error });

/** The end of a list: loads the next page when it comes into view, or when pressed. */
export function MoreBelow({ pages, label = "Show more" }: { pages: Pages<unknown>; label?: string }) {
  const sentinel = useRef<HTMLDivElement>(null);
  const { more, loading, loadMore } = pages;
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !more || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((entry) => entry.isIntersecting)) loadMore();
    }, { rootMargin: "400px" });
    observer.observe(element);
    return () => observer.disconnect();
  }, [more, loadMore]);
  if (!more && !loading) return null;
  return (
    <div ref={sentinel} className="more-below">
      {loading ? <p className="muted" role="status">Loading…</p> : <button onClick={loadMore}>{label}</button>}
    </div>
  );
}
