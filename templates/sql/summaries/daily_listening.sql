-- Plays, listeners, songs and time listened per tenant and UTC day.
SELECT
    p.tenant_id,
    CAST(p.played_at AS DATE) AS play_date,
    count(*) AS plays,
    count(DISTINCT p.user_id) AS listeners,
    count(DISTINCT p.song_id) AS songs,
    sum(p.ms_played) AS ms_played
FROM plays p
GROUP BY p.tenant_id, CAST(p.played_at AS DATE)
