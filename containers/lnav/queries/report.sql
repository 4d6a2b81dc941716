WITH lifecycle AS (
    SELECT container, log_time, step, coalesce(items, rows) AS records,
           row_number() OVER (PARTITION BY container ORDER BY log_line DESC) AS from_last,
           row_number() OVER (PARTITION BY container, step ORDER BY log_line DESC) AS from_last_of_step
      FROM musicctl_log
     WHERE step IN ('started', 'finished', 'failed')
),
counts AS (
    SELECT container,
           sum(log_level = 'warning') AS warnings,
           sum(log_level IN ('error', 'critical')) AS errors
      FROM musicctl_log
     GROUP BY container
)
SELECT c.container,
       min(CASE WHEN l.step = 'started' THEN l.log_time END) AS started_at,
       coalesce(max(CASE WHEN l.from_last = 1 AND l.step <> 'started' THEN l.log_time END), '') AS ended_at,
       coalesce(max(CASE WHEN l.from_last = 1 THEN (CASE l.step WHEN 'started' THEN 'running' ELSE l.step END) END), 'running') AS status,
       coalesce(max(CASE WHEN l.step = 'finished' AND l.from_last_of_step = 1 THEN l.records END), '') AS records,
       c.warnings,
       c.errors
  FROM counts AS c
  LEFT JOIN lifecycle AS l ON l.container = c.container
 GROUP BY c.container
 ORDER BY started_at, c.container
