import Foundation
import IdxScopeCore

/// Exact space of one btree index from pgstattuple's `pgstatindex()`.
struct PostgresExactBloat {
    let connection: PGConnection

    /// Where pgstattuple lives, the index's method and fillfactor — one statement.
    static let lookupSQL = """
        \(PGConnection.marker)
        SELECT (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                 WHERE e.extname = 'pgstattuple') AS extension_schema,
               c.oid::int8 AS index_oid, c.relkind, am.amname AS method,
               COALESCE(substring(array_to_string(c.reloptions, ' ') FROM 'fillfactor=([0-9]+)')::int, 90) AS fillfactor,
               current_setting('block_size')::int8 AS block_size
          FROM (SELECT 1) AS one
          LEFT JOIN pg_class c ON c.oid = (SELECT c2.oid FROM pg_class c2 JOIN pg_namespace n2 ON n2.oid = c2.relnamespace
                                            WHERE n2.nspname = $1 AND c2.relname = $2 AND c2.relkind IN ('i', 'I'))
          LEFT JOIN pg_am am ON am.oid = c.relam
        """

    func measure(_ index: IndexID) throws -> IndexSpace {
        let lookup = try connection.execute(Self.lookupSQL, parameters: [index.schema, index.name], failure: .database)
        guard let schema = lookup.string(0, "extension_schema") else {
            throw IdxScopeError(.database, "pgstattuple is not installed in this database (CREATE EXTENSION pgstattuple)")
        }
        guard let oid = lookup.string(0, "index_oid") else { throw IdxScopeError(.input, "no index named \(index)") }
        let method = lookup.string(0, "method") ?? "?"
        guard lookup.string(0, "relkind") == "i" else {
            throw IdxScopeError(.database, "\(index) is a partitioned index; measure its partitions' indexes instead")
        }
        guard method == "btree" else {
            throw IdxScopeError(.database, "\(index) is a \(method) index; pgstatindex measures btree indexes only")
        }
        let fillfactor = Double(lookup.int64(0, "fillfactor") ?? 90)
        let blockSize = lookup.int64(0, "block_size") ?? 8192
        let sql = "\(PGConnection.marker) SELECT * FROM \(SQLIdentifier.quote(schema)).pgstatindex($1::oid::regclass)"
        let stats: PGResult
        do {
            stats = try connection.execute(sql, parameters: [oid], failure: .database)
        } catch let error as IdxScopeError where error.code == "42501" {
            throw IdxScopeError(.database, "not permitted to run pgstatindex (needs the pg_stat_scan_tables role): \(error.message)",
                                code: error.code)
        }
        let size = stats.int64(0, "index_size") ?? 0
        let leafPages = stats.int64(0, "leaf_pages") ?? 0
        let internalPages = stats.int64(0, "internal_pages") ?? 0
        let emptyPages = (stats.int64(0, "empty_pages") ?? 0) + (stats.int64(0, "deleted_pages") ?? 0)
        let density = stats.double(0, "avg_leaf_density").flatMap { $0.isNaN ? nil : $0 } ?? 0
        // A freshly built index packs its leaves to the fillfactor: what it would take now is the
        // meta page, the internal pages and the live leaf bytes at that density.
        let neededLeafPages = (Double(leafPages) * density / fillfactor).rounded(.up)
        let neededBytes = (1 + internalPages + Int64(neededLeafPages)) * blockSize
        let unusedLeafBytes = Int64(Double(leafPages * blockSize) * (1 - density / 100))
        return IndexSpace(sizeBytes: size, pages: size / blockSize,
                          unusedBytes: unusedLeafBytes + emptyPages * blockSize,
                          depth: stats.int64(0, "tree_level").map { Int($0) + 1 },
                          fragmentationPercent: stats.double(0, "leaf_fragmentation").flatMap { $0.isNaN ? nil : $0 },
                          leafPages: leafPages,
                          bloatBytes: max(0, size - neededBytes), bloatExact: true, bloatLowConfidence: false)
    }
}
