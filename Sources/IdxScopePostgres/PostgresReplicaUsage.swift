import Foundation
import IdxScopeCore

/// The usage counters of a server named with `--also` (a replica): one statement per load,
/// indexes keyed by schema-qualified name so they line up with the primary's catalog.
enum PostgresReplicaUsage {
    /// Server facts ride on every row (and on one row of NULL index columns when there is no index).
    static let sql = """
\(PGConnection.marker)
WITH info AS (
  SELECT \(PostgresCatalogSQL.statsSinceEpoch) AS stats_since,
         pg_is_in_recovery() AS is_replica
)
SELECT info.*, x.*
FROM info
LEFT JOIN LATERAL (
  SELECT n.nspname AS schema_name, c.relname AS index_name,
         pg_stat_get_numscans(i.indexrelid) AS idx_scan,
         pg_stat_get_tuples_returned(i.indexrelid) AS idx_tup_read,
         pg_stat_get_tuples_fetched(i.indexrelid) AS idx_tup_fetch
\(PostgresCatalogSQL.userIndexes)
     AND c.relkind = 'i'
) x ON true
"""

    static func load(from connection: PGConnection) throws -> ServerUsage {
        try connection.beginCall()
        let result: PGResult
        do {
            result = try connection.execute(sql, failure: .database)
        } catch let error as IdxScopeError {
            throw IdxScopeError(error.kind, "replica \(connection.displayName): \(error.message)", code: error.code)
        }
        return decode(result, server: connection.displayName)
    }

    static func decode(_ result: PGResult, server: String) -> ServerUsage {
        var usage = ServerUsage(server: server,
                                statsSince: result.rowCount > 0 ? result.double(0, "stats_since").map { Date(timeIntervalSince1970: $0) } : nil,
                                isReplica: result.rowCount > 0 ? result.bool(0, "is_replica") : nil,
                                counters: [:])
        let nameColumn = result.column("index_name")
        for row in 0..<result.rowCount where !result.isNull(row, nameColumn) {
            let id = IndexID(schema: result.string(row, "schema_name") ?? "", name: result.string(row, nameColumn) ?? "")
            usage.counters[id] = IndexUsage(scans: result.int64(row, "idx_scan"), tuplesRead: result.int64(row, "idx_tup_read"),
                                            tuplesFetched: result.int64(row, "idx_tup_fetch"))
        }
        return usage
    }
}
