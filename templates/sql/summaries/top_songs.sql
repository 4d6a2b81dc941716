-- The fifty most played songs of each tenant with their artist, plays and listeners.
WITH song_plays AS (
    SELECT p.tenant_id, p.song_id, count(*) AS plays, count(DISTINCT p.user_id) AS listeners
    FROM plays p
    GROUP BY p.tenant_id, p.song_id
),
ranked AS (
    SELECT sp.tenant_id, sp.song_id, sp.plays, sp.listeners,
        row_number() OVER (PARTITION BY sp.tenant_id ORDER BY sp.plays DESC, sp.song_id) AS chart_position
    FROM song_plays sp
)
SELECT
    r.tenant_id,
    r.chart_position,
    r.song_id,
    s.title,
    ar.name AS artist,
    r.plays,
    r.listeners
FROM ranked r
JOIN songs s ON s.tenant_id = r.tenant_id AND s.song_id = r.song_id
JOIN artists ar ON ar.tenant_id = s.tenant_id AND ar.artist_id = s.artist_id
WHERE r.chart_position <= 50
