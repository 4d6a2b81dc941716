// Browsing the tenant's catalog: search as you type, shelves on the home page (new
// releases, what you played lately, the tenant's top songs, genres), grids of all albums
// and artists that load further pages as you scroll, an artist with its discography, an
// album with its tracklist and a play button, and a genre's artists and songs.

import { useState } from "react";
import type { Album, Artist, ChartRow, Client, PlaylistMatch, Song } from "../api";
import { coverArt } from "../art";
import { songsById, useArtist } from "../names";
import { Status, useAsync, useDebounced } from "./common";
import { useIsAdmin } from "./account";
import { AlbumEdit, ArtistEdit } from "./CatalogEdit";
import { LikeButton } from "./LikeButton";
import { firstPage, MoreBelow, usePages } from "./paging";
import { usePlayer } from "./Player";
import { SongRow } from "./SongRow";

/** The accessible name of the search box. */
export const SEARCH_LABEL = "Search songs, artists, albums and playlists";

export function Card({ href, id, title, subtitle, round }: { href: string; id: string; title: string; subtitle?: React.ReactNode; round?: boolean }) {
  return (
    <li className="card">
      <a href={href}>
        <img className={round ? "cover round" : "cover"} src={coverArt(id, title)} alt="" width={160} height={160} loading="lazy" />
        <span className="card-title">{title}</span>
      </a>
      {subtitle && <span className="muted card-subtitle">{subtitle}</span>}
    </li>
  );
}

function AlbumCard({ client, album, showArtist = true }: { client: Client; album: Album; showArtist?: boolean }) {
  const artist = useArtist(client, showArtist ? album.artist_id : undefined);
  const year = album.release_date.slice(0, 4);
  return <Card href={`#/albums/${encodeURIComponent(album.album_id)}`} id={album.album_id} title={album.title}
    subtitle={showArtist ? `${artist?.name ?? "…"} · ${year}` : year} />;
}

const artistCard = (artist: Artist) => (
  <Card key={artist.artist_id} href={`#/artists/${encodeURIComponent(artist.artist_id)}`} id={artist.artist_id}
    title={artist.name} subtitle={artist.genres.slice(0, 2).join(", ")} round />
);

function SongList({ client, songs, label, context, showAlbum }: { client: Client; songs: Song[]; label: string; context?: string; showAlbum?: boolean }) {
  const player = usePlayer();
  return (
    <ul className="songs" aria-label={label}>
      {songs.map((song, i) => (
        <SongRow key={`${song.song_id}-${i}`} client={client} song={song} showAlbum={showAlbum}
          onPlay={() => player.playQueue(songs, i, context)} />
      ))}
    </ul>
  );
}

const none = <T,>() => Promise.resolve({ items: [] as T[] });

function Search({ client }: { client: Client }) {
  const [text, setText] = useState("");
  const query = useDebounced(text.trim(), 250);
  // Only something with a letter or digit is a search: the API refuses the rest.
  const searchable = /[\p{L}\p{N}]/u.test(query) ? query : "";
  const songs = usePages((cursor) => (searchable ? client.searchSongs(searchable, cursor) : none<Song>()), [client, searchable]);
  const artists = useAsync(() => (searchable ? client.searchArtists(searchable, 12) : none<Artist>()), [client, searchable]);
  const albums = useAsync(() => (searchable ? client.searchAlbums(searchable, 12) : none<Album>()), [client, searchable]);
  const playlists = useAsync(() => (searchable ? client.searchPlaylists(searchable, 12) : none<PlaylistMatch>()), [client, searchable]);
  return (
    <>
      <form role="search" className="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {SEARCH_LABEL}
          <input name="search" type="search" value={text} onChange={(e) => setText(e.target.value)} aria-describedby="search-hint"
            autoComplete="off" />
        </label>
        <small id="search-hint" className="muted">Results appear as you type: the start of any word of a title or a name, in any order</small>
      </form>
      {searchable && (
        <section aria-label="Search results">
          <h2>Songs</h2>
          <Status state={firstPage(songs)} empty={!songs.loading && songs.items.length === 0} />
          <SongList client={client} songs={songs.items} label="Songs found" context="search" />
          <MoreBelow pages={songs} label="More songs" />
          <h2>Artists</h2>
          <Status state={artists} empty={artists.data?.items.length === 0} />
          <ul className="grid" aria-label="Artists found">{artists.data?.items.map(artistCard)}</ul>
          <h2>Albums</h2>
          <Status state={albums} empty={albums.data?.items.length === 0} />
          <ul className="grid" aria-label="Albums found">
            {albums.data?.items.map((album) => <AlbumCard key={album.album_id} client={client} album={album} />)}
          </ul>
          <h2>Public playlists</h2>
          <Status state={playlists} empty={playlists.data?.items.length === 0} />
          <ul className="grid" aria-label="Playlists found">
            {playlists.data?.items.map((playlist) => (
              <Card key={playlist.playlist_id} href={`#/playlists/${encodeURIComponent(playlist.playlist_id)}`}
                id={playlist.playlist_id} title={playlist.name} subtitle="Playlist" />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export function Home({ client }: { client: Client }) {
  const releases = useAsync(() => client.newReleases(undefined, 12), [client]);
  const recent = useAsync(async () => {
    const plays = await client.history();
    return songsById(client, [...new Set(plays.items.map((play) => play.song_id))].slice(0, 8));
  }, [client]);
  const top = useAsync(async () => songsById(client, (await client.topSongs()).map((row) => row.id)), [client]);
  // The genres of the catalog's first albums (new releases answer summaries, without genres).
  const genres = useGenres(client);
  return (
    <section>
      <h1 className="visually-hidden">Browse</h1>
      <Search client={client} />
      <h2>New releases <a className="see-all" href="#/albums">All albums</a></h2>
      <Status state={releases} empty={releases.data?.items.length === 0} />
      <ul className="grid shelf" aria-label="New releases">
        {releases.data?.items.map((album) => <AlbumCard key={album.album_id} client={client} album={album} />)}
      </ul>
      {genres.length > 0 && (
        <>
          <h2>Genres <a className="see-all" href="#/artists">All artists</a></h2>
          <ul className="chips" aria-label="Genres">
            {genres.map((genre) => (
              <li key={genre}><a className="chip" href={`#/genres/${encodeURIComponent(genre)}`}>{genre}</a></li>
            ))}
          </ul>
        </>
      )}
      <div className="columns">
        <div>
          <h2>Recently played</h2>
          <Status state={recent} empty={recent.data?.length === 0} />
          {recent.data && <SongList client={client} songs={recent.data} label="Recently played" context="recent" />}
        </div>
        <div>
          <h2>Top songs here</h2>
          <Status state={top} empty={top.data?.length === 0} />
          {top.data && <SongList client={client} songs={top.data} label="Top songs" context="top-songs" />}
        </div>
      </div>
    </section>
  );
}

/** The genres of the catalog's first albums, for genre chips and filters. */
function useGenres(client: Client): string[] {
  const albums = useAsync(() => client.albums(), [client]);
  return [...new Set((albums.data?.items ?? []).flatMap((album) => album.genres ?? []))].sort().slice(0, 24);
}

/** A labelled choice among `options` (value → label). */
function Choice<T extends string>({ label, value, options, onChange, disabled }: {
  label: string; value: T; options: Record<string, string>; onChange: (value: T) => void; disabled?: boolean;
}) {
  return (
    <label className="inline">
      {label}
      <select value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
        {Object.entries(options).map(([key, text]) => <option key={key} value={key}>{text}</option>)}
      </select>
    </label>
  );
}

/** The 50 most played of the last 30 days, as cards that say how often. */
function PlayedGrid({ rows, label, link, round }: { rows: ChartRow[]; label: string; link: string; round?: boolean }) {
  return (
    <ul className="grid" aria-label={label}>
      {rows.map((row) => (
        <Card key={row.id} href={`#/${link}/${encodeURIComponent(row.id)}`} id={row.id} title={row.name}
          subtitle={`${row.plays} ${row.plays === 1 ? "play" : "plays"}`} round={round} />
      ))}
    </ul>
  );
}

const ALBUM_ORDERS = { newest: "Recently added", released: "Newest releases", title: "A–Z", played: "Most played (30 days)" };

export function AllAlbums({ client }: { client: Client }) {
  const [order, setOrder] = useState<keyof typeof ALBUM_ORDERS>("newest");
  const [genre, setGenre] = useState("");
  const genres = useGenres(client);
  // A genre's albums come A to Z (the genre's list).
  const played = order === "played" && !genre;
  const albums = usePages<Album>((cursor) => {
    if (genre || order === "title") return client.albumsByTitle(cursor, genre);
    if (played) return none<Album>();
    return order === "released" ? client.newReleases(cursor, 48) : client.albums(cursor, "newest");
  }, [client, order, genre, played]);
  const chart = useAsync(() => (played ? client.topAlbumsChart(50) : Promise.resolve([])), [client, played]);
  const genreOptions = Object.fromEntries([["", "All genres"], ...genres.map((name) => [name, name])]);
  return (
    <section>
      <h1>Albums</h1>
      <div className="toolbar">
        <Choice label="Genre" value={genre} options={genreOptions} onChange={setGenre} />
        {genre ? (
          <Choice label="Sort" value="title" options={{ title: "A–Z" }} onChange={() => undefined} disabled />
        ) : (
          <Choice label="Sort" value={order} options={ALBUM_ORDERS} onChange={setOrder} />
        )}
      </div>
      {played ? (
        <>
          <Status state={chart} empty={chart.data?.length === 0} />
          <PlayedGrid rows={chart.data ?? []} label="Albums" link="albums" />
        </>
      ) : (
        <>
          <Status state={firstPage(albums)} empty={!albums.loading && albums.items.length === 0} />
          <ul className="grid" aria-label="Albums">
            {albums.items.map((album) => <AlbumCard key={album.album_id} client={client} album={album} />)}
          </ul>
          <MoreBelow pages={albums} label="More albums" />
        </>
      )}
    </section>
  );
}

const ARTIST_ORDERS = { newest: "Recently added", name: "A–Z", played: "Most played (30 days)" };

export function AllArtists({ client }: { client: Client }) {
  const [order, setOrder] = useState<keyof typeof ARTIST_ORDERS>("newest");
  const [genre, setGenre] = useState("");
  const genres = useGenres(client);
  // A genre's artists come most popular first (the genre index's order).
  const played = order === "played" && !genre;
  const artists = usePages<Artist>((cursor) => {
    if (genre) return client.artistsOfGenre(genre, cursor);
    if (played) return none<Artist>();
    return order === "name" ? client.artistsByName(cursor) : client.artists(cursor, "newest");
  }, [client, order, genre, played]);
  const chart = useAsync(() => (played ? client.topArtistsChart(50) : Promise.resolve([])), [client, played]);
  const genreOptions = Object.fromEntries([["", "All genres"], ...genres.map((name) => [name, name])]);
  return (
    <section>
      <h1>Artists</h1>
      <div className="toolbar">
        <Choice label="Genre" value={genre} options={genreOptions} onChange={setGenre} />
        {genre ? (
          <Choice label="Sort" value="popular" options={{ popular: "Most popular" }} onChange={() => undefined} disabled />
        ) : (
          <Choice label="Sort" value={order} options={ARTIST_ORDERS} onChange={setOrder} />
        )}
      </div>
      {played ? (
        <>
          <Status state={chart} empty={chart.data?.length === 0} />
          <PlayedGrid rows={chart.data ?? []} label="Artists" link="artists" round />
        </>
      ) : (
        <>
          <Status state={firstPage(artists)} empty={!artists.loading && artists.items.length === 0} />
          <ul className="grid" aria-label="Artists">{artists.items.map(artistCard)}</ul>
          <MoreBelow pages={artists} label="More artists" />
        </>
      )}
    </section>
  );
}

export function ArtistPage({ client, artistId }: { client: Client; artistId: string }) {
  const artist = useAsync(() => client.artist(artistId), [client, artistId]);
  const albums = usePages((cursor) => client.discography(artistId, cursor), [client, artistId]);
  const player = usePlayer();
  const admin = useIsAdmin();
  const [starting, setStarting] = useState(false);
  // Plays the artist's newest album first, then the others.
  async function playAll() {
    setStarting(true);
    try {
      const lists = await Promise.all(albums.items.map((album) => client.tracklist(album.album_id).catch(() => ({ items: [] as Song[] }))));
      const songs = lists.flatMap((list) => list.items);
      if (songs.length > 0) player.playQueue(songs, 0, `artist:${artistId}`);
    } finally {
      setStarting(false);
    }
  }
  return (
    <section>
      <Status state={artist} />
      {artist.data && (
        <header className="hero">
          <img className="cover round" src={coverArt(artist.data.artist_id, artist.data.name)} alt="" width={160} height={160} />
          <div>
            <p className="muted">Artist</p>
            <h1>{artist.data.name}</h1>
            <p className="muted">
              {artist.data.genres.map((genre, i) => (
                <span key={genre}>{i > 0 && ", "}<a href={`#/genres/${encodeURIComponent(genre)}`}>{genre}</a></span>
              ))}
              {artist.data.country && ` · ${artist.data.country}`} · popularity {artist.data.popularity}
            </p>
            {artist.data.bio && <p>{artist.data.bio}</p>}
            <div className="actions">
              <button className="primary" onClick={() => void playAll()} disabled={starting || albums.items.length === 0}>
                Play {artist.data.name}
              </button>
              <LikeButton client={client} kind="artist" id={artist.data.artist_id} name={artist.data.name} />
            </div>
            {admin && <ArtistEdit key={artist.data.version ?? 0} client={client} artist={artist.data} onSaved={artist.reload} />}
          </div>
        </header>
      )}
      <h2>Discography</h2>
      <Status state={firstPage(albums)} empty={!albums.loading && albums.items.length === 0} />
      <ul className="grid" aria-label="Discography">
        {albums.items.map((album) => <AlbumCard key={album.album_id} client={client} album={album} showArtist={false} />)}
      </ul>
      <MoreBelow pages={albums} label="More albums" />
    </section>
  );
}

export function AlbumPage({ client, albumId }: { client: Client; albumId: string }) {
  const album = useAsync(() => client.album(albumId), [client, albumId]);
  const tracks = useAsync(() => client.tracklist(albumId), [client, albumId]);
  const artist = useArtist(client, album.data?.artist_id);
  const player = usePlayer();
  const admin = useIsAdmin();
  const songs = tracks.data?.items ?? [];
  return (
    <section>
      <Status state={album} />
      {album.data && (
        <header className="hero">
          <img className="cover" src={coverArt(album.data.album_id, album.data.title)} alt="" width={160} height={160} />
          <div>
            <p className="muted">Album</p>
            <h1>{album.data.title}</h1>
            <p className="muted">
              <a href={`#/artists/${encodeURIComponent(album.data.artist_id)}`}>{artist?.name ?? "…"}</a>
              {" · "}{album.data.release_date.slice(0, 4)}
              {album.data.label && ` · ${album.data.label}`} · {songs.length} {songs.length === 1 ? "song" : "songs"}
            </p>
            <div className="actions">
              <button className="primary" onClick={() => player.playQueue(songs, 0, `album:${albumId}`)} disabled={songs.length === 0}>
                Play album
              </button>
              <LikeButton client={client} kind="album" id={album.data.album_id} name={album.data.title} />
            </div>
            {admin && <AlbumEdit key={album.data.version ?? 0} client={client} album={album.data} onSaved={album.reload} />}
          </div>
        </header>
      )}
      <Status state={tracks} empty={songs.length === 0} />
      <SongList client={client} songs={songs} label="Tracklist" context={`album:${albumId}`} showAlbum={false} />
    </section>
  );
}

export function GenrePage({ client, genre }: { client: Client; genre: string }) {
  const songs = usePages((cursor) => client.songsOfGenre(genre, cursor), [client, genre]);
  const artists = useAsync(() => client.topArtists(genre), [client, genre]);
  return (
    <section>
      <h1>{genre}</h1>
      <h2>Top artists</h2>
      <Status state={artists} empty={artists.data?.items.length === 0} />
      <ul className="grid" aria-label="Top artists">{artists.data?.items.map(artistCard)}</ul>
      <h2>Songs</h2>
      <Status state={firstPage(songs)} empty={!songs.loading && songs.items.length === 0} />
      <SongList client={client} songs={songs.items} label={`${genre} songs`} context={`genre:${genre}`} />
      <MoreBelow pages={songs} label="More songs" />
    </section>
  );
}
