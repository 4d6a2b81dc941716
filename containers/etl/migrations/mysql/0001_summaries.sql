-- The summary tables of the ETL and its lineage record (MySQL 8). Every summary is keyed by tenant first;
-- the ETL replaces all of them in one transaction. Kept in step with containers/pipeline/src/etl/model.rs.

CREATE TABLE summary_daily_listening (
    tenant_id VARCHAR(191) NOT NULL,
    play_date DATE NOT NULL,
    plays BIGINT NOT NULL,
    listeners BIGINT NOT NULL,
    songs BIGINT NOT NULL,
    ms_played BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, play_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE summary_hourly_listening (
    tenant_id VARCHAR(191) NOT NULL,
    play_weekday BIGINT NOT NULL,
    play_hour BIGINT NOT NULL,
    plays BIGINT NOT NULL,
    listeners BIGINT NOT NULL,
    avg_completion DOUBLE NOT NULL,
    PRIMARY KEY (tenant_id, play_weekday, play_hour)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE summary_genre_daily (
    tenant_id VARCHAR(191) NOT NULL,
    play_date DATE NOT NULL,
    genre VARCHAR(191) NOT NULL,
    plays BIGINT NOT NULL,
    listeners BIGINT NOT NULL,
    ms_played BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, play_date, genre)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE summary_plan_retention (
    tenant_id VARCHAR(191) NOT NULL,
    plan VARCHAR(191) NOT NULL,
    users BIGINT NOT NULL,
    listeners BIGINT NOT NULL,
    retained_7d BIGINT NOT NULL,
    retained_30d BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, plan)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE summary_signups_daily (
    tenant_id VARCHAR(191) NOT NULL,
    signup_date DATE NOT NULL,
    plan VARCHAR(191) NOT NULL,
    users BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, signup_date, plan)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE summary_device_monthly (
    tenant_id VARCHAR(191) NOT NULL,
    play_month DATE NOT NULL,
    device VARCHAR(191) NOT NULL,
    plays BIGINT NOT NULL,
    listeners BIGINT NOT NULL,
    ms_played BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, play_month, device)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE summary_top_songs (
    tenant_id VARCHAR(191) NOT NULL,
    chart_position BIGINT NOT NULL,
    song_id VARCHAR(512) NOT NULL,
    title VARCHAR(512) NOT NULL,
    artist VARCHAR(512) NOT NULL,
    plays BIGINT NOT NULL,
    listeners BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, chart_position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE summary_artist_genre_plays (
    tenant_id VARCHAR(191) NOT NULL,
    genre VARCHAR(191) NOT NULL,
    artist_id VARCHAR(191) NOT NULL,
    artist VARCHAR(512) NOT NULL,
    plays BIGINT NOT NULL,
    listeners BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, genre, artist_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE summary_listener_funnel (
    tenant_id VARCHAR(191) NOT NULL,
    step_order BIGINT NOT NULL,
    step VARCHAR(512) NOT NULL,
    users BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, step_order)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE summary_catalog_growth (
    tenant_id VARCHAR(191) NOT NULL,
    added_month DATE NOT NULL,
    artists_added BIGINT NOT NULL,
    albums_added BIGINT NOT NULL,
    songs_added BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, added_month)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE summary_user_engagement (
    tenant_id VARCHAR(191) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    plan VARCHAR(512) NOT NULL,
    plays BIGINT NOT NULL,
    active_days BIGINT NOT NULL,
    ms_played BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE etl_lineage (
    tenant_id VARCHAR(191) NOT NULL,
    summary_table VARCHAR(191) NOT NULL,
    etl_run VARCHAR(512) NOT NULL,
    lake_runs VARCHAR(512) NOT NULL,
    data_as_of VARCHAR(512) NOT NULL,
    source_items BIGINT NOT NULL,
    lake_rows BIGINT NOT NULL,
    summary_rows BIGINT NOT NULL,
    query_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, summary_table)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
