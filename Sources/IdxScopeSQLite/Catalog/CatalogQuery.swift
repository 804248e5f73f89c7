import Foundation
import IdxScopeCore

/// Reads every index of every table in two statements, whatever the number of indexes: one join
/// of `sqlite_schema` with the table-valued `pragma_index_list` / `pragma_index_xinfo`, and one
/// read of `sqlite_stat1` when ANALYZE has created it.
enum CatalogQuery {
    /// One row per index column (key and auxiliary), grouped by table, then index, in key order.
    static let indexColumnsSQL = """
        SELECT s.name, il.name, il."unique", il.origin, il.partial,
               ix.seqno, ix.cid, ix.name, ix."desc", ix.coll, ix.key, i.sql
        FROM sqlite_schema AS s
        JOIN pragma_index_list(s.name) AS il
        JOIN pragma_index_xinfo(il.name) AS ix
        LEFT JOIN sqlite_schema AS i ON i.type = 'index' AND i.name = il.name
        WHERE s.type = 'table' AND s.sql NOT LIKE 'CREATE VIRTUAL TABLE%'
        ORDER BY s.name, il.name, ix.seqno
        """

    static func loadIndexes(_ connection: Connection) throws -> [IndexInfo] {
        let statement = try connection.prepare(indexColumnsSQL)
        var indexes: [IndexInfo] = []
        var current: (info: IndexInfo, parsed: CreateIndexSQL?)?

        func finish() {
            guard var (info, _) = current else { return }
            if info.definition.isEmpty { info.definition = synthesizedDefinition(info) }
            indexes.append(info)
        }

        while try statement.step() {
            let table = statement.string(0) ?? ""
            let name = statement.string(1) ?? ""
            if current?.info.name != name || current?.info.table != table {
                finish()
                let origin = statement.string(3) ?? "c"
                let sql = statement.string(11)
                let parsed = sql.flatMap(CreateIndexSQL.init)
                let info = IndexInfo(
                    schema: "main", table: table, name: name, keyColumns: [],
                    unique: statement.int64(2) != 0, primary: origin == "pk",
                    constraint: origin == "pk" ? .primaryKey : origin == "u" ? .unique : nil,
                    partial: statement.int64(4) != 0 ? (parsed?.predicate ?? "") : nil,
                    method: "btree", valid: true, definition: sql ?? "")
                current = (info, parsed)
            }
            guard statement.int64(10) != 0 else { continue } // auxiliary column (rowid / rest of PK)
            let seqno = Int(statement.int64(5))
            let cid = statement.int64(6)
            let isExpression = cid == -2
            let columnName: String
            if isExpression {
                let terms = current?.parsed?.terms ?? []
                columnName = seqno < terms.count ? terms[seqno] : "<expression>"
            } else {
                columnName = statement.string(7) ?? (cid == -1 ? "rowid" : "?")
            }
            let collation = statement.string(9).flatMap { $0.uppercased() == "BINARY" ? nil : $0 }
            current?.info.keyColumns.append(IndexInfo.Column(
                name: columnName, isExpression: isExpression, descending: statement.int64(8) != 0, collation: collation))
        }
        finish()
        return indexes
    }

    /// Automatic indexes have no SQL of their own: say which constraint made them.
    static func synthesizedDefinition(_ info: IndexInfo) -> String {
        let columns = info.keyColumns.map { column in
            var text = column.isExpression ? column.name : SQLIdentifier.quote(column.name)
            if let collation = column.collation { text += " COLLATE \(collation)" }
            if column.descending { text += " DESC" }
            return text
        }.joined(separator: ", ")
        let constraint = info.constraint == .primaryKey ? "PRIMARY KEY" : "UNIQUE"
        return "\(constraint) (\(columns)) of table \(SQLIdentifier.quote(info.table)) (automatic index)"
    }

    /// `sqlite_stat1`: the table's row count (from the `idx IS NULL` row or any index's first figure).
    static func loadTableRows(_ connection: Connection) throws -> [String: Int64] {
        let statement: Statement
        do {
            statement = try connection.prepare("SELECT tbl, idx, stat FROM sqlite_stat1")
        } catch let error as SQLiteError where error.message.hasPrefix("no such table") {
            return [:] // ANALYZE never ran
        }
        var rows: [String: Int64] = [:]
        while try statement.step() {
            guard let table = statement.string(0), let stat = statement.string(2),
                  let first = stat.split(separator: " ").first, let count = Int64(first) else { continue }
            // The table row is exact; an index row counts the table's rows too unless partial.
            if statement.isNull(1) || rows[table] == nil || count > rows[table]! { rows[table] = count }
        }
        return rows
    }
}

/// SQL identifier quoting ("a""b"), for names shown in synthesized SQL.
public enum SQLIdentifier {
    public static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
