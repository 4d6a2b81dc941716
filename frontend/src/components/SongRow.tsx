// A song as every list shows it: cover, title, artist and album as links, duration, and a
// menu (play next, add to queue, add to playlist, go to the artist or the album). The
// artist's name and the album's title come from the shared name cache.

import type { Client, Song } from "../api";
import { coverArt } from "../art";
import { useAlbum, useArtist } from "../names";
import { duration } from "./common";
import { usePlayer } from "./Player";
import { LikeButton } from "./LikeButton";
import { AddToPlaylist } from "./Playlists";

export function SongRow({ client, song, onPlay, actions, showAlbum = true, rowProps }: {
  client: Client;
  song: Song;
  onPlay: () => void;
  /** Controls of the list the row is in (reorder and remove in a playlist). */
  actions?: React.ReactNode;
  showAlbum?: boolean;
  /** More attributes of the row (drag and drop in a playlist). */
  rowProps?: React.LiHTMLAttributes<HTMLLIElement> & { draggable?: boolean };
}) {
  const artist = useArtist(client, song.artist_id);
  const album = useAlbum(client, song.album_id || undefined);
  const player = usePlayer();
  const playing = player.current?.song_id === song.song_id;
  const by = artist ? ` by ${artist.name}` : "";
  return (
    <li {...rowProps} className={[playing ? "song playing" : "song", rowProps?.className].filter(Boolean).join(" ")}>
      <button className="play" onClick={onPlay} aria-label={`Play ${song.title}${by}`}>
        <img className="cover" src={coverArt(song.album_id || song.song_id, album?.title ?? song.title)} alt="" width={40} height={40} />
        <span className="play-icon" aria-hidden="true">▶</span>
      </button>
      <span className="song-text">
        <a className="title" href={`#/songs/${encodeURIComponent(song.song_id)}`}>{song.title}</a>
        <span className="byline">
          <a href={`#/artists/${encodeURIComponent(song.artist_id)}`} data-testid="song-artist">{artist?.name ?? "…"}</a>
          {showAlbum && song.album_id && <>
            {" · "}
            <a href={`#/albums/${encodeURIComponent(song.album_id)}`} data-testid="song-album">{album?.title ?? "…"}</a>
          </>}
        </span>
      </span>
      <LikeButton client={client} kind="song" id={song.song_id} name={song.title} />
      <span className="muted duration">{duration(song.duration_ms)}</span>
      {actions}
      <details className="menu">
        <summary aria-label={`More for ${song.title}`} title="More">⋯</summary>
        <div className="menu-items">
          <button onClick={(e) => { player.playNext(song); close(e); }}>Play next</button>
          <button onClick={(e) => { player.addToQueue(song); close(e); }}>Add to queue</button>
          <AddToPlaylist client={client} songId={song.song_id} />
          <a href={`#/artists/${encodeURIComponent(song.artist_id)}`}>Go to artist</a>
          {song.album_id && <a href={`#/albums/${encodeURIComponent(song.album_id)}`}>Go to album</a>}
        </div>
      </details>
    </li>
  );
}

/** Closes the menu a button is in. */
function close(event: React.MouseEvent) {
  event.currentTarget.closest("details")?.removeAttribute("open");
}
