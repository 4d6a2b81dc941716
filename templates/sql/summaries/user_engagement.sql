-- Each listener's plays, active days and time listened, with their plan.
SELECT
    u.tenant_id,
    u.user_id,
    u.plan,
    count(*) AS plays,
    count(DISTINCT CAST(p.played_at AS DATE)) AS active_days,
    sum(p.ms_played) AS ms_played
FROM users u
JOIN plays p ON p.tenant_id = u.tenant_id AND p.user_id = u.user_id
GROUP BY u.tenant_id, u.user_id, u.plan
