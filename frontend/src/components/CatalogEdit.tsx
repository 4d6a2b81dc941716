// For admins, on an artist's, an album's or a song's own page: change its fields in place
// (errors attached to their field) or delete it, after a confirmation.

import { useState } from "react";
import { ApiError, type Album, type Artist, type Client, type Song } from "../api";
import { forget } from "../names";
import { duration } from "./common";
import { Field, FormMessage, formError, parseLength, type FormError } from "./fields";

function Editor({ what, fields, save, remove, afterDelete, children }: {
  what: string;
  fields: string[];
  save: () => Promise<void>;
  remove: () => Promise<void>;
  afterDelete: string;
  children: (error?: FormError) => React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<FormError>();
  const [saved, setSaved] = useState(false);
  if (!open) {
    return (
      <div className="actions admin-actions">
        <button type="button" onClick={() => { setOpen(true); setSaved(false); }}>Edit {what}</button>
        <button type="button" className="danger" onClick={async () => {
          if (!window.confirm(`Delete this ${what}? This cannot be undone.`)) return;
          try {
            await remove();
            window.location.hash = afterDelete;
          } catch (caught) {
            setError(formError(caught));
          }
        }}>Delete {what}</button>
        {saved && <span role="status">Saved.</span>}
        <FormMessage error={error} fields={[]} />
      </div>
    );
  }
  return (
    <form className="editor" aria-label={`Edit ${what}`} onSubmit={async (e) => {
      e.preventDefault();
      setError(undefined);
      try {
        await save();
        setOpen(false);
        setSaved(true);
      } catch (caught) {
        setError(formError(caught));
      }
    }}>
      {children(error)}
      <div className="actions">
        <button type="submit" className="primary">Save</button>
        <button type="button" onClick={() => setOpen(false)}>Cancel</button>
      </div>
      <FormMessage error={error} fields={fields} />
    </form>
  );
}

export function ArtistEdit({ client, artist, onSaved }: { client: Client; artist: Artist; onSaved: () => void }) {
  const [name, setName] = useState(artist.name);
  const [genres, setGenres] = useState(artist.genres.join(", "));
  const [popularity, setPopularity] = useState(String(artist.popularity));
  return (
    <Editor what="artist" fields={["name", "genres", "popularity"]} afterDelete="#/artists"
      remove={() => client.deleteArtist(artist.artist_id)}
      save={async () => {
        await client.updateArtist(artist.artist_id, {
          name, genres: genres.split(",").map((g) => g.trim()).filter(Boolean), popularity: Number(popularity),
        });
        forget(client, artist.artist_id);
        onSaved();
      }}>
      {(error) => <>
        <Field label="Name" name="name" error={error}>{(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required />}</Field>
        <Field label="Genres" hint="Separated by commas, the main one first" name="genres" error={error}>{(p) => <input {...p} value={genres} onChange={(e) => setGenres(e.target.value)} required />}</Field>
        <Field label="Popularity" hint="0 to 100" name="popularity" error={error}>{(p) => <input {...p} type="number" min={0} max={100} value={popularity} onChange={(e) => setPopularity(e.target.value)} />}</Field>
      </>}
    </Editor>
  );
}

export function AlbumEdit({ client, album, onSaved }: { client: Client; album: Album; onSaved: () => void }) {
  const [title, setTitle] = useState(album.title);
  const [released, setReleased] = useState(album.release_date);
  const [label, setLabel] = useState(album.label ?? "");
  return (
    <Editor what="album" fields={["title", "release_date", "label"]} afterDelete={`#/artists/${encodeURIComponent(album.artist_id)}`}
      remove={() => client.deleteAlbum(album.album_id)}
      save={async () => {
        await client.updateAlbum(album.album_id, { title, release_date: released, ...(label ? { label } : {}) });
        forget(client, album.album_id);
        onSaved();
      }}>
      {(error) => <>
        <Field label="Title" name="title" error={error}>{(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} required />}</Field>
        <Field label="Release date" name="release_date" error={error}>{(p) => <input {...p} type="date" value={released} onChange={(e) => setReleased(e.target.value)} required />}</Field>
        <Field label="Label" name="label" error={error}>{(p) => <input {...p} value={label} onChange={(e) => setLabel(e.target.value)} />}</Field>
      </>}
    </Editor>
  );
}

export function SongEdit({ client, song, onSaved }: { client: Client; song: Song; onSaved: () => void }) {
  const [title, setTitle] = useState(song.title);
  const [track, setTrack] = useState(String(song.track_number ?? 1));
  const [length, setLength] = useState(duration(song.duration_ms));
  const [genre, setGenre] = useState(song.genre);
  return (
    <Editor what="song" fields={["title", "track_number", "duration_ms", "genre"]} afterDelete={`#/albums/${encodeURIComponent(song.album_id)}`}
      remove={() => client.deleteSong(song.song_id)}
      save={async () => {
        const ms = parseLength(length);
        if (ms === undefined) throw new ApiError(422, "validation_failed", "Give the length as minutes and seconds, e.g. 3:25.", "duration_ms");
        await client.updateSong(song.song_id, { title, track_number: Number(track), duration_ms: ms, genre });
        onSaved();
      }}>
      {(error) => <>
        <Field label="Title" name="title" error={error}>{(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} required />}</Field>
        <Field label="Track number" name="track_number" error={error}>{(p) => <input {...p} type="number" min={1} value={track} onChange={(e) => setTrack(e.target.value)} required />}</Field>
        <Field label="Length" hint="Minutes and seconds, e.g. 3:25" name="duration_ms" error={error}>{(p) => <input {...p} value={length} onChange={(e) => setLength(e.target.value)} required />}</Field>
        <Field label="Genre" name="genre" error={error}>{(p) => <input {...p} value={genre} onChange={(e) => setGenre(e.target.value)} required />}</Field>
      </>}
    </Editor>
  );
}
