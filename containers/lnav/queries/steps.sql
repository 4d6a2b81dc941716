SELECT log_time AS time,
       container,
       step,
       log_body AS message
  FROM musicctl_log
 WHERE step IS NOT NULL
 ORDER BY log_line
