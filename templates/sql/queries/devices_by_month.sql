-- Plays and listeners per device and month of each tenant, split by the listener's current plan.
SELECT
    p.tenant_id,
    CAST(date_trunc('month', p.played_at) AS DATE) AS play_month,
    p.device,
    u.plan,
    count(*) AS plays,
    count(DISTINCT p.user_id) AS listeners
FROM plays p
JOIN users u ON u.tenant_id = p.tenant_id AND u.user_id = p.user_id
GROUP BY p.tenant_id, CAST(date_trunc('month', p.played_at) AS DATE), p.device, u.plan
ORDER BY tenant_id, play_month, device, plan
