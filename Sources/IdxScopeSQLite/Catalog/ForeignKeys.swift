import IdxScopeCore

/// Every foreign key of the schema (one statement: pragma_foreign_key_list joined with
/// sqlite_schema), and the plan of each key's lookup: the child-table search SQLite itself runs
/// for a delete or key update on the parent (fkScanChildren plans `child WHERE c1 = ? AND …`).
enum ForeignKeys {
    static func load(_ connection: Connection) throws -> [ForeignKey] {
        // "to" is NULL when the key references the parent's primary key: name its columns.
        let statement = try connection.prepare("""
            SELECT m.name, f.id, f.seq, f."from", f."table",
                   COALESCE(f."to", (SELECT p.name FROM pragma_table_info(f."table") AS p WHERE p.pk = f.seq + 1))
              FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f
             WHERE m.type = 'table'
             ORDER BY m.name, f.id, f.seq
            """)
        var keys: [ForeignKey] = []
        var current: (table: String, id: Int64)?
        while try statement.step() {
            guard let table = statement.string(0), let column = statement.string(3), let referenced = statement.string(4) else { continue }
            let id = statement.int64(1)
            let referencedColumn = statement.string(5) ?? "?"
            if let current, current.table == table, current.id == id {
                keys[keys.count - 1].columns.append(column)
                keys[keys.count - 1].referencedColumns.append(referencedColumn)
            } else {
                keys.append(ForeignKey(schema: "main", table: table, name: "", columns: [column], referencedTable: referenced,
                                       referencedColumns: [referencedColumn]))
            }
            current = (table, id)
        }
        // SQLite's foreign keys have no names; this reads like one: `job(queue_id) → queue`.
        return keys.map { key in
            var key = key
            key.name = "\(key.table)(\(key.columns.joined(separator: ", "))) → \(key.referencedTable)"
            return key
        }
    }

    /// The lookup SQLite runs on the child table for one parent key.
    static func lookupSQL(_ key: ForeignKey) -> String {
        "SELECT 1 FROM \(quoted(key.table)) WHERE " + key.columns.map { "\(quoted($0)) = ?" }.joined(separator: " AND ")
    }

    /// Each key with the planner's verdict on its lookup (one EXPLAIN QUERY PLAN per key,
    /// in-process: no round trips to count).
    static func planLookups(_ keys: [ForeignKey], indexes: [IndexInfo], connection: Connection) -> [ForeignKey] {
        let names = IndexNames(indexes)
        return keys.map { key in
            var key = key
            do {
                let statement = try connection.prepare("EXPLAIN QUERY PLAN " + lookupSQL(key))
                var nodes: [PlanNode] = []
                while try statement.step() {
                    let detail = statement.string(3) ?? ""
                    let step = SQLiteEQPClassifier.classify(detail)
                    nodes.append(PlanNode(id: Int(statement.int64(0)), parent: Int(statement.int64(1)), detail: detail,
                                          kind: step.kind, relation: step.table ?? step.name, index: step.index))
                }
                let plan = QueryPlan(engine: .sqlite, query: lookupSQL(key), nodes: nodes)
                key.lookup = ForeignKeyLookups.judge(plan, for: key, indexes: names, requireLeadingColumn: false)
            } catch {
                key.lookup = .failed("\(error)")
            }
            return key
        }
    }

    /// Always double-quoted: valid for any name, keyword or not.
    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
