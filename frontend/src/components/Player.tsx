// The player: the queue of `queue.ts` played through one hidden <audio> element (a ticketed
// URL with HTTP Range, so seeking works) and a player bar: cover, title and artist,
// play/pause, seek, previous/next, shuffle, repeat, volume, and a queue panel to reorder
// (drag, or the arrow buttons) and remove. Space plays and pauses; media keys and the lock
// screen go through the Media Session. The queue and the position are kept per user, so a
// reload carries on where it was. Plays are recorded by the rule of `listening.ts`.

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { Client, Song } from "../api";
import { coverArt } from "../art";
import { PlayTracker } from "../listening";
import { useAlbum, useArtist } from "../names";
import * as Q from "../queue";
import { duration, messageOf } from "./common";
import { Icon } from "./icons";

interface PlayerApi {
  /** Plays `songs` from the one at `start`, replacing the queue. */
  playQueue: (songs: Song[], start: number, context?: string) => void;
  /** Puts a song right after the current one. */
  playNext: (song: Song) => void;
  /** Puts a song at the end of the queue. */
  addToQueue: (song: Song) => void;
  current?: Song;
}

const PlayerContext = createContext<PlayerApi>({ playQueue: () => {}, playNext: () => {}, addToQueue: () => {} });

export const usePlayer = () => useContext(PlayerContext);

const VOLUME_KEY = "musicctl.volume";

function savedVolume(): number {
  const volume = Number(localStorage.getItem(VOLUME_KEY) ?? "1");
  return Number.isFinite(volume) && volume >= 0 && volume <= 1 ? volume : 1;
}

/** Whether a key press belongs to a control (typing, pressing a button), not to the player. */
function inControl(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element || typeof element.closest !== "function") return false;
  return element.isContentEditable || element.closest("input, textarea, select, button, a, [role=slider]") !== null;
}

export function PlayerProvider({ client, storageKey, children }: { client: Client; storageKey: string; children: React.ReactNode }) {
  const restored = useMemo(() => Q.restore(localStorage.getItem(storageKey)), [storageKey]);
  const [queue, setQueue] = useState<Q.Queue>(restored?.queue ?? Q.EMPTY);
  // Raised at every start of a song (a repeat of the same one included): a new play.
  const [turn, setTurn] = useState(0);
  const [source, setSource] = useState<string>();
  const [error, setError] = useState<string>();
  const [playing, setPlaying] = useState(false);
  const [positionMs, setPositionMs] = useState(restored?.positionMs ?? 0);
  const [lengthMs, setLengthMs] = useState(0);
  const [volume, setVolume] = useState(savedVolume);
  const [showQueue, setShowQueue] = useState(false);
  const audio = useRef<HTMLAudioElement>(null);
  const tracker = useRef<PlayTracker | undefined>(undefined);
  // Whether the next source should start playing (a listener's choice), or wait (a reload).
  const autoplay = useRef(false);
  // Where to seek once the restored song's audio is loaded.
  const resumeAt = useRef(restored?.positionMs ?? 0);
  const lastSaved = useRef(0);
  const entry = Q.currentOf(queue);
  const current = entry?.song;
  const artist = useArtist(client, current?.artist_id);
  const album = useAlbum(client, current?.album_id || undefined);

  const save = useCallback(() => {
    const element = audio.current;
    const at = element ? Math.round(element.currentTime * 1000) : 0;
    try {
      if (queue.entries.length === 0) localStorage.removeItem(storageKey);
      else localStorage.setItem(storageKey, JSON.stringify({ queue, positionMs: at } satisfies Q.Saved));
    } catch {
      // A full or disabled storage only loses the resume point.
    }
  }, [queue, storageKey]);

  useEffect(save, [save]);
  useEffect(() => {
    window.addEventListener("pagehide", save);
    return () => window.removeEventListener("pagehide", save);
  }, [save]);

  // One tracker per play of an entry; leaving it (next, previous, another queue, closing
  // the app) records the play if enough of it was heard.
  const entryKey = entry?.key;
  useEffect(() => {
    if (!current) return;
    const song = current;
    const context = queue.context;
    const listening = new PlayTracker(song.duration_ms, (msPlayed) => {
      client.recordPlay(song.song_id, msPlayed, context).catch(() => undefined);
    });
    tracker.current = listening;
    const leave = () => listening.leave();
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      leave();
    };
    // A new tracker for a new entry or a new turn, not for every change of the queue.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, entryKey, turn]);

  const songId = current?.song_id;
  useEffect(() => {
    if (!songId) {
      setSource(undefined);
      return;
    }
    let live = true;
    setError(undefined);
    client.streamUrl(songId).then(
      (answer) => live && setSource(answer.url.startsWith("http") ? answer.url : `${client.baseUrl}${answer.url}`),
      (caught: unknown) => live && setError(messageOf(caught)),
    );
    return () => {
      live = false;
    };
  }, [client, songId, entryKey]);

  useEffect(() => {
    const element = audio.current;
    if (!source || !element) return;
    if (autoplay.current) element.play().catch(() => setError("Press play to start."));
  }, [source]);

  useEffect(() => {
    if (audio.current) audio.current.volume = volume;
    localStorage.setItem(VOLUME_KEY, String(volume));
  }, [volume]);

  const begin = useCallback((change: (queue: Q.Queue) => Q.Queue) => {
    autoplay.current = true;
    resumeAt.current = 0;
    setQueue(change);
    setTurn((n) => n + 1);
  }, []);

  const togglePlay = useCallback(() => {
    const element = audio.current;
    if (!element || !source) return;
    if (element.paused) {
      autoplay.current = true;
      element.play().catch(() => setError("Press play to start."));
    } else {
      element.pause();
    }
  }, [source]);

  const skip = useCallback((ended: boolean) => {
    const { queue: after, stopped } = Q.next(queue, ended);
    if (stopped) {
      audio.current?.pause();
      return;
    }
    if (after === queue) {
      // Repeat one: the same song again, as a new play.
      const element = audio.current;
      if (element) {
        element.currentTime = 0;
        void element.play().catch(() => undefined);
      }
      setTurn((n) => n + 1);
      return;
    }
    begin(() => after);
  }, [queue, begin]);

  const back = useCallback(() => {
    const element = audio.current;
    // As players do: Previous restarts the song once it has played a few seconds.
    if (element && element.currentTime > 3) {
      element.currentTime = 0;
      return;
    }
    begin((q) => Q.previous(q));
  }, [begin]);

  // Space plays and pauses, unless a control has the focus.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.code !== "Space" && event.key !== " ") return;
      if (event.altKey || event.ctrlKey || event.metaKey || inControl(event.target)) return;
      event.preventDefault();
      togglePlay();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [togglePlay]);

  // The Media Session: what the lock screen and the media keys show and do.
  const artistName = artist?.name;
  const albumTitle = album?.title;
  useEffect(() => {
    const session = typeof navigator !== "undefined" ? navigator.mediaSession : undefined;
    if (!session || typeof MediaMetadata === "undefined") return;
    if (!current) {
      session.metadata = null;
      return;
    }
    session.metadata = new MediaMetadata({
      title: current.title,
      artist: artistName ?? "",
      album: albumTitle ?? "",
      artwork: [{ src: coverArt(current.album_id || current.song_id, albumTitle ?? current.title), sizes: "512x512", type: "image/svg+xml" }],
    });
  }, [current, artistName, albumTitle]);
  useEffect(() => {
    const session = typeof navigator !== "undefined" ? navigator.mediaSession : undefined;
    if (!session) return;
    const handlers: [MediaSessionAction, MediaSessionActionHandler | null][] = [
      ["play", () => togglePlay()],
      ["pause", () => audio.current?.pause()],
      ["previoustrack", () => back()],
      ["nexttrack", () => skip(false)],
      ["seekto", (details) => {
        if (audio.current && details.seekTime !== undefined) audio.current.currentTime = details.seekTime;
      }],
    ];
    for (const [action, handler] of handlers) {
      try {
        session.setActionHandler(action, handler);
      } catch {
        // An action this browser does not know.
      }
    }
    return () => {
      for (const [action] of handlers) {
        try {
          session.setActionHandler(action, null);
        } catch {
          // As above.
        }
      }
    };
  }, [togglePlay, back, skip]);

  const api = useMemo<PlayerApi>(
    () => ({
      current,
      playQueue: (songs, start, context) => begin((q) => Q.start(q, songs, start, context)),
      playNext: (song) => {
        if (queue.entries.length === 0) begin((q) => Q.playNext(q, song));
        else setQueue((q) => Q.playNext(q, song));
      },
      addToQueue: (song) => {
        if (queue.entries.length === 0) begin((q) => Q.addToQueue(q, song));
        else setQueue((q) => Q.addToQueue(q, song));
      },
    }),
    [current, begin, queue.entries.length],
  );

  const length = lengthMs || current?.duration_ms || 0;
  return (
    <PlayerContext.Provider value={api}>
      {children}
      <footer className="player" aria-label="Player">
        <audio
          ref={audio}
          src={source}
          preload="auto"
          onLoadedMetadata={() => {
            const element = audio.current;
            if (!element) return;
            element.volume = volume;
            setLengthMs(Number.isFinite(element.duration) ? element.duration * 1000 : 0);
            if (resumeAt.current > 0 && resumeAt.current < element.duration * 1000) element.currentTime = resumeAt.current / 1000;
            resumeAt.current = 0;
          }}
          onTimeUpdate={() => {
            const element = audio.current;
            if (!element) return;
            setPositionMs(element.currentTime * 1000);
            if (!element.paused) tracker.current?.progress(element.currentTime * 1000);
            if (Date.now() - lastSaved.current > 5_000) {
              lastSaved.current = Date.now();
              save();
            }
          }}
          onPlay={() => setPlaying(true)}
          onPause={() => {
            setPlaying(false);
            tracker.current?.pause();
          }}
          onSeeking={() => tracker.current?.pause()}
          onEnded={() => {
            tracker.current?.end();
            skip(true);
          }}
        />
        <div className="now">
          {current && <img className="cover" src={coverArt(current.album_id || current.song_id, albumTitle ?? current.title)} alt="" width={48} height={48} />}
          <div className="now-text">
            <span className="now-title" data-testid="now-playing">{current ? current.title : "Nothing playing"}</span>
            {current && (
              <a className="muted" href={`#/artists/${encodeURIComponent(current.artist_id)}`} data-testid="now-artist">
                {artistName ?? "Artist"}
              </a>
            )}
          </div>
        </div>
        <div className="transport">
          <div className="buttons">
            <button className={queue.shuffle ? "toggle on" : "toggle"} onClick={() => setQueue((q) => Q.toggleShuffle(q))}
              aria-pressed={queue.shuffle} aria-label="Shuffle" title="Shuffle"><Icon name="shuffle" /></button>
            <button onClick={back} disabled={!current} aria-label="Previous" title="Previous"><Icon name="previous" /></button>
            <button className="play-pause" onClick={togglePlay} disabled={!source} aria-label={playing ? "Pause" : "Play"} title="Play or pause (Space)">
              <Icon name={playing ? "pause" : "play"} size={24} />
            </button>
            <button onClick={() => skip(false)} disabled={!current || (queue.index >= queue.entries.length - 1 && queue.repeat !== "all")}
              aria-label="Next" title="Next"><Icon name="next" /></button>
            <button className={queue.repeat !== "off" ? "toggle on" : "toggle"} onClick={() => setQueue((q) => Q.cycleRepeat(q))}
              aria-label={`Repeat: ${queue.repeat}`} title={`Repeat: ${queue.repeat}`} data-repeat={queue.repeat}>
              <Icon name={queue.repeat === "one" ? "repeatOne" : "repeat"} />
            </button>
          </div>
          <div className="seek">
            <span className="muted time">{duration(positionMs)}</span>
            <input type="range" aria-label="Position" min={0} max={Math.max(Math.round(length / 1000), 1)} step={1}
              value={Math.min(Math.round(positionMs / 1000), Math.round(length / 1000))} disabled={!source}
              aria-valuetext={`${duration(positionMs)} of ${duration(length)}`}
              onChange={(e) => {
                if (audio.current) audio.current.currentTime = Number(e.target.value);
                setPositionMs(Number(e.target.value) * 1000);
              }} />
            <span className="muted time">{duration(length)}</span>
          </div>
        </div>
        <div className="extras">
          <label className="volume">
            <span className="visually-hidden">Volume</span>
            <input type="range" min={0} max={1} step={0.05} value={volume} onChange={(e) => setVolume(Number(e.target.value))} />
          </label>
          <button onClick={() => setShowQueue((shown) => !shown)} aria-expanded={showQueue} aria-controls="queue-panel">
            Queue{queue.entries.length > 0 ? ` (${queue.index + 1}/${queue.entries.length})` : ""}
          </button>
        </div>
        {error && <span className="error" role="alert">{error}</span>}
        {showQueue && <QueuePanel client={client} queue={queue} onClose={() => setShowQueue(false)} onJump={(i) => begin((q) => Q.jump(q, i))}
          onMove={(from, to) => setQueue((q) => Q.move(q, from, to))} onRemove={(i) => {
            if (i === queue.index) begin((q) => Q.remove(q, i));
            else setQueue((q) => Q.remove(q, i));
          }} />}
      </footer>
    </PlayerContext.Provider>
  );
}

function QueuePanel({ client, queue, onClose, onJump, onMove, onRemove }: {
  client: Client;
  queue: Q.Queue;
  onClose: () => void;
  onJump: (index: number) => void;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
}) {
  const [dragged, setDragged] = useState<number>();
  return (
    <section id="queue-panel" className="queue-panel" aria-label="Queue">
      <div className="panel-head">
        <h2>Queue</h2>
        <button type="button" onClick={onClose} aria-label="Close the queue">✕</button>
      </div>
      {queue.entries.length === 0 && <p className="muted">The queue is empty: play a song, or add one from its menu.</p>}
      <ol aria-label="Queue songs">
        {queue.entries.map((entry, i) => (
          <li key={entry.key} draggable aria-current={i === queue.index ? "true" : undefined}
            className={dragged === i ? "dragging" : undefined}
            onDragStart={(e) => {
              setDragged(i);
              e.dataTransfer.effectAllowed = "move";
              e.dataTransfer.setData("text/plain", String(i));
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              const from = Number(e.dataTransfer.getData("text/plain"));
              if (Number.isInteger(from)) onMove(from, i);
              setDragged(undefined);
            }}
            onDragEnd={() => setDragged(undefined)}>
            <span className="handle" aria-hidden="true">⠿</span>
            <span className="queue-text">
              <button className="link" onClick={() => onJump(i)} aria-label={`Play ${entry.song.title} now`}>{entry.song.title}</button>
              <QueueArtist client={client} id={entry.song.artist_id} />
            </span>
            <span className="muted">{duration(entry.song.duration_ms)}</span>
            <button onClick={() => onMove(i, i - 1)} disabled={i === 0} aria-label={`Move ${entry.song.title} up in the queue`}>↑</button>
            <button onClick={() => onMove(i, i + 1)} disabled={i === queue.entries.length - 1} aria-label={`Move ${entry.song.title} down in the queue`}>↓</button>
            <button onClick={() => onRemove(i)} aria-label={`Remove ${entry.song.title} from the queue`}>✕</button>
          </li>
        ))}
      </ol>
    </section>
  );
}

function QueueArtist({ client, id }: { client: Client; id: string }) {
  const artist = useArtist(client, id);
  return <span className="muted">{artist?.name ?? ""}</span>;
}
