-- From sign-up to repeat listening, per tenant: users who signed up, played a song, made a playlist, and came back on another day.
WITH listeners AS (
    SELECT p.tenant_id, p.user_id, count(DISTINCT CAST(p.played_at AS DATE)) AS active_days
    FROM plays p
    GROUP BY p.tenant_id, p.user_id
)
SELECT u.tenant_id, 1 AS step_order, 'signed up' AS step, count(*) AS users
FROM users u
GROUP BY u.tenant_id
UNION ALL
SELECT l.tenant_id, 2 AS step_order, 'played a song' AS step, count(*) AS users
FROM listeners l
GROUP BY l.tenant_id
UNION ALL
SELECT pl.tenant_id, 3 AS step_order, 'made a playlist' AS step, count(DISTINCT pl.owner_id) AS users
FROM playlists pl
GROUP BY pl.tenant_id
UNION ALL
SELECT l.tenant_id, 4 AS step_order, 'came back another day' AS step, count(*) AS users
FROM listeners l
WHERE l.active_days >= 2
GROUP BY l.tenant_id
