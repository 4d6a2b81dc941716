// Playlists: mine, one with its songs (rename, public, share link, drag-and-drop reorder,
// remove, delete; a copy of someone else's), and the control that adds a song to one of mine.

import { useState } from "react";
import type { Client, PlaylistDetail, Song } from "../api";
import { messageOf, Status, useAsync } from "./common";
import { usePlayer } from "./Player";
import { SongRow } from "./SongRow";

const songCount = (count: number) => `${count} ${count === 1 ? "song" : "songs"}`;

export function MyPlaylists({ client }: { client: Client }) {
  const list = useAsync(() => client.myPlaylists(), [client]);
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();
  async function create(event: React.FormEvent) {
    event.preventDefault();
    try {
      const playlist = await client.createPlaylist(name);
      setName("");
      window.location.hash = `#/playlists/${playlist.playlist_id}`;
    } catch (caught) {
      setError(messageOf(caught));
    }
  }
  return (
    <section>
      <h1>My playlists</h1>
      <form onSubmit={create} aria-label="New playlist">
        <label>
          Name
          <input name="playlist-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <button type="submit">Create playlist</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      <Status state={list} empty={list.data?.items.length === 0} />
      <ul aria-label="My playlists">
        {list.data?.items.map((playlist) => (
          <li key={playlist.playlist_id}>
            <a href={`#/playlists/${playlist.playlist_id}`}>{playlist.name}</a>{" "}
            <span className="muted">{songCount(playlist.entry_count)}{playlist.public ? " · public" : ""}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PlaylistPage({ client, playlistId, share, userId }: { client: Client; playlistId: string; share?: string; userId: string }) {
  const detail = useAsync(() => client.playlist(playlistId, share), [client, playlistId, share]);
  const [current, setCurrent] = useState<PlaylistDetail>();
  const [error, setError] = useState<string>();
  const [link, setLink] = useState<string>();
  const [copied, setCopied] = useState(false);
  const [dragged, setDragged] = useState<number>();
  const [over, setOver] = useState<number>();
  const [saved, setSaved] = useState<string>();
  const player = usePlayer();
  const shown = current ?? detail.data;

  async function act(action: () => Promise<PlaylistDetail | void>) {
    setError(undefined);
    try {
      const result = await action();
      if (result) {
        setCurrent(result);
      } else {
        // The answer is not the whole playlist: read it again, and show that, not an older copy.
        setCurrent(undefined);
        detail.reload();
      }
    } catch (caught) {
      setError(messageOf(caught));
    }
  }

  if (!shown) return <Status state={detail} />;
  const { playlist, entries } = shown;
  // Others see a shared or public playlist read-only: only the owner renames, shares or
  // deletes it, and only the owner and collaborators change its songs.
  const owner = playlist.owner_id === userId;
  const editor = owner || (playlist.collaborators ?? []).includes(userId);
  const songs: Song[] = entries.map((entry) => ({ ...entry, album_id: "", genre: "" }));
  const move = (from: number, to: number) => {
    const order = entries.map((entry) => entry.position);
    const [moved] = order.splice(from, 1);
    order.splice(to, 0, moved);
    return act(() => client.reorderPlaylist(playlistId, order));
  };
  return (
    <section>
      <h1>{playlist.name}</h1>
      <p className="muted">{songCount(entries.length)} · {playlist.public ? "public" : "private"}</p>
      <div className="actions">
        <button onClick={() => player.playQueue(songs, 0, `playlist:${playlistId}`)} disabled={entries.length === 0}>Play all</button>
        {owner && <>
        <button onClick={() => { const name = window.prompt("New name", playlist.name); if (name) void act(async () => { await client.updatePlaylist(playlistId, { name }); }); }}>Rename</button>
        <button onClick={() => act(async () => { await client.updatePlaylist(playlistId, { public: !playlist.public }); })}>
          {playlist.public ? "Make private" : "Make public"}
        </button>
        <button onClick={async () => {
          try {
            const shared = await client.sharePlaylist(playlistId);
            setLink(`${window.location.origin}${window.location.pathname}#/playlists/${playlistId}?share=${shared.share_token}`);
          } catch (caught) {
            setError(messageOf(caught));
          }
        }}>Share link</button>
        <button className="danger" onClick={() => {
          if (window.confirm(`Delete ${playlist.name}?`)) {
            void client.deletePlaylist(playlistId).then(() => { window.location.hash = "#/playlists"; }, (caught: unknown) => setError(messageOf(caught)));
          }
        }}>Delete</button>
        </>}
        {!owner && (
          <button onClick={async () => {
            // Saving someone else's playlist makes a copy of mine, with the same songs.
            setError(undefined);
            try {
              const copy = await client.createPlaylist(playlist.name);
              for (const entry of entries) await client.addToPlaylist(copy.playlist_id, entry.song_id);
              setSaved(copy.playlist_id);
            } catch (caught) {
              setError(messageOf(caught));
            }
          }} disabled={saved !== undefined}>Save a copy to my playlists</button>
        )}
      </div>
      {saved && <p role="status">Saved: <a href={`#/playlists/${saved}`}>your copy of {playlist.name}</a>.</p>}
      {link && (
        <p>
          Share: <input readOnly value={link} aria-label="Share link" onFocus={(e) => e.target.select()} />{" "}
          <button
            onClick={() =>
              navigator.clipboard.writeText(link).then(() => setCopied(true), () => setCopied(false))
            }
          >
            Copy link
          </button>
          {copied && <span role="status"> Copied.</span>}
        </p>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <ol className="songs" aria-label="Playlist songs">
        {entries.map((entry, i) => (
          <SongRow key={`${entry.position}-${entry.song_id}`} client={client} song={songs[i]}
            onPlay={() => player.playQueue(songs, i, `playlist:${playlistId}`)}
            rowProps={editor ? {
              draggable: true,
              className: dragged === i ? "dragging" : over === i ? "drop-here" : undefined,
              onDragStart: (e) => {
                setDragged(i);
                e.dataTransfer.effectAllowed = "move";
                e.dataTransfer.setData("text/plain", String(i));
              },
              onDragOver: (e) => {
                e.preventDefault();
                setOver(i);
              },
              onDragLeave: () => setOver((at) => (at === i ? undefined : at)),
              onDrop: (e) => {
                e.preventDefault();
                const from = Number(e.dataTransfer.getData("text/plain"));
                setDragged(undefined);
                setOver(undefined);
                if (Number.isInteger(from) && from !== i) void move(from, i);
              },
              onDragEnd: () => {
                setDragged(undefined);
                setOver(undefined);
              },
            } : undefined}
            actions={editor && <span className="row-actions">
              <span className="handle" aria-hidden="true" title="Drag to reorder">⠿</span>
              <button onClick={() => move(i, i - 1)} disabled={i === 0} aria-label={`Move ${entry.title} up`}>↑</button>
              <button onClick={() => move(i, i + 1)} disabled={i === entries.length - 1} aria-label={`Move ${entry.title} down`}>↓</button>
              <button onClick={() => act(() => client.removeFromPlaylist(playlistId, entry.position))} aria-label={`Remove ${entry.title}`}>✕</button>
            </span>} />
        ))}
      </ol>
    </section>
  );
}

export function AddToPlaylist({ client, songId }: { client: Client; songId: string }) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string>();
  const list = useAsync(() => (open ? client.myPlaylists() : Promise.resolve({ items: [] })), [client, open]);
  if (!open) {
    return <button onClick={() => setOpen(true)} aria-label="Add to playlist">+ Playlist</button>;
  }
  return (
    <span className="add-to">
      <select aria-label="Choose a playlist" defaultValue="" onChange={async (e) => {
        const id = e.target.value;
        if (!id) return;
        try {
          await client.addToPlaylist(id, songId);
          setMessage("Added");
        } catch (caught) {
          setMessage(messageOf(caught));
        }
      }}>
        <option value="">{list.loading ? "Loading…" : "Add to…"}</option>
        {list.data?.items.map((playlist) => (
          <option key={playlist.playlist_id} value={playlist.playlist_id}>{playlist.name}</option>
        ))}
      </select>
      {message && <span role="status">{message}</span>}
    </span>
  );
}
