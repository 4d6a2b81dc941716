-- Retention by genre cohort: listeners grouped by the genre of the first song they played,
-- and how many of them were still listening 30 days later.
WITH firsts AS (
    SELECT p.tenant_id, p.user_id, p.song_id, p.played_at,
        row_number() OVER (PARTITION BY p.tenant_id, p.user_id ORDER BY p.played_at, p.play_id) AS nth,
        max(p.played_at) OVER (PARTITION BY p.tenant_id, p.user_id) AS last_play
    FROM plays p
),
cohorts AS (
    SELECT f.tenant_id, f.user_id, min(g.genre) AS genre, min(f.played_at) AS first_play, min(f.last_play) AS last_play
    FROM firsts f
    JOIN song_genres g ON g.tenant_id = f.tenant_id AND g.song_id = f.song_id
    WHERE f.nth = 1
    GROUP BY f.tenant_id, f.user_id
)
SELECT
    c.tenant_id,
    c.genre AS first_genre,
    count(*) AS listeners,
    sum(CASE WHEN c.last_play >= c.first_play + INTERVAL '30' DAY THEN 1 ELSE 0 END) AS retained_30d,
    round(100 * CAST(sum(CASE WHEN c.last_play >= c.first_play + INTERVAL '30' DAY THEN 1 ELSE 0 END) AS DOUBLE) / count(*), 1) AS retained_30d_pct
FROM cohorts c
GROUP BY c.tenant_id, c.genre
ORDER BY tenant_id, listeners DESC, first_genre
