-- New user accounts per tenant, UTC day and plan.
SELECT
    u.tenant_id,
    CAST(u.created_at AS DATE) AS signup_date,
    u.plan,
    count(*) AS users
FROM users u
GROUP BY u.tenant_id, CAST(u.created_at AS DATE), u.plan
