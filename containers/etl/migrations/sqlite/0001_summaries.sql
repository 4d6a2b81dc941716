-- The summary tables of the ETL and its lineage record (SQLite). Every summary is keyed by tenant first;
-- the ETL replaces all of them in one transaction. Kept in step with containers/pipeline/src/etl/model.rs.

CREATE TABLE summary_daily_listening (
    tenant_id TEXT NOT NULL,
    play_date TEXT NOT NULL,
    plays INTEGER NOT NULL,
    listeners INTEGER NOT NULL,
    songs INTEGER NOT NULL,
    ms_played INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, play_date)
);

CREATE TABLE summary_hourly_listening (
    tenant_id TEXT NOT NULL,
    play_weekday INTEGER NOT NULL,
    play_hour INTEGER NOT NULL,
    plays INTEGER NOT NULL,
    listeners INTEGER NOT NULL,
    avg_completion REAL NOT NULL,
    PRIMARY KEY (tenant_id, play_weekday, play_hour)
);

CREATE TABLE summary_genre_daily (
    tenant_id TEXT NOT NULL,
    play_date TEXT NOT NULL,
    genre TEXT NOT NULL,
    plays INTEGER NOT NULL,
    listeners INTEGER NOT NULL,
    ms_played INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, play_date, genre)
);

CREATE TABLE summary_plan_retention (
    tenant_id TEXT NOT NULL,
    plan TEXT NOT NULL,
    users INTEGER NOT NULL,
    listeners INTEGER NOT NULL,
    retained_7d INTEGER NOT NULL,
    retained_30d INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, plan)
);

CREATE TABLE summary_signups_daily (
    tenant_id TEXT NOT NULL,
    signup_date TEXT NOT NULL,
    plan TEXT NOT NULL,
    users INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, signup_date, plan)
);

CREATE TABLE summary_device_monthly (
    tenant_id TEXT NOT NULL,
    play_month TEXT NOT NULL,
    device TEXT NOT NULL,
    plays INTEGER NOT NULL,
    listeners INTEGER NOT NULL,
    ms_played INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, play_month, device)
);

CREATE TABLE summary_top_songs (
    tenant_id TEXT NOT NULL,
    chart_position INTEGER NOT NULL,
    song_id TEXT NOT NULL,
    title TEXT NOT NULL,
    artist TEXT NOT NULL,
    plays INTEGER NOT NULL,
    listeners INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, chart_position)
);

CREATE TABLE summary_artist_genre_plays (
    tenant_id TEXT NOT NULL,
    genre TEXT NOT NULL,
    artist_id TEXT NOT NULL,
    artist TEXT NOT NULL,
    plays INTEGER NOT NULL,
    listeners INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, genre, artist_id)
);

CREATE TABLE summary_listener_funnel (
    tenant_id TEXT NOT NULL,
    step_order INTEGER NOT NULL,
    step TEXT NOT NULL,
    users INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, step_order)
);

CREATE TABLE summary_catalog_growth (
    tenant_id TEXT NOT NULL,
    added_month TEXT NOT NULL,
    artists_added INTEGER NOT NULL,
    albums_added INTEGER NOT NULL,
    songs_added INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, added_month)
);

CREATE TABLE summary_user_engagement (
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    plan TEXT NOT NULL,
    plays INTEGER NOT NULL,
    active_days INTEGER NOT NULL,
    ms_played INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE etl_lineage (
    tenant_id TEXT NOT NULL,
    summary_table TEXT NOT NULL,
    etl_run TEXT NOT NULL,
    lake_runs TEXT NOT NULL,
    data_as_of TEXT NOT NULL,
    source_items INTEGER NOT NULL,
    lake_rows INTEGER NOT NULL,
    summary_rows INTEGER NOT NULL,
    query_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, summary_table)
);
