-- Every play with its song, artist and album, and the UTC day, hour and weekday it started.
CREATE OR REPLACE VIEW play_details AS
SELECT
    p.tenant_id,
    p.play_id,
    p.user_id,
    p.song_id,
    p.artist_id,
    p.album_id,
    p.played_at,
    p.ms_played,
    p.device,
    p.plan,
    p.country,
    p.context,
    s.title AS song_title,
    s.duration_ms,
    ar.name AS artist_name,
    al.title AS album_title,
    CAST(p.played_at AS DATE) AS play_date,
    extract(hour FROM p.played_at) AS play_hour,
    extract(dow FROM p.played_at) % 7 AS play_weekday
FROM plays p
JOIN songs s ON s.tenant_id = p.tenant_id AND s.song_id = p.song_id
JOIN artists ar ON ar.tenant_id = p.tenant_id AND ar.artist_id = p.artist_id
JOIN albums al ON al.tenant_id = p.tenant_id AND al.album_id = p.album_id
