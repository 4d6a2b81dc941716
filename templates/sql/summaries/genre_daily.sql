-- Plays, listeners and time listened per tenant, UTC day and song genre.
SELECT
    p.tenant_id,
    CAST(p.played_at AS DATE) AS play_date,
    g.genre,
    count(*) AS plays,
    count(DISTINCT p.user_id) AS listeners,
    sum(p.ms_played) AS ms_played
FROM plays p
JOIN song_genres g ON g.tenant_id = p.tenant_id AND g.song_id = p.song_id
GROUP BY p.tenant_id, CAST(p.played_at AS DATE), g.genre
