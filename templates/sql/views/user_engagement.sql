-- Every user with their plan and how much they listen; users who never played have 0 plays.
CREATE OR REPLACE VIEW user_engagement AS
SELECT
    u.tenant_id,
    u.user_id,
    u.role,
    u.plan,
    u.country,
    u.created_at,
    count(p.play_id) AS plays,
    count(DISTINCT CAST(p.played_at AS DATE)) AS active_days,
    coalesce(sum(p.ms_played), 0) AS ms_played,
    min(p.played_at) AS first_play,
    max(p.played_at) AS last_play
FROM users u
LEFT JOIN plays p ON p.tenant_id = u.tenant_id AND p.user_id = u.user_id
GROUP BY u.tenant_id, u.user_id, u.role, u.plan, u.country, u.created_at
