-- Users per tenant and current plan, how many listened, and how many came back 7 and 30 days after their first play.
WITH spans AS (
    SELECT p.tenant_id, p.user_id, min(p.played_at) AS first_play, max(p.played_at) AS last_play
    FROM plays p
    GROUP BY p.tenant_id, p.user_id
)
SELECT
    u.tenant_id,
    u.plan,
    count(*) AS users,
    count(sp.user_id) AS listeners,
    sum(CASE WHEN sp.last_play >= sp.first_play + INTERVAL '7' DAY THEN 1 ELSE 0 END) AS retained_7d,
    sum(CASE WHEN sp.last_play >= sp.first_play + INTERVAL '30' DAY THEN 1 ELSE 0 END) AS retained_30d
FROM users u
LEFT JOIN spans sp ON sp.tenant_id = u.tenant_id AND sp.user_id = u.user_id
GROUP BY u.tenant_id, u.plan
