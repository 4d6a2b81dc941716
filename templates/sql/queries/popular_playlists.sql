-- The ten playlists of each tenant that people play from most (plays whose context is the
-- playlist), with how many songs they hold and whether they are public.
WITH playlist_plays AS (
    SELECT p.tenant_id, substr(p.context, 10) AS playlist_id, count(*) AS plays, count(DISTINCT p.user_id) AS listeners
    FROM plays p
    WHERE p.context LIKE 'playlist:%'
    GROUP BY p.tenant_id, substr(p.context, 10)
),
ranked AS (
    SELECT pp.tenant_id, pp.playlist_id, pp.plays, pp.listeners,
        row_number() OVER (PARTITION BY pp.tenant_id ORDER BY pp.plays DESC, pp.playlist_id) AS chart_position
    FROM playlist_plays pp
)
SELECT
    r.tenant_id,
    r.chart_position,
    r.playlist_id,
    l.name,
    l.public,
    l.entry_count,
    r.plays,
    r.listeners
FROM ranked r
JOIN playlists l ON l.tenant_id = r.tenant_id AND l.playlist_id = r.playlist_id
WHERE r.chart_position <= 10
ORDER BY tenant_id, chart_position
