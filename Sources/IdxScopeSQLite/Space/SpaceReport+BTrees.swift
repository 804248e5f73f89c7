import IdxScopeCore

/// Which table each b-tree belongs to, and which b-trees are indexes.
struct SpaceOwners {
    var tableOfIndex: [String: String] = [:]
    var tables: Set<String> = []
    /// WITHOUT ROWID tables: their primary-key index IS the table's b-tree (dbstat names it after
    /// the table; the index has no row of its own in sqlite_schema).
    var withoutRowidPrimaryKeys: [String: String] = [:]

    static func load(_ connection: Connection) throws -> SpaceOwners {
        let statement = try connection.prepare("""
            SELECT type, name, tbl_name FROM sqlite_schema WHERE rootpage > 0
            UNION ALL
            SELECT 'without_rowid_pk', il.name, s.name FROM sqlite_schema AS s JOIN pragma_index_list(s.name) AS il
            WHERE s.type = 'table' AND s.sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND il.origin = 'pk'
              AND NOT EXISTS (SELECT 1 FROM sqlite_schema AS i WHERE i.type = 'index' AND i.name = il.name)
            """)
        var owners = SpaceOwners()
        owners.tables.insert("sqlite_schema")
        while try statement.step() {
            guard let type = statement.string(0), let name = statement.string(1), let table = statement.string(2) else { continue }
            switch type {
            case "index": owners.tableOfIndex[name] = table
            case "without_rowid_pk": owners.withoutRowidPrimaryKeys[name] = table
            default: owners.tables.insert(name)
            }
        }
        return owners
    }
}

extension SpaceReport {
    /// Turns per-b-tree figures into the report: indexes keyed by id, tables by "main.name".
    static func build(btrees: [String: BTreeSpace], owners: SpaceOwners, file: DatabaseSpace) -> SpaceReport {
        var report = SpaceReport(database: file)
        let withoutRowid = Set(owners.withoutRowidPrimaryKeys.values)
        for table in owners.tables {
            let btree = btrees[table] ?? BTreeSpace()
            // In an index-shaped (WITHOUT ROWID) b-tree interior cells are rows too.
            report.tables["main.\(table)"] = TableSpace(schema: "main", name: table, sizeBytes: btree.sizeBytes,
                                                         rows: withoutRowid.contains(table) ? btree.cells : btree.leafCells)
        }
        let indexBTrees = owners.tableOfIndex.map { ($0.key, $0.value, $0.key) }
            + owners.withoutRowidPrimaryKeys.map { ($0.key, $0.value, $0.value) }
        for (index, table, btreeName) in indexBTrees {
            let btree = btrees[btreeName] ?? BTreeSpace()
            report.indexes[IndexID(schema: "main", name: index)] = IndexSpace(
                sizeBytes: btree.sizeBytes, pages: btree.pages, unusedBytes: btree.unusedBytes, depth: btree.depth,
                fragmentationPercent: btree.fragmentationPercent, leafPages: btree.leafPages,
                entries: btree.cells, tableSizeBytes: btrees[table]?.sizeBytes, isTableBTree: btreeName == table)
        }
        return report
    }
}
