// Browsing the tenant's catalog: search, new releases, genres, an artist with discography,
// an album with its tracklist. Any song can be played or added to a playlist.

import { useState } from "react";
import type { Client, Song } from "../api";
import { SongRow, Status, useAsync } from "./common";
import { AddToPlaylist } from "./Playlists";
import { usePlayer } from "./Player";

export function Home({ client }: { client: Client }) {
  const [prefix, setPrefix] = useState("");
  const [query, setQuery] = useState("");
  const releases = useAsync(() => client.newReleases(), [client]);
  const songs = useAsync(() => (query ? client.searchSongs(query) : Promise.resolve({ items: [] as Song[] })), [client, query]);
  const artists = useAsync(() => (query ? client.searchArtists(query) : Promise.resolve({ items: [] })), [client, query]);
  const player = usePlayer();
  return (
    <section>
      <form role="search" onSubmit={(e) => { e.preventDefault(); setQuery(prefix.trim()); }}>
        <label>
          Search songs and artists
          <input name="search" value={prefix} onChange={(e) => setPrefix(e.target.value)} aria-describedby="search-hint" />
        </label>
        <small id="search-hint" className="muted">The start of a title or a name</small>
        <button type="submit">Search</button>
      </form>
      {query && (
        <>
          <h2>Songs</h2>
          <Status state={songs} empty={songs.data?.items.length === 0} />
          <ul className="songs" aria-label="Songs found">
            {songs.data?.items.map((song, i) => (
              <SongRow key={song.song_id} song={song} onPlay={() => player.playQueue(songs.data!.items, i, "search")}
                actions={<AddToPlaylist client={client} songId={song.song_id} />} />
            ))}
          </ul>
          <h2>Artists</h2>
          <Status state={artists} empty={artists.data?.items.length === 0} />
          <ul>
            {artists.data?.items.map((artist) => (
              <li key={artist.artist_id}><a href={`#/artists/${artist.artist_id}`}>{artist.name}</a></li>
            ))}
          </ul>
        </>
      )}
      <h2>New releases</h2>
      <Status state={releases} empty={releases.data?.items.length === 0} />
      <ul className="cards">
        {releases.data?.items.map((album) => (
          <li key={album.album_id}><a href={`#/albums/${album.album_id}`}>{album.title}</a> <span className="muted">{album.release_date}</span></li>
        ))}
      </ul>
    </section>
  );
}

export function ArtistPage({ client, artistId }: { client: Client; artistId: string }) {
  const artist = useAsync(() => client.artist(artistId), [client, artistId]);
  const albums = useAsync(() => client.discography(artistId), [client, artistId]);
  return (
    <section>
      <Status state={artist} />
      {artist.data && (
        <>
          <h1>{artist.data.name}</h1>
          <p className="muted">
            {artist.data.genres.map((genre) => (
              <a key={genre} href={`#/genres/${encodeURIComponent(genre)}`}>{genre} </a>
            ))}
            · popularity {artist.data.popularity}
          </p>
        </>
      )}
      <h2>Discography</h2>
      <Status state={albums} empty={albums.data?.items.length === 0} />
      <ul>
        {albums.data?.items.map((album) => (
          <li key={album.album_id}><a href={`#/albums/${album.album_id}`}>{album.title}</a> <span className="muted">{album.release_date}</span></li>
        ))}
      </ul>
    </section>
  );
}

export function AlbumPage({ client, albumId }: { client: Client; albumId: string }) {
  const album = useAsync(() => client.album(albumId), [client, albumId]);
  const tracks = useAsync(() => client.tracklist(albumId), [client, albumId]);
  const player = usePlayer();
  return (
    <section>
      <Status state={album} />
      {album.data && (
        <>
          <h1>{album.data.title}</h1>
          <p className="muted"><a href={`#/artists/${album.data.artist_id}`}>Artist</a> · {album.data.release_date}</p>
        </>
      )}
      <Status state={tracks} empty={tracks.data?.items.length === 0} />
      <ol className="songs">
        {tracks.data?.items.map((song, i) => (
          <SongRow key={song.song_id} song={song} onPlay={() => player.playQueue(tracks.data!.items, i, `album:${albumId}`)}
            actions={<AddToPlaylist client={client} songId={song.song_id} />} />
        ))}
      </ol>
    </section>
  );
}

export function GenrePage({ client, genre }: { client: Client; genre: string }) {
  const songs = useAsync(() => client.songsOfGenre(genre), [client, genre]);
  const artists = useAsync(() => client.topArtists(genre), [client, genre]);
  const player = usePlayer();
  return (
    <section>
      <h1>{genre}</h1>
      <h2>Top artists</h2>
      <Status state={artists} empty={artists.data?.items.length === 0} />
      <ul>
        {artists.data?.items.map((artist) => (
          <li key={artist.artist_id}><a href={`#/artists/${artist.artist_id}`}>{artist.name}</a></li>
        ))}
      </ul>
      <h2>Songs</h2>
      <Status state={songs} empty={songs.data?.items.length === 0} />
      <ul className="songs">
        {songs.data?.items.map((song, i) => (
          <SongRow key={song.song_id} song={song} onPlay={() => player.playQueue(songs.data!.items, i)} />
        ))}
      </ul>
    </section>
  );
}
