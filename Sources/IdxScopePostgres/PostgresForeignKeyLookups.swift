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

    /// The catalog with each key's `lookup` and each index's `servesForeignKeys` filled in. Keys
    /// this role may not read are `.failed` without asking. When the server refuses the batch
    /// (one odd key fails the whole string), each key is planned on its own, so one key's error
    /// is that key's alone; a cancel is passed on.
    func plan(_ catalog: Catalog, _ lookups: [PostgresCatalogDecoding.KeyLookup]) throws -> Catalog {
        var catalog = catalog
        let names = IndexNames(catalog.indexes.map(\.info))
        var verdicts: [ForeignKeyLookup] = lookups.map { lookup in
            .failed("no SELECT privilege on \(lookup.key.schema).\(lookup.key.table) for this role: its lookup cannot be planned")
        }
        let plannable = lookups.indices.filter { lookups[$0].plannable }
        if !plannable.isEmpty {
            do {
                let judged = try plans(plannable.map { lookups[$0] }, names: names)
                for (position, verdict) in zip(plannable, judged) { verdicts[position] = verdict }
            } catch let error as IdxScopeError where error.kind != .cancelled {
                for position in plannable {
                    do {
                        verdicts[position] = try plans([lookups[position]], names: names)[0]
                    } catch let error as IdxScopeError where error.kind != .cancelled {
                        verdicts[position] = .failed(error.message)
                    }
                }
            }
        }
        catalog.foreignKeys = zip(lookups, verdicts).map { lookup, verdict in
            var key = lookup.key
            key.lookup = verdict
            key.lookupSQL = lookup.sql
            return key
        }
        return ForeignKeyLookups.annotate(catalog)
    }

    /// One batch: the verdict of each lookup, in order. On an error the transaction and any
    /// prepared statement are cleaned up before it is thrown.
    private func plans(_ lookups: [PostgresCatalogDecoding.KeyLookup], names: IndexNames) throws -> [ForeignKeyLookup] {
        let (sql, count) = Self.batch(lookups)
        let plans: [String?]
        do {
            let results = try connection.executeBatch(sql, failure: .database, statementCount: count)
            // EXPLAIN results are the ones with rows.
            plans = results.filter { $0.rowCount > 0 }.map(PGConnection.singleValue)
        } catch {
            // The transaction may be left aborted and some statements prepared: end both.
            _ = try? connection.execute("\(PGConnection.marker) ROLLBACK; \(PGConnection.marker) DEALLOCATE ALL",
                                        failure: .database, statementCount: 2)
            throw error
        }
        return lookups.enumerated().map { position, lookup in
            guard position < plans.count, let json = plans[position],
                  let plan = try? PostgresPlanClassifier.plan(fromExplainJSON: json, query: lookup.sql, analyzed: false)
            else { return .failed("no plan came back") }
            return ForeignKeyLookups.judge(plan, for: lookup.key, indexes: names, requireLeadingColumn: true)
        }
    }
}
