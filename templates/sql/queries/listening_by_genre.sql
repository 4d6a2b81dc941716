-- Plays, listeners and minutes per genre of each tenant, with the genre's share of the
-- tenant's plays (a song in two genres counts in both).
WITH genre_plays AS (
    SELECT p.tenant_id, g.genre, count(*) AS plays, count(DISTINCT p.user_id) AS listeners, sum(p.ms_played) AS ms_played
    FROM plays p
    JOIN song_genres g ON g.tenant_id = p.tenant_id AND g.song_id = p.song_id
    GROUP BY p.tenant_id, g.genre
),
tenant_plays AS (
    SELECT p.tenant_id, count(*) AS plays
    FROM plays p
    GROUP BY p.tenant_id
)
SELECT
    gp.tenant_id,
    gp.genre,
    gp.plays,
    gp.listeners,
    round(CAST(gp.ms_played AS DOUBLE) / 60000, 1) AS minutes_played,
    round(100 * CAST(gp.plays AS DOUBLE) / tp.plays, 2) AS share_of_plays_pct
FROM genre_plays gp
JOIN tenant_plays tp ON tp.tenant_id = gp.tenant_id
ORDER BY tenant_id, plays DESC, genre
