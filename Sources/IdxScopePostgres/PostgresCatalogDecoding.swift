import Foundation
import IdxScopeCore

/// Turns the rows of `PostgresCatalogSQL` into the core model.
enum PostgresCatalogDecoding {
    static func catalog(from result: PGResult, database: String) throws -> Catalog {
        guard result.rowCount > 0 else { throw IdxScopeError(.database, "the catalog query returned no row") }
        let extensions = (result.json(0, "extensions") as? [String]) ?? []
        var catalog = Catalog(
            engine: .postgresql, database: database,
            serverVersion: result.string(0, "server_version") ?? "",
            statsSince: result.double(0, "stats_since").map { Date(timeIntervalSince1970: $0) },
            isReplica: result.bool(0, "is_replica"),
            indexes: [],
            notes: notes(extensions: extensions))
        let blockSize = result.int64(0, "block_size") ?? 8192
        catalog.space = DatabaseSpace(pageSize: blockSize)
        // Exact size up front: a growing array rounds up, and during a TUI reload two catalogs live at once.
        catalog.indexes.reserveCapacity(result.rowCount)
        for row in 0..<result.rowCount where !result.isNull(row, result.column("index_name")) {
            let record = indexRecord(result, row: row, blockSize: blockSize)
            catalog.indexes.append(record)
            let tableKey = "\(record.info.schema).\(record.info.table)"
            if catalog.tables[tableKey] == nil {
                let rows = result.double(row, "table_rows").flatMap { $0 < 0 ? nil : Int64($0) }
                catalog.tables[tableKey] = TableSpace(schema: record.info.schema, name: record.info.table,
                                                      sizeBytes: record.space.tableSizeBytes, rows: rows)
            }
        }
        return catalog
    }

    /// A foreign key with the lookup statement the server wrote for it (see the catalog SQL).
    struct KeyLookup {
        var key: ForeignKey
        /// `SELECT 1 FROM [ONLY] s.child x WHERE $1 = x.c1 AND …`
        var sql: String
        /// The `$n` types, comma-separated (the referenced columns' types).
        var parameterTypes: String
        /// False when this role lacks SELECT on the key's columns (planning would fail).
        var plannable: Bool
    }

    /// The elements of `all_foreign_keys_json` (on one row of the result).
    static func foreignKeys(from result: PGResult) -> [KeyLookup] {
        for row in 0..<result.rowCount {
            guard let list = result.json(row, "all_foreign_keys_json") as? [[Any]] else { continue }
            return list.compactMap { fields in
                guard fields.count == 9, let schema = fields[0] as? String, let table = fields[1] as? String,
                      let name = fields[2] as? String, let columns = fields[3] as? [String], let referenced = fields[4] as? String,
                      let referencedColumns = fields[5] as? [String], let sql = fields[6] as? String, let types = fields[7] as? String
                else { return nil }
                return KeyLookup(key: ForeignKey(schema: schema, table: table, name: name, columns: columns, referencedTable: referenced,
                                                 referencedColumns: referencedColumns),
                                 sql: sql, parameterTypes: types, plannable: fields[8] as? Bool ?? false)
            }
        }
        return []
    }

    static func notes(extensions: [String]) -> [String] {
        [
            extensions.contains("pgstattuple") ? "pgstattuple: installed (exact bloat available)"
                : "pgstattuple: not installed (bloat figures are estimates)",
            extensions.contains("pg_stat_statements") ? "pg_stat_statements: installed" : "pg_stat_statements: not installed",
            extensions.contains("hypopg") ? "hypopg: installed" : "hypopg: not installed",
        ]
    }

    private static func indexRecord(_ result: PGResult, row: Int, blockSize: Int64) -> IndexRecord {
        let columns = ((result.json(row, "columns_json") as? [[Any]]) ?? []).map(column)
        let keyCount = Int(result.int64(row, "key_count") ?? Int64(columns.count))
        let constraint: IndexInfo.Constraint? = switch result.string(row, "constraint_type") {
        case "p": .primaryKey
        case "u": .unique
        case "x": .exclusion
        default: nil
        }
        let info = IndexInfo(
            schema: result.string(row, "schema_name") ?? "",
            table: result.string(row, "table_name") ?? "",
            name: result.string(row, "index_name") ?? "",
            keyColumns: Array(columns.prefix(keyCount)),
            includeColumns: Array(columns.dropFirst(keyCount)),
            unique: result.bool(row, "is_unique") ?? false,
            primary: result.bool(row, "is_primary") ?? false,
            constraint: constraint,
            partial: result.string(row, "predicate"),
            method: result.string(row, "method") ?? "",
            valid: result.bool(row, "is_valid") ?? true,
            definition: result.string(row, "definition") ?? "",
            isPartitionedParent: result.bool(row, "partitioned_parent") ?? false,
            parentIndex: result.string(row, "parent_index"),
            extensionOwner: result.string(row, "extension_owner"))
        let usage = IndexUsage(scans: result.int64(row, "idx_scan"),
                               tuplesRead: result.int64(row, "idx_tup_read"),
                               tuplesFetched: result.int64(row, "idx_tup_fetch"))
        let size = result.int64(row, "size_bytes")
        let space = IndexSpace(sizeBytes: size, pages: size.map { $0 / blockSize },
                               tableSizeBytes: result.int64(row, "table_size_bytes"))
        return IndexRecord(info: info, usage: usage, space: space)
    }

    /// One element of `columns_json`: [name or expression, is expression, descending, collation,
    /// operator class, nulls first].
    private static func column(_ fields: [Any]) -> IndexInfo.Column {
        func field(_ position: Int) -> Any? { position < fields.count ? fields[position] : nil }
        let descending = field(2) as? Bool ?? false
        // NULLS FIRST is the default for DESC: kept only when it says something else.
        let nullsFirst = (field(5) as? Bool).flatMap { $0 == descending ? nil : $0 }
        return IndexInfo.Column(name: field(0) as? String ?? "",
                                isExpression: field(1) as? Bool ?? false,
                                descending: descending,
                                collation: field(3) as? String,
                                opclass: field(4) as? String,
                                nullsFirst: nullsFirst)
    }

    static func spaceReport(from result: PGResult) -> SpaceReport {
        var report = SpaceReport()
        guard result.rowCount > 0 else { return report }
        let blockSize = result.int64(0, "block_size") ?? 8192
        report.database = DatabaseSpace(pageSize: blockSize, totalBytes: result.int64(0, "database_bytes"))
        let nameColumn = result.column("index_name")
        for row in 0..<result.rowCount where !result.isNull(row, nameColumn) {
            let schema = result.string(row, "schema_name") ?? ""
            let size = result.int64(row, "size_bytes")
            let tableSize = result.int64(row, "table_size_bytes")
            let id = IndexID(schema: schema, name: result.string(row, nameColumn) ?? "")
            report.indexes[id] = IndexSpace(
                sizeBytes: size, pages: size.map { $0 / blockSize },
                bloatBytes: result.int64(row, "bloat_bytes"), bloatExact: false,
                bloatLowConfidence: result.bool(row, "low_confidence") ?? false,
                tableSizeBytes: tableSize)
            let table = result.string(row, "table_name") ?? ""
            report.tables["\(schema).\(table)"] = TableSpace(schema: schema, name: table, sizeBytes: tableSize,
                                                            rows: result.double(row, "table_rows").flatMap { $0 < 0 ? nil : Int64($0) })
        }
        return report
    }
}
