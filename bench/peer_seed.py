"""The peer of `musicctl seed` for the seed benchmark: the same tables and item shapes,
written the usual Python way (Faker for the data, boto3's batch_writer for the writes).

Usage: peer_seed.py ENDPOINT_URL TABLE_PREFIX TENANTS ROWS
Prints one JSON line: items written, seconds, items per second.
"""

import json
import random
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

import boto3
from faker import Faker

endpoint, prefix, tenants, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
fake = Faker()
Faker.seed(2026)
random.seed(2026)
dynamodb = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1")
per_tenant = -(-rows // tenants)
now = datetime.now(timezone.utc)


def stamp(at):
    return at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id(kind):
    return f"{kind}_{uuid.UUID(int=random.getrandbits(128)).hex}"


def generate(tenant):
    users, artists, albums, songs, playlists, plays = [], [], [], [], [], []
    for n in range(per_tenant):
        user_id = new_id("usr")
        email = f"{fake.user_name()}.{n}@{tenant}.example"
        plan = random.choice(["free", "free", "premium", "family", "student"])
        users.append({"tenant_id": tenant, "user_id": user_id, "email": email, "display_name": fake.name(),
                      "role": "listener", "plan": plan, "country": fake.country_code(),
                      "created_at": stamp(now - timedelta(days=random.randint(1, 700))),
                      "tenant_plan": f"{tenant}#{plan}", "password_hash": "$argon2id$v=19$peer"})
        users.append({"tenant_id": tenant, "user_id": f"email#{email}", "owner_user_id": user_id})
    for _ in range(per_tenant):
        name = fake.name()
        popularity = random.randint(0, 100)
        genre = random.choice(["indie", "rock", "pop", "jazz", "folk"])
        artists.append({"tenant_id": tenant, "artist_id": new_id("art"), "name": name, "name_key": name.lower(),
                        "genres": [genre], "country": fake.country_code(), "monthly_listeners": popularity * 1000,
                        "popularity": popularity, "tenant_genre": f"{tenant}#{genre}",
                        "popularity_key": f"{popularity:03}", "created_at": stamp(now), "updated_at": stamp(now)})
    for n in range(per_tenant):
        artist = artists[n % len(artists)]
        albums.append({"tenant_id": tenant, "album_id": new_id("alb"), "artist_id": artist["artist_id"],
                       "title": fake.catch_phrase(), "release_date": fake.date(), "genres": artist["genres"],
                       "total_tracks": 2, "label": fake.company(), "tenant_artist": f"{tenant}#{artist['artist_id']}",
                       "created_at": stamp(now), "updated_at": stamp(now)})
    for n in range(2 * per_tenant):
        album = albums[n % len(albums)]
        title = fake.sentence(nb_words=3).rstrip(".")
        songs.append({"tenant_id": tenant, "song_id": new_id("sng"), "album_id": album["album_id"],
                      "artist_id": album["artist_id"], "title": title, "title_key": title.lower(),
                      "disc_number": 1, "track_number": n // len(albums) + 1,
                      "track_key": f"01-{n // len(albums) + 1:03}", "duration_ms": random.randint(95000, 420000),
                      "genre": album["genres"][0], "audio_key": "audio/tone-440.wav",
                      "tenant_album": f"{tenant}#{album['album_id']}", "tenant_genre": f"{tenant}#{album['genres'][0]}",
                      "created_at": stamp(now), "updated_at": stamp(now)})
    while len(playlists) < per_tenant:
        owner = random.choice(users[::2])
        playlist_id = new_id("pl")
        count = random.randint(1, 12)
        playlists.append({"tenant_id": tenant, "playlist_id": playlist_id, "owner_id": owner["user_id"],
                          "name": fake.catch_phrase(), "public": random.random() < 0.3, "collaborators": [],
                          "entry_count": count, "created_at": stamp(now), "updated_at": stamp(now),
                          "tenant_owner": f"{tenant}#{owner['user_id']}"})
        for position in range(count):
            song = random.choice(songs)
            playlists.append({"tenant_id": tenant, "playlist_id": f"{playlist_id}#{position:05}",
                              "position": position, "song_id": song["song_id"], "title": song["title"],
                              "artist_id": song["artist_id"], "duration_ms": song["duration_ms"],
                              "added_by": owner["user_id"], "added_at": stamp(now)})
    for _ in range(2 * per_tenant):
        user = random.choice(users[::2])
        song = random.choice(songs)
        at = now - timedelta(minutes=random.randint(1, 180 * 24 * 60))
        play_id = new_id("ply")
        plays.append({"tenant_day": f"{tenant}#{at.date().isoformat()}", "play_key": f"{stamp(at)}#{play_id}",
                      "tenant_id": tenant, "play_id": play_id, "user_id": user["user_id"], "song_id": song["song_id"],
                      "artist_id": song["artist_id"], "album_id": song["album_id"], "played_at": stamp(at),
                      "ms_played": song["duration_ms"], "device": random.choice(["mobile", "web", "desktop"]),
                      "context": "search", "plan": user["plan"], "country": user["country"],
                      "tenant_user": f"{tenant}#{user['user_id']}", "tenant_song": f"{tenant}#{song['song_id']}"})
    return {"users": users, "artists": artists, "albums": albums, "songs": songs, "playlists": playlists, "plays": plays}


started = time.perf_counter()
written = 0
for index in range(tenants):
    data = generate(f"peer-tenant-{index + 1}")
    for table_name, items in data.items():
        table = dynamodb.Table(prefix + table_name)
        with table.batch_writer() as batch:
            for item in items:
                batch.put_item(Item=item)
        written += len(items)
seconds = time.perf_counter() - started
print(json.dumps({"items": written, "seconds": round(seconds, 3), "items_per_second": round(written / seconds, 1)}))
