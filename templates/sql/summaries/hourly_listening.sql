-- Plays, listeners and the average share of a song played, per tenant, UTC weekday (0 = Sunday) and hour.
SELECT
    p.tenant_id,
    extract(dow FROM p.played_at) % 7 AS play_weekday,
    extract(hour FROM p.played_at) AS play_hour,
    count(*) AS plays,
    count(DISTINCT p.user_id) AS listeners,
    round(avg(CAST(p.ms_played AS DOUBLE) / s.duration_ms), 3) AS avg_completion
FROM plays p
JOIN songs s ON s.tenant_id = p.tenant_id AND s.song_id = p.song_id
GROUP BY p.tenant_id, extract(dow FROM p.played_at) % 7, extract(hour FROM p.played_at)
