import Foundation
import IdxScopeCore

/// pg_stat_statements' top statements of the current database, idxscope's own left out.
struct PostgresStatementStats {
    let connection: PGConnection

    static let extensionSQL = """
        \(PGConnection.marker)
        SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
         WHERE e.extname = 'pg_stat_statements'
        """

    static func topSQL(schema: String) -> String {
        let view = "\(SQLIdentifier.quote(schema)).pg_stat_statements"
        return """
            \(PGConnection.marker)
            WITH mine AS (
              SELECT queryid, query, calls, total_exec_time, mean_exec_time, rows FROM \(view)
               WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                 AND query NOT LIKE '\(PGConnection.marker)%' AND calls > 0
            )
            (SELECT 'mean' AS ranking, * FROM mine ORDER BY mean_exec_time DESC LIMIT $1)
            UNION ALL
            (SELECT 'total' AS ranking, * FROM mine ORDER BY total_exec_time DESC LIMIT $1)
            """
    }

    func top(limit: Int) throws -> StatementStatsReport {
        let found = try connection.execute(Self.extensionSQL, failure: .database)
        guard let schema = found.rowCount > 0 ? found.string(0, 0) : nil else {
            return StatementStatsReport(byMeanTime: nil, byTotalTime: nil,
                                        note: "pg_stat_statements is not installed in this database (CREATE EXTENSION pg_stat_statements)")
        }
        let result: PGResult
        do {
            result = try connection.execute(Self.topSQL(schema: schema), parameters: [String(max(limit, 0))], failure: .database)
        } catch let error as IdxScopeError where error.code == "55000" || error.code == "42501" {
            // 55000: the library is not in shared_preload_libraries.
            return StatementStatsReport(byMeanTime: nil, byTotalTime: nil, note: "pg_stat_statements unavailable: \(error.message)")
        }
        var byMean: [StatementStats] = []
        var byTotal: [StatementStats] = []
        for row in 0..<result.rowCount {
            // Recorded texts may hold passwords (CREATE ROLE … PASSWORD '…'): masked before any output.
            let stats = StatementStats(queryID: result.int64(row, "queryid"), query: SecretMask.masked(result.string(row, "query") ?? ""),
                                       calls: result.int64(row, "calls") ?? 0, totalMs: result.double(row, "total_exec_time") ?? 0,
                                       meanMs: result.double(row, "mean_exec_time") ?? 0, rows: result.int64(row, "rows") ?? 0)
            if result.string(row, "ranking") == "mean" { byMean.append(stats) } else { byTotal.append(stats) }
        }
        return StatementStatsReport(byMeanTime: byMean, byTotalTime: byTotal, note: nil)
    }
}
