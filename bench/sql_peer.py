"""The SQL benchmark's peer: DuckDB over the same lake files as musicctl's DataFusion.

Runs every view (as SELECT * FROM the view) and every named query of templates/sql/,
translated from the Athena dialect with sqlglot, each result materialised whole in DuckDB, and
prints one JSON object: statement -> best of REPEAT seconds.

Usage: python bench/sql_peer.py LAKE_DIR [REPEAT]
"""

import json
import pathlib
import sys
import time

import duckdb
import sqlglot

SQL = pathlib.Path(__file__).resolve().parent.parent / "templates" / "sql"


def main():
    lake = pathlib.Path(sys.argv[1]) / "processed"
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    con = duckdb.connect()
    for folder in sorted(p for p in lake.iterdir() if p.is_dir()):
        con.execute(
            f"CREATE VIEW {folder.name} AS SELECT * FROM read_parquet('{folder.as_posix()}/**/*.parquet', "
            "hive_partitioning = true, hive_types_autocast = false)"
        )
    statements = {}
    for view in sorted((SQL / "views").glob("*.sql")):
        con.execute(sqlglot.transpile(view.read_text(), read="athena", write="duckdb")[0])
        statements[f"view {view.stem}"] = f"SELECT * FROM {view.stem}"
    for query in sorted((SQL / "queries").glob("*.sql")):
        statements[f"query {query.stem}"] = sqlglot.transpile(query.read_text(), read="athena", write="duckdb")[0]
    best = {}
    for label, sql in statements.items():
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            con.execute(f"CREATE OR REPLACE TEMP TABLE bench_result AS {sql}")
            times.append(time.perf_counter() - start)
        best[label] = min(times)
    print(json.dumps(best))


if __name__ == "__main__":
    main()
