// The heart on every song row and on album and artist pages: pressed when liked.

import { useState } from "react";
import type { Client, LikeKind } from "../api";
import { useLiked } from "../likes";
import { messageOf } from "./common";

export function LikeButton({ client, kind, id, name }: { client: Client; kind: LikeKind; id: string; name: string }) {
  const [liked, toggle] = useLiked(client, kind, id);
  const [error, setError] = useState<string>();
  return (
    <>
      <button className={liked ? "like on" : "like"} aria-pressed={liked === true} aria-label={`Like ${name}`}
        title={liked ? "Remove from your likes" : "Add to your likes"} disabled={liked === undefined}
        onClick={() => {
          setError(undefined);
          toggle().catch((caught: unknown) => setError(messageOf(caught)));
        }}>
        {liked ? "♥" : "♡"}
      </button>
      {error && <span className="error" role="alert">{error}</span>}
    </>
  );
}
