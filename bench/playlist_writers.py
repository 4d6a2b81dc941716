"""Concurrent playlist writers against a running musicctl API.

Usage: playlist_writers.py BASE_URL TOKEN ADDS [WRITERS] [PLAYLISTS]

Makes PLAYLISTS playlists (64 by default) for the token's user, then runs WRITERS threads
(64 by default), each on its own keep-alive connection, that between them send ADDS
requests, each adding a random song of the catalog to a random one of the playlists. A
fixed number of adds, not a fixed time, so that the server's memory after a run compares
between runs and builds. Prints one line of figures:

    requests/s p50_ms p99_ms acknowledged conflicts other_errors lost

`lost` counts acknowledged adds that the playlists do not hold at the end (read back
through the API): it must be 0. Conflicts (409) are refused changes, not lost ones.
"""

import http.client
import json
import random
import sys
import threading
import time
import urllib.parse


def connect(base):
    url = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=30)


def call(conn, method, path, token, body=None):
    headers = {"authorization": f"Bearer {token}"}
    data = None
    if body is not None:
        headers["content-type"] = "application/json"
        data = json.dumps(body)
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    return response.status, (json.loads(payload) if payload else None)


def main():
    base, token, adds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    writers = int(sys.argv[4]) if len(sys.argv) > 4 else 64
    count = int(sys.argv[5]) if len(sys.argv) > 5 else 64
    conn = connect(base)
    status, page = call(conn, "GET", "/songs?limit=100", token)
    assert status == 200, page
    songs = [song["song_id"] for song in page["items"]]
    playlists = []
    for n in range(count):
        status, created = call(conn, "POST", "/playlists", token, {"name": f"Writers {n}"})
        assert status == 201, created
        playlists.append(created["playlist_id"])
    acknowledged = {playlist: 0 for playlist in playlists}
    latencies, conflicts, errors = [], [0], [0]
    lock = threading.Lock()

    def writer(seed):
        rng = random.Random(seed)
        own = connect(base)
        mine_latencies, mine_acks, mine_conflicts, mine_errors = [], {}, 0, 0
        # The writers' shares of ADDS differ by at most one.
        for _ in range(adds // writers + (seed < adds % writers)):
            playlist = rng.choice(playlists)
            started = time.perf_counter()
            status, _ = call(own, "POST", f"/playlists/{playlist}/songs", token, {"song_id": rng.choice(songs)})
            mine_latencies.append(time.perf_counter() - started)
            if status == 200:
                mine_acks[playlist] = mine_acks.get(playlist, 0) + 1
            elif status == 409:
                mine_conflicts += 1
            else:
                mine_errors += 1
        with lock:
            latencies.extend(mine_latencies)
            for playlist, n in mine_acks.items():
                acknowledged[playlist] += n
            conflicts[0] += mine_conflicts
            errors[0] += mine_errors

    started = time.monotonic()
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    # A new connection: the server closes connections left idle while the writers ran.
    conn = connect(base)
    lost = 0
    for playlist in playlists:
        status, detail = call(conn, "GET", f"/playlists/{playlist}", token)
        assert status == 200, detail
        held = len(detail["entries"])
        assert held == detail["playlist"]["entry_count"], detail["playlist"]
        lost += max(0, acknowledged[playlist] - held)
        lost += max(0, held - acknowledged[playlist])
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    print(f"{len(latencies) / elapsed:.0f} {p50:.2f} {p99:.2f} {sum(acknowledged.values())} {conflicts[0]} {errors[0]} {lost}")


if __name__ == "__main__":
    main()
