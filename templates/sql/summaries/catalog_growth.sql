-- Artists, albums and songs added to each tenant's catalog per month.
WITH added AS (
    SELECT ar.tenant_id, CAST(date_trunc('month', ar.created_at) AS DATE) AS added_month, 1 AS artists, 0 AS albums, 0 AS songs
    FROM artists ar
    UNION ALL
    SELECT al.tenant_id, CAST(date_trunc('month', al.created_at) AS DATE) AS added_month, 0 AS artists, 1 AS albums, 0 AS songs
    FROM albums al
    UNION ALL
    SELECT s.tenant_id, CAST(date_trunc('month', s.created_at) AS DATE) AS added_month, 0 AS artists, 0 AS albums, 1 AS songs
    FROM songs s
)
SELECT
    a.tenant_id,
    a.added_month,
    sum(a.artists) AS artists_added,
    sum(a.albums) AS albums_added,
    sum(a.songs) AS songs_added
FROM added a
GROUP BY a.tenant_id, a.added_month
