import Foundation

/// The `indexes` command's output: JSON per the contract in DESIGN.md, or an aligned table.
public enum IndexesReport {
    public static func json(_ catalog: Catalog) -> JSONValue {
        let keys = ForeignKeyDirectory(catalog.foreignKeys)
        return .object([
            ("engine", .string(catalog.engine.rawValue)),
            ("database", .string(catalog.database)),
            ("server_version", .string(catalog.serverVersion)),
            ("stats_since", .optional(catalog.statsSince.map(Timestamp.iso8601))),
            ("is_replica", .optional(catalog.isReplica)),
            ("servers", .optional(catalog.servers.map(Int64.init))),
            ("usage_source", .optional(catalog.usageSource?.rawValue)),
            ("space", .object([
                ("page_size", .optional(catalog.space.pageSize)),
                ("page_count", .optional(catalog.space.pageCount)),
                ("freelist_pages", .optional(catalog.space.freelistPages)),
                ("total_bytes", .optional(catalog.space.totalBytes)),
            ])),
            ("notes", .strings(catalog.notes)),
            ("indexes", .array(catalog.indexes.map { json($0, engine: catalog.engine, foreignKeys: keys) })),
        ])
    }

    /// `foreignKeys`: the catalog's keys, which `foreign_keys` describes by name.
    public static func json(_ record: IndexRecord, engine: Engine, foreignKeys: ForeignKeyDirectory) -> JSONValue {
        let info = record.info
        return .object([
            ("schema", .string(info.schema)),
            ("table", .string(info.table)),
            ("name", .string(info.name)),
            ("columns", .strings(info.keyColumns.map(\.name))),
            ("include", .strings(info.includeColumns.map(\.name))),
            ("unique", .bool(info.unique)),
            ("primary", .bool(info.primary)),
            ("constraint", .optional(info.constraint?.rawValue)),
            ("partial", .optional(info.partial)),
            ("method", .string(info.method)),
            ("valid", .bool(info.valid)),
            ("definition", .string(info.definition)),
            ("size_bytes", .optional(record.space.sizeBytes)),
            ("scans", .optional(record.usage.scans)),
            ("tuples_read", .optional(record.usage.tuplesRead)),
            ("tuples_fetched", .optional(record.usage.tuplesFetched)),
            ("bloat_bytes", .optional(record.space.bloatBytes)),
            ("bloat_exact", .bool(record.space.bloatExact)),
            ("pages", .optional(record.space.pages)),
            ("unused_bytes", .optional(record.space.unusedBytes)),
            ("depth", .optional(record.space.depth.map(Int64.init))),
            ("fragmentation_percent", .optional(record.space.fragmentationPercent)),
            ("table_size_bytes", .optional(record.space.tableSizeBytes)),
            ("bloat_low_confidence", .bool(record.space.bloatLowConfidence)),
            ("is_table_btree", .bool(record.space.isTableBTree)),
            ("foreign_keys", .array(info.servesForeignKeys.map { foreignKeys.json(named: $0, on: info) })),
            ("parent_index", .optional(info.parentIndex)),
            // Added fields (every older one keeps its place and meaning but foreign_keys, whose
            // names moved to foreign_key_names).
            ("column_details", .array(info.keyColumns.map { columnJSON($0, engine: engine) })),
            ("foreign_key_names", .strings(info.servesForeignKeys)),
        ])
    }

    /// One key column in key order: what `definition` says about it, field by field.
    /// `collation` and `opclass` are null for the column's own collation and the type's default
    /// operator class; `nulls_first` is the order NULLs take in the index (PostgreSQL: NULLS
    /// LAST for ASC unless NULLS FIRST is given; SQLite: NULLs are the smallest value).
    static func columnJSON(_ column: IndexInfo.Column, engine: Engine) -> JSONValue {
        let nullsFirst = engine == .sqlite ? !column.descending : (column.nullsFirst ?? column.descending)
        return .object([
            ("name", .string(column.name)),
            ("expression", .bool(column.isExpression)),
            ("descending", .bool(column.descending)),
            ("collation", .optional(column.collation)),
            ("opclass", .optional(column.opclass)),
            ("nulls_first", .bool(nullsFirst)),
        ])
    }

    /// Key columns as a DBA reads them (DESC and a collation noted), then INCLUDE columns.
    public static func columnsText(_ info: IndexInfo) -> String {
        let keys = info.keyColumns.map { column in
            // A non-default operator class tells apart indexes that otherwise read alike
            // (`kind`, `kind text_pattern_ops`), written where SQL writes it.
            column.name + (column.collation.map { " COLLATE \($0)" } ?? "") + (column.opclass.map { " \($0)" } ?? "")
                + (column.descending ? " DESC" : "")
        }
        let include = info.includeColumns.isEmpty ? [] : ["INCLUDE " + info.includeColumns.map(\.name).joined(separator: ", ")]
        return (keys + include).joined(separator: ", ")
    }

    /// Flags column: U unique, P primary key, W partial (WHERE), E expression, ! invalid.
    public static func flags(_ info: IndexInfo) -> String {
        var flags = ""
        if info.primary { flags += "P" } else if info.unique { flags += "U" }
        if info.partial != nil { flags += "W" }
        if info.hasExpression { flags += "E" }
        if !info.valid { flags += "!" }
        return flags
    }

    public static func table(_ catalog: Catalog, width: Int = 80) -> String {
        let hasUsage = catalog.indexes.contains { $0.usage.scans != nil }
        let hasBloat = catalog.indexes.contains { $0.space.bloatBytes != nil }
        let showSchema = Set(catalog.indexes.map(\.info.schema)).count > 1
        var columns = [
            TextTable.Column("TABLE", flexible: true),
            TextTable.Column("INDEX", flexible: true),
            TextTable.Column("COLUMNS", flexible: true),
            TextTable.Column("FLAGS"),
            TextTable.Column("SIZE", alignRight: true),
        ]
        if hasUsage { columns.append(TextTable.Column("SCANS", alignRight: true)) }
        if hasBloat { columns.append(TextTable.Column("BLOAT", alignRight: true)) }
        var table = TextTable(columns: columns)
        for record in catalog.indexes {
            let info = record.info
            var row = [
                showSchema ? info.schema + "." + info.table : info.table,
                info.name,
                columnsText(info),
                flags(info),
                ByteFormat.human(record.space.sizeBytes),
            ]
            if hasUsage { row.append(ByteFormat.count(record.usage.scans)) }
            if hasBloat {
                let bloat = ByteFormat.human(record.space.bloatBytes)
                row.append(record.space.bloatBytes == nil ? bloat : (record.space.bloatExact ? bloat : "~" + bloat))
            }
            table.add(row)
        }
        var heading = summary(catalog)
        if DisplayWidth.of(heading) > width {
            // A long path gets a line of its own rather than a line that wraps.
            heading = catalog.database + "\n" + summary(catalog, includeDatabase: false)
        }
        if let file = fileSummary(catalog.space) { heading += "\n" + file }
        return heading + "\n\n" + table.render(maxWidth: width)
            + "\nFLAGS: P primary key, U unique, W partial (WHERE), E expression, ! invalid"
            + (hasBloat ? "; ~ bloat estimated" : "") + "\n"
            + catalog.notes.map { "note: " + $0 + "\n" }.joined()
    }

    /// Page size, pages and the free list (SQLite), or the database size (PostgreSQL).
    public static func fileSummary(_ space: DatabaseSpace) -> String? {
        var parts: [String] = []
        if let total = space.totalBytes { parts.append(ByteFormat.human(total) + " on disk") }
        if let pages = space.pageCount, let size = space.pageSize {
            parts.append("\(ByteFormat.count(pages)) pages of \(ByteFormat.human(size))")
        }
        if let free = space.freelistPages, let size = space.pageSize {
            parts.append("\(ByteFormat.count(free)) free (\(ByteFormat.human(free * size)))")
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// One line: engine, version, database, count, total index size, stats window.
    public static func summary(_ catalog: Catalog, includeDatabase: Bool = true) -> String {
        // A partitioned index's size is its partitions' total: count the partitions only; and a
        // WITHOUT ROWID table's primary key is the table itself, not index space on top of it.
        let total = catalog.indexes.filter { !$0.info.isPartitionedParent && !$0.space.isTableBTree }
            .compactMap(\.space.sizeBytes).reduce(0, +)
        var parts: [String?] = [
            "\(catalog.engine == .sqlite ? "SQLite" : "PostgreSQL") \(catalog.serverVersion)",
            includeDatabase ? catalog.database : nil,
            "\(catalog.indexes.count) index\(catalog.indexes.count == 1 ? "" : "es")",
        ]
        if catalog.indexes.contains(where: { $0.space.sizeBytes != nil }) {
            parts.append(ByteFormat.human(total) + " in indexes")
        }
        if let since = catalog.statsSince { parts.append("stats since " + Timestamp.iso8601(since)) }
        if let servers = catalog.servers, servers > 1 { parts.append("counters of \(servers) servers") }
        if catalog.usageSource == .workload { parts.append("scans from the workload's plans") }
        if catalog.isReplica == true { parts.append("replica") }
        return parts.compactMap { $0 }.joined(separator: " · ")
    }
}

public enum Timestamp {
    public static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// The catalog's foreign keys by table and name, for the objects `foreign_keys` lists.
public struct ForeignKeyDirectory {
    private let byTable: [String: [String: ForeignKey]]
    /// By schema and name, for an index of another table than the key's (a partition's index
    /// serving its parent's key); nil when two tables of the schema use the name.
    private let bySchema: [String: ForeignKey?]

    public init(_ keys: [ForeignKey]) {
        var byTable: [String: [String: ForeignKey]] = [:]
        var bySchema: [String: ForeignKey?] = [:]
        for key in keys {
            byTable["\(key.schema).\(key.table)", default: [:]][key.name] = key
            let schemaKey = "\(key.schema).\(key.name)"
            bySchema[schemaKey] = bySchema[schemaKey] == nil ? key : .some(nil)
        }
        self.byTable = byTable
        self.bySchema = bySchema
    }

    /// The key `name` of the index's table as an object; a name the catalog does not list keeps
    /// its name with the rest null.
    func json(named name: String, on info: IndexInfo) -> JSONValue {
        let key = byTable["\(info.schema).\(info.table)"]?[name] ?? bySchema["\(info.schema).\(name)"] ?? nil
        return .object([
            ("name", .string(name)),
            ("columns", key.map { .strings($0.columns) } ?? .null),
            ("referenced_table", .optional(key?.referencedTable)),
            ("referenced_columns", key.map { .strings($0.referencedColumns) } ?? .null),
        ])
    }
}
