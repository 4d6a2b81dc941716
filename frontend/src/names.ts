// The names a song row shows beside its ids: the artist's name and the album's title, each
// asked for once per client however many rows show it, and forgotten on failure so that a
// later row may ask again. A row renders its ids' names as they arrive.

import { useEffect, useState } from "react";
import type { Album, Artist, Client, Song } from "./api";

interface Book {
  artists: Map<string, Promise<Artist | undefined>>;
  albums: Map<string, Promise<Album | undefined>>;
}

const books = new WeakMap<object, Book>();

function bookOf(client: Client): Book {
  let book = books.get(client);
  if (!book) {
    book = { artists: new Map(), albums: new Map() };
    books.set(client, book);
  }
  return book;
}

function once<T>(cache: Map<string, Promise<T | undefined>>, id: string, load: () => Promise<T>): Promise<T | undefined> {
  let found = cache.get(id);
  if (!found) {
    found = load().catch(() => {
      cache.delete(id);
      return undefined;
    });
    cache.set(id, found);
  }
  return found;
}

/** The artist `id`, asked for once per client; `undefined` when it cannot be read. */
export const artistOf = (client: Client, id: string) => once(bookOf(client).artists, id, () => client.artist(id));

/** The album `id`, asked for once per client; `undefined` when it cannot be read. */
export const albumOf = (client: Client, id: string) => once(bookOf(client).albums, id, () => client.album(id));

/** Songs by id, in the order given, skipping those that cannot be read (deleted since). */
export async function songsById(client: Client, ids: string[]): Promise<Song[]> {
  const songs = await Promise.all(ids.map((id) => client.song(id).catch(() => undefined)));
  return songs.flatMap((song) => (song ? [song] : []));
}

/** Tells the cache an artist or album changed (renamed, deleted), so it is read again. */
export function forget(client: Client, id: string): void {
  const book = bookOf(client);
  book.artists.delete(id);
  book.albums.delete(id);
}

function useLookup<T>(client: Client | undefined, id: string | undefined, lookup: (client: Client, id: string) => Promise<T | undefined>) {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    setValue(undefined);
    if (!client || !id) return;
    let live = true;
    void lookup(client, id).then((found) => live && setValue(found));
    return () => {
      live = false;
    };
  }, [client, id, lookup]);
  return value;
}

export const useArtist = (client: Client | undefined, id: string | undefined) => useLookup(client, id, artistOf);
export const useAlbum = (client: Client | undefined, id: string | undefined) => useLookup(client, id, albumOf);
