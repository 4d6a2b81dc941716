// The user's likes: "Liked songs", which plays like a playlist (newest like first, further
// pages as you scroll), and the albums and artists liked.

import type { Client, Like, Song } from "../api";
import { Status } from "./common";
import { Card } from "./Catalog";
import { firstPage, MoreBelow, usePages } from "./paging";
import { usePlayer } from "./Player";
import { SongRow } from "./SongRow";

/** A liked song as the player and the rows take it. */
const songOf = (like: Like): Song => ({
  song_id: like.item_id,
  title: like.title,
  artist_id: like.artist_id ?? "",
  album_id: like.album_id ?? "",
  duration_ms: like.duration_ms ?? 0,
  genre: like.genre ?? "",
});

export function Liked({ client }: { client: Client }) {
  const songs = usePages((cursor) => client.liked("song", cursor), [client]);
  const albums = usePages((cursor) => client.liked("album", cursor), [client]);
  const artists = usePages((cursor) => client.liked("artist", cursor), [client]);
  const player = usePlayer();
  const list = songs.items.map(songOf);
  return (
    <section>
      <header className="hero">
        <div>
          <p className="muted">Your library</p>
          <h1>Liked songs</h1>
          <button className="primary" onClick={() => player.playQueue(list, 0, "liked")} disabled={list.length === 0}>
            Play liked songs
          </button>
        </div>
      </header>
      <Status state={firstPage(songs)} empty={!songs.loading && songs.items.length === 0} />
      {!songs.loading && songs.items.length === 0 && <p className="muted">Press ♡ on a song to keep it here.</p>}
      <ul className="songs" aria-label="Liked songs">
        {list.map((song, i) => (
          <SongRow key={song.song_id} client={client} song={song} onPlay={() => player.playQueue(list, i, "liked")} />
        ))}
      </ul>
      <MoreBelow pages={songs} label="More liked songs" />
      <h2>Albums</h2>
      <Status state={firstPage(albums)} empty={!albums.loading && albums.items.length === 0} />
      <ul className="grid" aria-label="Liked albums">
        {albums.items.map((like) => (
          <Card key={like.item_id} href={`#/albums/${encodeURIComponent(like.item_id)}`} id={like.item_id} title={like.title} />
        ))}
      </ul>
      <MoreBelow pages={albums} label="More albums" />
      <h2>Artists</h2>
      <Status state={firstPage(artists)} empty={!artists.loading && artists.items.length === 0} />
      <ul className="grid" aria-label="Liked artists">
        {artists.items.map((like) => (
          <Card key={like.item_id} href={`#/artists/${encodeURIComponent(like.item_id)}`} id={like.item_id} title={like.title} round />
        ))}
      </ul>
      <MoreBelow pages={artists} label="More artists" />
    </section>
  );
}
