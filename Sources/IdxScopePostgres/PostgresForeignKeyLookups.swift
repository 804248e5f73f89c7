import Foundation
import IdxScopeCore

/// Plans every foreign key's lookup the way the server runs it for a delete on the referenced
/// table — a generic plan (`$n` unknown, as the RI trigger's cached plan) of `SELECT 1 FROM
/// [ONLY] child x WHERE $1 = x.c1 AND …` — in one round trip for all keys, in a rolled-back
/// read-only transaction. `enable_seqscan` is off there: a small table's cheap sequential scan
/// must not hide the index that serves the key once the table grows; a plan that still reads
/// the whole table has no index to use.
struct PostgresForeignKeyLookups {
    let connection: PGConnection
    static let statementPrefix = "idxscope_fk_"

    /// The statements of one batch (each starts with the marker, so pg_stat_statements tells them apart).
    static func batch(_ lookups: [PostgresCatalogDecoding.KeyLookup]) -> (sql: String, statementCount: Int) {
        let marker = PGConnection.marker
        var statements = ["BEGIN READ ONLY", "SET LOCAL plan_cache_mode = force_generic_plan", "SET LOCAL enable_seqscan = off"]
        for (number, lookup) in lookups.enumerated() {
            let name = statementPrefix + String(number)
            let nulls = Array(repeating: "NULL", count: lookup.key.columns.count).joined(separator: ", ")
            statements += ["PREPARE \(name) (\(lookup.parameterTypes)) AS \(lookup.sql)",
                           "EXPLAIN (FORMAT JSON) EXECUTE \(name) (\(nulls))",
                           "DEALLOCATE \(name)"]
        }
        statements.append("ROLLBACK")
        return (statements.map { "\(marker) \($0)" }.joined(separator: ";\n"), statements.count)
    }

    /// The catalog with each key's `lookup` and each index's `servesForeignKeys` filled in. A
    /// batch the server refuses (a lock timeout, say) leaves every key `.failed` with a note;
    /// a cancel is passed on.
    func plan(_ catalog: Catalog, _ lookups: [PostgresCatalogDecoding.KeyLookup]) throws -> Catalog {
        var catalog = catalog
        guard !lookups.isEmpty else { return ForeignKeyLookups.annotate(catalog) }
        let (sql, count) = Self.batch(lookups)
        let plans: [String?]
        do {
            let results = try connection.executeBatch(sql, failure: .database, statementCount: count)
            // EXPLAIN results are the ones with rows.
            plans = results.filter { $0.rowCount > 0 }.map(PGConnection.singleValue)
        } catch let error as IdxScopeError {
            // The transaction may be left aborted and some statements prepared: end both.
            _ = try? connection.execute("\(PGConnection.marker) ROLLBACK; \(PGConnection.marker) DEALLOCATE ALL",
                                        failure: .database, statementCount: 2)
            if error.kind == .cancelled { throw error }
            catalog.foreignKeys = lookups.map { var key = $0.key; key.lookup = .failed(error.message); return key }
            catalog.notes.append("foreign key lookups not planned: \(error.message)")
            return ForeignKeyLookups.annotate(catalog)
        }
        let names = IndexNames(catalog.indexes.map(\.info))
        catalog.foreignKeys = lookups.enumerated().map { position, lookup in
            var key = lookup.key
            if position < plans.count, let json = plans[position],
               let plan = try? PostgresPlanClassifier.plan(fromExplainJSON: json, query: lookup.sql, analyzed: false) {
                key.lookup = ForeignKeyLookups.judge(plan, for: key, indexes: names, requireLeadingColumn: true)
            } else {
                key.lookup = .failed("no plan came back")
            }
            return key
        }
        return ForeignKeyLookups.annotate(catalog)
    }
}
