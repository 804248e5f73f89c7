import IdxScopeCore

/// Which foreign keys each index serves: an FK whose referencing columns are a left prefix of
/// the index's key columns lets a delete on the referenced table find its rows without a scan.
/// One statement for the whole schema (pragma_foreign_key_list joined with sqlite_schema).
enum ForeignKeys {
    struct Key: Equatable {
        var table: String
        var columns: [String]
        var referencedTable: String

        /// SQLite's foreign keys have no names; this reads like one: `job(queue_id) → queue`.
        var label: String { "\(table)(\(columns.joined(separator: ", "))) → \(referencedTable)" }
    }

    static func load(_ connection: Connection) throws -> [Key] {
        let statement = try connection.prepare("""
            SELECT m.name, f.id, f.seq, f."from", f."table"
              FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f
             WHERE m.type = 'table'
             ORDER BY m.name, f.id, f.seq
            """)
        var keys: [Key] = []
        var current: (table: String, id: Int64)?
        while try statement.step() {
            guard let table = statement.string(0), let column = statement.string(3), let referenced = statement.string(4) else { continue }
            let id = statement.int64(1)
            if let current, current.table == table, current.id == id {
                keys[keys.count - 1].columns.append(column)
            } else {
                keys.append(Key(table: table, columns: [column], referencedTable: referenced))
            }
            current = (table, id)
        }
        return keys
    }

    /// The index's info with the foreign keys it serves filled in (pure).
    static func annotate(_ info: IndexInfo, with keys: [Key]) -> IndexInfo {
        var info = info
        let indexColumns = info.keyColumns.map { $0.isExpression ? nil : $0.name.lowercased() }
        info.servesForeignKeys = keys.filter { key in
            key.table == info.table && key.columns.count <= indexColumns.count
                && zip(key.columns, indexColumns).allSatisfy { $0.lowercased() == $1 }
        }.map(\.label)
        return info
    }
}
