SELECT log_time AS time,
       container,
       upper(log_level) AS level,
       log_body AS message
  FROM musicctl_log
 WHERE log_level IN ('warning', 'error', 'critical')
 ORDER BY log_line
