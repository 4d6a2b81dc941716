//! What may run: one read-only statement (a SELECT or WITH query), and the tenant filter
//! that `--tenant` adds around it with a bound value in place of the tenant, so that no
//! text a user typed ever becomes SQL. Shared by DataFusion (`$1`) and Athena (`?`).

use datafusion::sql::sqlparser::ast::{Expr, OrderByKind, Query, Statement};
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::parser::Parser;

/// The one read-only query in `sql`, or why it may not run.
pub fn read_only(sql: &str) -> anyhow::Result<Query> {
    let statements = Parser::parse_sql(&GenericDialect {}, sql)
        .map_err(|error| anyhow::anyhow!("the SQL does not parse: {error}"))?;
    match <[Statement; 1]>::try_from(statements) {
        Ok([Statement::Query(query)]) => Ok(*query),
        Ok(_) => anyhow::bail!("only a query (SELECT … or WITH … SELECT …) may run: the lake is read-only here"),
        Err(statements) => {
            anyhow::bail!("give exactly one statement, not {}", statements.len())
        }
    }
}

/// `sql` restricted to the rows whose `tenant_id` is the value bound at `bind_marker` (`$1`
/// for DataFusion, `?` for Athena), keeping the query's order and limit. The query's `ORDER BY` must name output columns;
/// a table prefix (`r.plays`) is dropped, since outside the query only the output is seen.
pub fn tenant_filtered(sql: &str, bind_marker: &str) -> anyhow::Result<String> {
    let mut query = read_only(sql)?;
    let order_by = query.order_by.take().map(|mut order_by| {
        if let OrderByKind::Expressions(items) = &mut order_by.kind {
            for item in items {
                if let Expr::CompoundIdentifier(parts) = &item.expr
                    && let Some(last) = parts.last()
                {
                    item.expr = Expr::Identifier(last.clone());
                }
            }
        }
        format!(" {order_by}")
    });
    let limit = query.limit_clause.take().map(|limit| limit.to_string());
    Ok(format!(
        "SELECT * FROM ({query}) AS q WHERE q.tenant_id = {bind_marker}{}{}",
        order_by.unwrap_or_default(),
        limit.unwrap_or_default()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_query_may_run() {
        assert!(read_only("SELECT 1").is_ok());
        assert!(read_only("WITH a AS (SELECT 1 AS x) SELECT x FROM a").is_ok());
        for (sql, says) in [
            ("DROP TABLE plays", "only a query"),
            ("CREATE VIEW v AS SELECT 1", "only a query"),
            ("INSERT INTO plays VALUES (1)", "only a query"),
            ("SELECT 1; SELECT 2", "exactly one statement, not 2"),
            ("SELEC 1", "does not parse"),
        ] {
            let error = read_only(sql).unwrap_err().to_string();
            assert!(error.contains(says), "{sql}: {error}");
        }
    }

    #[test]
    fn the_tenant_filter_wraps_the_query_and_keeps_order_and_limit() {
        let filtered =
            tenant_filtered("SELECT r.tenant_id, r.plays FROM ranked r ORDER BY r.tenant_id, plays DESC LIMIT 5", "$1")
                .unwrap();
        assert_eq!(
            filtered,
            "SELECT * FROM (SELECT r.tenant_id, r.plays FROM ranked r) AS q WHERE q.tenant_id = $1 \
             ORDER BY tenant_id, plays DESC LIMIT 5"
        );
        // A tenant that looks like SQL is never part of the text.
        assert!(!tenant_filtered("SELECT tenant_id FROM plays", "?").unwrap().contains('\''));
    }
}
