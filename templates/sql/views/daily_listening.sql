-- Listening per tenant and UTC day: plays, distinct listeners and songs, time listened.
CREATE OR REPLACE VIEW daily_listening AS
SELECT
    p.tenant_id,
    CAST(p.played_at AS DATE) AS play_date,
    count(*) AS plays,
    count(DISTINCT p.user_id) AS listeners,
    count(DISTINCT p.song_id) AS songs,
    sum(p.ms_played) AS ms_played
FROM plays p
GROUP BY p.tenant_id, CAST(p.played_at AS DATE)
