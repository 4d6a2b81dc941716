// Form pieces for people: a labelled field with its unit or example as a hint and the
// error of its own field under it; the artist picker (search as you type, then choose);
// and the reading of a length typed as minutes and seconds.

import { useEffect, useId, useState } from "react";
import { ApiError, type Artist, type Client } from "../api";
import { messageOf } from "./common";

/** An error of a form: the message and, when the API named it, the field at fault. */
export interface FormError {
  field?: string;
  message: string;
}

export function formError(caught: unknown): FormError {
  return caught instanceof ApiError ? { field: caught.field, message: caught.message } : { message: messageOf(caught) };
}

export function Field({ label, hint, name, error, children }: {
  label: string;
  hint?: string;
  /** The API's name of the field, to attach its errors here. */
  name: string;
  error?: FormError;
  children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean; name: string }) => React.ReactNode;
}) {
  const id = useId();
  const mine = error?.field === name ? error.message : undefined;
  const described = [hint ? `${id}-hint` : "", mine ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-describedby": described, "aria-invalid": mine ? true : undefined, name })}
      {hint && <small id={`${id}-hint`} className="muted">{hint}</small>}
      {mine && <small id={`${id}-error`} className="error">{mine}</small>}
    </div>
  );
}

/** The error of a form that no field took. */
export function FormMessage({ error, fields }: { error?: FormError; fields: string[] }) {
  if (!error || (error.field && fields.includes(error.field))) return null;
  return <p className="error" role="alert">{error.message}</p>;
}

/** Milliseconds of a length typed as `m:ss` (or whole seconds); `undefined` when unreadable. */
export function parseLength(text: string): number | undefined {
  const match = text.trim().match(/^(?:(\d{1,3}):)?(\d{1,4})$/);
  if (!match) return undefined;
  const minutes = Number(match[1] ?? 0);
  const seconds = Number(match[2]);
  if (match[1] !== undefined && seconds >= 60) return undefined;
  const ms = (minutes * 60 + seconds) * 1000;
  return ms > 0 ? ms : undefined;
}

/** The length of an audio file as the browser reads it, in milliseconds. */
export function audioLength(file: Blob): Promise<number | undefined> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const audio = new Audio();
    const done = (ms?: number) => {
      URL.revokeObjectURL(url);
      resolve(ms);
    };
    audio.preload = "metadata";
    audio.onloadedmetadata = () => done(Number.isFinite(audio.duration) && audio.duration > 0 ? Math.round(audio.duration * 1000) : undefined);
    audio.onerror = () => done(undefined);
    audio.src = url;
  });
}

/** Searches artists by the start of their name and lets the admin choose one. */
export function ArtistPicker({ client, label, chosen, onChoose, error, name = "artist_id" }: {
  client: Client;
  label: string;
  chosen?: Artist;
  onChoose: (artist?: Artist) => void;
  error?: FormError;
  name?: string;
}) {
  const [text, setText] = useState("");
  const [found, setFound] = useState<Artist[]>([]);
  const listId = useId();
  useEffect(() => {
    const prefix = text.trim();
    if (!prefix) {
      setFound([]);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      client.searchArtists(prefix, 8).then((page) => live && setFound(page.items), () => live && setFound([]));
    }, 200);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [client, text]);
  if (chosen) {
    return (
      <div className="field">
        <span className="label">{label}</span>
        <span className="chosen">{chosen.name} <button type="button" className="link" onClick={() => onChoose(undefined)}>Change {label.toLowerCase()}</button></span>
      </div>
    );
  }
  return (
    <Field label={label} hint="Type the start of the name, then choose" name={name} error={error}>
      {(props) => (
        <>
          <input {...props} type="search" autoComplete="off" value={text} onChange={(e) => setText(e.target.value)}
            aria-controls={listId} />
          <ul id={listId} className="options" aria-label={`${label} found`}>
            {found.map((artist) => (
              <li key={artist.artist_id}>
                <button type="button" onClick={() => { onChoose(artist); setText(""); }}>Choose {artist.name}</button>
              </li>
            ))}
          </ul>
        </>
      )}
    </Field>
  );
}
