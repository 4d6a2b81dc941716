// For a tenant's admins: its users, and forms that add an artist, an album and a song.

import { useState } from "react";
import type { Client } from "../api";
import { messageOf, Status, useAsync } from "./common";

function Form({ title, fields, submit }: { title: string; fields: string[]; submit: (values: Record<string, string>) => Promise<string> }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  return (
    <form aria-label={title} onSubmit={async (e) => {
      e.preventDefault();
      try {
        setMessage(await submit(values));
      } catch (caught) {
        setMessage(messageOf(caught));
      }
    }}>
      <h3>{title}</h3>
      {fields.map((field) => (
        <label key={field}>
          {field}
          <input name={field} value={values[field] ?? ""} onChange={(e) => setValues({ ...values, [field]: e.target.value })} required />
        </label>
      ))}
      <button type="submit">Add</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}

export function Admin({ client }: { client: Client }) {
  const users = useAsync(() => client.listUsers(), [client]);
  return (
    <section>
      <h1>Administration</h1>
      <div className="columns">
        <Form title="Add an artist" fields={["name", "genre"]} submit={async (v) => {
          const artist = await client.createArtist({ name: v.name, genres: [v.genre] });
          return `Added artist ${artist.name} (${artist.artist_id})`;
        }} />
        <Form title="Add an album" fields={["artist_id", "title", "release_date", "genre"]} submit={async (v) => {
          const album = await client.createAlbum({ artist_id: v.artist_id, title: v.title, release_date: v.release_date, genres: [v.genre], total_tracks: 1 });
          return `Added album ${album.title} (${album.album_id})`;
        }} />
        <Form title="Add a song" fields={["album_id", "title", "track_number", "genre"]} submit={async (v) => {
          const song = await client.createSong({ album_id: v.album_id, title: v.title, track_number: Number(v.track_number), duration_ms: 180000, genre: v.genre });
          return `Added song ${song.title} (${song.song_id})`;
        }} />
      </div>
      <h2>Users</h2>
      <Status state={users} empty={users.data?.items.length === 0} />
      <table>
        <thead><tr><th>Name</th><th>E-mail</th><th>Role</th><th>Plan</th></tr></thead>
        <tbody>
          {users.data?.items.map((user) => (
            <tr key={user.user_id}><td>{user.display_name}</td><td>{user.email}</td><td>{user.role}</td><td>{user.plan}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
