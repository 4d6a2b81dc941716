-- Plays, listeners and time listened per tenant, month and device.
SELECT
    p.tenant_id,
    CAST(date_trunc('month', p.played_at) AS DATE) AS play_month,
    p.device,
    count(*) AS plays,
    count(DISTINCT p.user_id) AS listeners,
    sum(p.ms_played) AS ms_played
FROM plays p
GROUP BY p.tenant_id, CAST(date_trunc('month', p.played_at) AS DATE), p.device
