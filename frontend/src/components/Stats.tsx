// Listening: my history (further pages as I scroll), and the tenant's top songs and
// artists of the last 30 days; and a song's own page.

import type { Client, Song } from "../api";
import { coverArt } from "../art";
import { songsById, useAlbum, useArtist } from "../names";
import { duration, Status, useAsync } from "./common";
import { LikeButton } from "./LikeButton";
import { firstPage, MoreBelow, usePages } from "./paging";
import { useIsAdmin } from "./account";
import { SongEdit } from "./CatalogEdit";
import { usePlayer } from "./Player";

export function Listening({ client }: { client: Client }) {
  const history = usePages(async (cursor) => {
    const page = await client.history(cursor);
    // The songs played, each asked for once; a deleted song keeps its id.
    const ids = [...new Set(page.items.map((play) => play.song_id))];
    const byId = new Map<string, Song>((await songsById(client, ids)).map((song) => [song.song_id, song]));
    return { items: page.items.map((play) => ({ play, song: byId.get(play.song_id) })), next_cursor: page.next_cursor };
  }, [client]);
  const songs = useAsync(() => client.topSongs(), [client]);
  const artists = useAsync(() => client.topArtistsChart(), [client]);
  return (
    <section>
      <h1>Listening</h1>
      <h2>My history</h2>
      <Status state={firstPage(history)} empty={!history.loading && history.items.length === 0} />
      <ul aria-label="History" className="history">
        {history.items.map(({ play, song }) => (
          <li key={play.play_id}>
            <a href={`#/songs/${encodeURIComponent(play.song_id)}`}>{song?.title ?? "A song no longer in the catalog"}</a>{" "}
            {song && <HistoryArtist client={client} id={song.artist_id} />}
            <span className="muted"> · {new Date(play.played_at).toLocaleString()} · heard {duration(play.ms_played)} · {play.device}</span>
          </li>
        ))}
      </ul>
      <MoreBelow pages={history} label="Older plays" />
      <div className="columns">
        <div>
          <h2>Top songs</h2>
          <Status state={songs} empty={songs.data?.length === 0} />
          <ol>{songs.data?.map((row) => <li key={row.id}><a href={`#/songs/${encodeURIComponent(row.id)}`}>{row.name}</a> <span className="muted">{row.plays} plays</span></li>)}</ol>
        </div>
        <div>
          <h2>Top artists</h2>
          <Status state={artists} empty={artists.data?.length === 0} />
          <ol>{artists.data?.map((row) => <li key={row.id}><a href={`#/artists/${encodeURIComponent(row.id)}`}>{row.name}</a> <span className="muted">{row.plays} plays</span></li>)}</ol>
        </div>
      </div>
    </section>
  );
}

function HistoryArtist({ client, id }: { client: Client; id: string }) {
  const artist = useArtist(client, id);
  return <span className="muted">by <a href={`#/artists/${encodeURIComponent(id)}`}>{artist?.name ?? "…"}</a></span>;
}

export function SongPage({ client, songId }: { client: Client; songId: string }) {
  const song = useAsync(() => client.song(songId), [client, songId]);
  const artist = useArtist(client, song.data?.artist_id);
  const album = useAlbum(client, song.data?.album_id);
  const player = usePlayer();
  const admin = useIsAdmin();
  return (
    <section>
      <Status state={song} />
      {song.data && (
        <header className="hero">
          <img className="cover" src={coverArt(song.data.album_id, album?.title ?? song.data.title)} alt="" width={160} height={160} />
          <div>
            <p className="muted">Song</p>
            <h1>{song.data.title}</h1>
            <p className="muted">
              <a href={`#/artists/${encodeURIComponent(song.data.artist_id)}`}>{artist?.name ?? "…"}</a>
              {" · "}
              <a href={`#/albums/${encodeURIComponent(song.data.album_id)}`}>{album?.title ?? "…"}</a>
              {" · "}{duration(song.data.duration_ms)} · <a href={`#/genres/${encodeURIComponent(song.data.genre)}`}>{song.data.genre}</a>
            </p>
            <div className="actions">
              <button className="primary" onClick={() => player.playQueue([song.data!], 0, `song:${songId}`)}>Play</button>
              <button onClick={() => player.addToQueue(song.data!)}>Add to queue</button>
              <LikeButton client={client} kind="song" id={song.data.song_id} name={song.data.title} />
            </div>
            {admin && <SongEdit key={song.data.version ?? 0} client={client} song={song.data} onSaved={song.reload} />}
          </div>
        </header>
      )}
    </section>
  );
}
