-- Emerging artists: fast growth from a small base. Plays in each tenant's last 30 days
-- against the 30 days before (both measured back from the tenant's last play), for artists
-- with fewer than 50 plays before who at least doubled and reached 5 plays; ten per tenant.
WITH anchors AS (
    SELECT p.tenant_id, max(p.played_at) AS last_play
    FROM plays p
    GROUP BY p.tenant_id
),
windows AS (
    SELECT
        p.tenant_id,
        p.artist_id,
        sum(CASE WHEN p.played_at > a.last_play - INTERVAL '30' DAY THEN 1 ELSE 0 END) AS recent_plays,
        sum(CASE WHEN p.played_at <= a.last_play - INTERVAL '30' DAY AND p.played_at > a.last_play - INTERVAL '60' DAY THEN 1 ELSE 0 END) AS previous_plays
    FROM plays p
    JOIN anchors a ON a.tenant_id = p.tenant_id
    GROUP BY p.tenant_id, p.artist_id
),
ranked AS (
    SELECT w.tenant_id, w.artist_id, w.recent_plays, w.previous_plays,
        round(CAST(w.recent_plays AS DOUBLE) / (w.previous_plays + 1), 2) AS growth,
        row_number() OVER (PARTITION BY w.tenant_id ORDER BY CAST(w.recent_plays AS DOUBLE) / (w.previous_plays + 1) DESC, w.artist_id) AS chart_position
    FROM windows w
    WHERE w.previous_plays < 50 AND w.recent_plays >= 2 * w.previous_plays AND w.recent_plays >= 5
)
SELECT
    r.tenant_id,
    r.chart_position,
    r.artist_id,
    ar.name AS artist,
    ar.popularity,
    r.previous_plays,
    r.recent_plays,
    r.growth
FROM ranked r
JOIN artists ar ON ar.tenant_id = r.tenant_id AND ar.artist_id = r.artist_id
WHERE r.chart_position <= 10
ORDER BY tenant_id, chart_position
