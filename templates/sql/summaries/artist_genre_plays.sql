-- Plays and listeners per tenant, artist and the artist's primary genre.
SELECT
    p.tenant_id,
    coalesce(ar.primary_genre, 'unknown') AS genre,
    p.artist_id,
    ar.name AS artist,
    count(*) AS plays,
    count(DISTINCT p.user_id) AS listeners
FROM plays p
JOIN artists ar ON ar.tenant_id = p.tenant_id AND ar.artist_id = p.artist_id
GROUP BY p.tenant_id, coalesce(ar.primary_genre, 'unknown'), p.artist_id, ar.name
