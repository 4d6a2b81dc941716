// Listening: my history, and the tenant's top songs and artists of the last 30 days.

import type { Client } from "../api";
import { Status, useAsync } from "./common";

export function Listening({ client }: { client: Client }) {
  const history = useAsync(async () => {
    const page = await client.history();
    // The titles of the songs played, each asked for once; a deleted song keeps its id.
    const ids = [...new Set(page.items.map((play) => play.song_id))];
    const songs = await Promise.all(ids.map((id) => client.song(id).catch(() => undefined)));
    const titles = new Map(songs.filter((song) => song !== undefined).map((song) => [song.song_id, song.title]));
    return { items: page.items, titles };
  }, [client]);
  const songs = useAsync(() => client.topSongs(), [client]);
  const artists = useAsync(() => client.topArtistsChart(), [client]);
  return (
    <section>
      <h1>Listening</h1>
      <h2>My history</h2>
      <Status state={history} empty={history.data?.items.length === 0} />
      <ul aria-label="History">
        {history.data?.items.map((play) => (
          <li key={play.play_id}>
            <a href={`#/songs/${play.song_id}`}>{history.data?.titles.get(play.song_id) ?? play.song_id}</a> <span className="muted">{new Date(play.played_at).toLocaleString()} · {play.device}</span>
          </li>
        ))}
      </ul>
      <div className="columns">
        <div>
          <h2>Top songs</h2>
          <Status state={songs} empty={songs.data?.length === 0} />
          <ol>{songs.data?.map((row) => <li key={row.id}>{row.name} <span className="muted">{row.plays} plays</span></li>)}</ol>
        </div>
        <div>
          <h2>Top artists</h2>
          <Status state={artists} empty={artists.data?.length === 0} />
          <ol>{artists.data?.map((row) => <li key={row.id}><a href={`#/artists/${row.id}`}>{row.name}</a> <span className="muted">{row.plays} plays</span></li>)}</ol>
        </div>
      </div>
    </section>
  );
}

export function SongPage({ client, songId }: { client: Client; songId: string }) {
  const song = useAsync(() => client.song(songId), [client, songId]);
  return (
    <section>
      <Status state={song} />
      {song.data && (
        <>
          <h1>{song.data.title}</h1>
          <p><a href={`#/albums/${song.data.album_id}`}>Album</a> · <a href={`#/artists/${song.data.artist_id}`}>Artist</a></p>
        </>
      )}
    </section>
  );
}
