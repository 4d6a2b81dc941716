-- Retention by plan cohort: of each tenant's listeners on a plan, how many came back 7 and
-- 30 days after their first play.
WITH listeners AS (
    SELECT u.tenant_id, u.user_id, u.plan, min(p.played_at) AS first_play, max(p.played_at) AS last_play
    FROM users u
    JOIN plays p ON p.tenant_id = u.tenant_id AND p.user_id = u.user_id
    GROUP BY u.tenant_id, u.user_id, u.plan
)
SELECT
    l.tenant_id,
    l.plan,
    count(*) AS listeners,
    sum(CASE WHEN l.last_play >= l.first_play + INTERVAL '7' DAY THEN 1 ELSE 0 END) AS retained_7d,
    sum(CASE WHEN l.last_play >= l.first_play + INTERVAL '30' DAY THEN 1 ELSE 0 END) AS retained_30d,
    round(100 * CAST(sum(CASE WHEN l.last_play >= l.first_play + INTERVAL '7' DAY THEN 1 ELSE 0 END) AS DOUBLE) / count(*), 1) AS retained_7d_pct,
    round(100 * CAST(sum(CASE WHEN l.last_play >= l.first_play + INTERVAL '30' DAY THEN 1 ELSE 0 END) AS DOUBLE) / count(*), 1) AS retained_30d_pct
FROM listeners l
GROUP BY l.tenant_id, l.plan
ORDER BY tenant_id, plan
