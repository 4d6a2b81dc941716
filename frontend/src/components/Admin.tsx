// For a tenant's admins: forms that add an artist, an album and a song with pickers
// (never raw ids), labelled fields with units and errors attached to their field; and the
// tenant's users, found by the start of their e-mail, with their role changed in place.

import { useContext, useState } from "react";
import type { Album, Artist, Client, Song, User } from "../api";
import { AccountContext } from "./account";
import { Status, messageOf, useAsync, useDebounced } from "./common";
import { duration } from "./common";
import { ArtistPicker, Field, FormMessage, audioLength, formError, parseLength, type FormError } from "./fields";
import { usePlayer } from "./Player";
import { firstPage, MoreBelow, usePages } from "./paging";

const genresOf = (text: string) => text.split(",").map((genre) => genre.trim()).filter(Boolean);

function Done({ href, text }: { href?: string; text?: string }) {
  if (!text) return null;
  return <p role="status">{text} {href && <a href={href}>Open it</a>}</p>;
}

function AddArtist({ client }: { client: Client }) {
  const [name, setName] = useState("");
  const [genres, setGenres] = useState("");
  const [country, setCountry] = useState("");
  const [error, setError] = useState<FormError>();
  const [done, setDone] = useState<Artist>();
  return (
    <form aria-label="Add an artist" onSubmit={async (e) => {
      e.preventDefault();
      setError(undefined);
      try {
        setDone(await client.createArtist({ name, genres: genresOf(genres), country: country || undefined }));
        setName("");
      } catch (caught) {
        setError(formError(caught));
      }
    }}>
      <h2>Add an artist</h2>
      <Field label="Name" name="name" error={error}>{(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />}</Field>
      <Field label="Genres" hint="Separated by commas, the main one first, e.g. indie, folk" name="genres" error={error}>
        {(p) => <input {...p} value={genres} onChange={(e) => setGenres(e.target.value)} required />}
      </Field>
      <Field label="Country" hint="Two letters, e.g. IE (optional)" name="country" error={error}>
        {(p) => <input {...p} value={country} onChange={(e) => setCountry(e.target.value)} maxLength={2} />}
      </Field>
      <button type="submit">Add the artist</button>
      <FormMessage error={error} fields={["name", "genres", "country"]} />
      <Done text={done && `Added ${done.name}.`} href={done && `#/artists/${done.artist_id}`} />
    </form>
  );
}

function AddAlbum({ client }: { client: Client }) {
  const [artist, setArtist] = useState<Artist>();
  const [title, setTitle] = useState("");
  const [released, setReleased] = useState("");
  const [genres, setGenres] = useState("");
  const [tracks, setTracks] = useState("1");
  const [error, setError] = useState<FormError>();
  const [done, setDone] = useState<Album>();
  return (
    <form aria-label="Add an album" onSubmit={async (e) => {
      e.preventDefault();
      setError(undefined);
      if (!artist) return setError({ field: "artist_id", message: "Choose the album's artist." });
      try {
        setDone(await client.createAlbum({
          artist_id: artist.artist_id, title, release_date: released,
          genres: genresOf(genres).length ? genresOf(genres) : artist.genres.slice(0, 1), total_tracks: Number(tracks),
        }));
        setTitle("");
      } catch (caught) {
        setError(formError(caught));
      }
    }}>
      <h2>Add an album</h2>
      <ArtistPicker client={client} label="Artist" chosen={artist} onChoose={setArtist} error={error} />
      <Field label="Title" name="title" error={error}>{(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />}</Field>
      <Field label="Release date" name="release_date" error={error}>{(p) => <input {...p} type="date" value={released} onChange={(e) => setReleased(e.target.value)} required />}</Field>
      <Field label="Genres" hint="Separated by commas; the artist's main genre when empty" name="genres" error={error}>
        {(p) => <input {...p} value={genres} onChange={(e) => setGenres(e.target.value)} />}
      </Field>
      <Field label="Number of tracks" name="total_tracks" error={error}>{(p) => <input {...p} type="number" min={1} max={200} value={tracks} onChange={(e) => setTracks(e.target.value)} required />}</Field>
      <button type="submit">Add the album</button>
      <FormMessage error={error} fields={["artist_id", "title", "release_date", "genres", "total_tracks"]} />
      <Done text={done && `Added ${done.title}.`} href={done && `#/albums/${done.album_id}`} />
    </form>
  );
}

function AddSong({ client }: { client: Client }) {
  const [artist, setArtist] = useState<Artist>();
  const albums = useAsync(() => (artist ? client.discography(artist.artist_id) : Promise.resolve({ items: [] as Album[] })), [client, artist]);
  const [albumId, setAlbumId] = useState("");
  const [title, setTitle] = useState("");
  const [track, setTrack] = useState("1");
  const [length, setLength] = useState("");
  const [genre, setGenre] = useState("");
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<FormError>();
  const [done, setDone] = useState<Song>();
  const [busy, setBusy] = useState(false);
  const player = usePlayer();
  const album = albums.data?.items.find((item) => item.album_id === albumId);
  return (
    <form aria-label="Add a song" onSubmit={async (e) => {
      e.preventDefault();
      setError(undefined);
      if (!album) return setError({ field: "album_id", message: "Choose the song's album." });
      const duration = parseLength(length);
      if (duration === undefined) return setError({ field: "duration_ms", message: "Give the length as minutes and seconds, e.g. 3:25." });
      setBusy(true);
      try {
        const song = await client.createSong({
          album_id: album.album_id, title, track_number: Number(track), duration_ms: duration, genre: genre || (album.genres?.[0] ?? ""),
        });
        setDone(song);
        setTitle("");
        setTrack(String(Number(track) + 1));
        // The song exists first; its audio follows, and a refused file says why under its field.
        if (file) {
          try {
            setDone(await client.uploadAudio(song.song_id, file));
            setFile(undefined);
          } catch (caught) {
            setError({ field: "audio", message: `The song was added without its audio: ${formError(caught).message}` });
          }
        }
      } catch (caught) {
        setError(formError(caught));
      } finally {
        setBusy(false);
      }
    }}>
      <h2>Add a song</h2>
      <ArtistPicker client={client} label="Artist" chosen={artist} onChoose={(chosen) => { setArtist(chosen); setAlbumId(""); }} error={error} name="artist" />
      <Field label="Album" name="album_id" error={error}>
        {(p) => (
          <select {...p} value={albumId} onChange={(e) => setAlbumId(e.target.value)} disabled={!artist} required>
            <option value="">{artist ? (albums.loading ? "Loading…" : "Choose an album") : "Choose the artist first"}</option>
            {albums.data?.items.map((item) => <option key={item.album_id} value={item.album_id}>{item.title} ({item.release_date.slice(0, 4)})</option>)}
          </select>
        )}
      </Field>
      <Field label="Title" name="title" error={error}>{(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />}</Field>
      <Field label="Track number" name="track_number" error={error}>{(p) => <input {...p} type="number" min={1} max={999} value={track} onChange={(e) => setTrack(e.target.value)} required />}</Field>
      <Field label="Audio file" hint="WAV, MP3, Ogg, FLAC or M4A, at most 4 MB; its length fills the field below" name="audio" error={error}>
        {(p) => <input {...p} type="file" accept="audio/*" onChange={async (e) => {
          const chosen = e.target.files?.[0];
          setFile(chosen);
          if (chosen) {
            const ms = await audioLength(chosen);
            if (ms !== undefined) setLength(duration(ms));
          }
        }} />}
      </Field>
      <Field label="Length" hint="Minutes and seconds, e.g. 3:25" name="duration_ms" error={error}>
        {(p) => <input {...p} value={length} onChange={(e) => setLength(e.target.value)} required inputMode="numeric" />}
      </Field>
      <Field label="Genre" hint="The album's genre when empty" name="genre" error={error}>{(p) => <input {...p} value={genre} onChange={(e) => setGenre(e.target.value)} />}</Field>
      <button type="submit" disabled={busy}>{busy ? "Adding…" : "Add the song"}</button>
      <FormMessage error={error} fields={["artist", "album_id", "title", "track_number", "audio", "duration_ms", "genre"]} />
      {done && (
        <p role="status">
          Added {done.title}. <a href={`#/albums/${encodeURIComponent(done.album_id)}`}>Open its album</a>{" "}
          {done.audio_key && <button type="button" onClick={() => player.playQueue([done], 0, "admin")}>Play {done.title}</button>}
        </p>
      )}
    </form>
  );
}

function UserRow({ client, user, self }: { client: Client; user: User; self: boolean }) {
  const [role, setRole] = useState(user.role);
  const [message, setMessage] = useState<string>();
  return (
    <tr>
      <td>{user.display_name}</td>
      <td>{user.email}</td>
      <td>
        <select aria-label={`Role of ${user.display_name}`} value={role} disabled={self} onChange={async (e) => {
          const wanted = e.target.value as User["role"];
          setMessage(undefined);
          try {
            setRole((await client.setRole(user.user_id, wanted)).role);
            setMessage("Saved");
          } catch (caught) {
            setMessage(messageOf(caught));
          }
        }}>
          <option value="listener">listener</option>
          <option value="admin">admin</option>
        </select>
        {message && <span role="status" className="muted"> {message}</span>}
      </td>
      <td>{user.plan}</td>
    </tr>
  );
}

export function Admin({ client }: { client: Client }) {
  const account = useContext(AccountContext);
  const [filter, setFilter] = useState("");
  const wanted = useDebounced(filter.trim().toLowerCase(), 250);
  // Every user of the tenant, or those whose e-mail begins with what is typed (the API's search).
  const users = usePages((cursor) => (wanted ? client.searchUsers(wanted, cursor) : client.listUsers(cursor)), [client, wanted]);
  const shown = users.items;
  return (
    <section>
      <h1>Administration</h1>
      <p className="muted">To change or delete an artist, an album or a song, open its page.</p>
      <div className="columns admin-forms">
        <AddArtist client={client} />
        <AddAlbum client={client} />
        <AddSong client={client} />
      </div>
      <h2>Users</h2>
      <label className="inline">Find a user by e-mail <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} /></label>
      <Status state={firstPage(users)} empty={!users.loading && shown.length === 0} />
      <div className="table-scroll">
        <table>
          <thead><tr><th>Name</th><th>E-mail</th><th>Role</th><th>Plan</th></tr></thead>
          <tbody>
            {shown.map((user) => <UserRow key={user.user_id} client={client} user={user} self={user.user_id === account?.user.user_id} />)}
          </tbody>
        </table>
      </div>
      <MoreBelow pages={users} label="More users" />
    </section>
  );
}
