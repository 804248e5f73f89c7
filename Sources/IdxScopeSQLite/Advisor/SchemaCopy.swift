import IdxScopeCore

/// An in-memory database with the inspected file's schema (tables, indexes, views) and its
/// `sqlite_stat1` rows, so the planner sees what it sees on the file: what-if indexes are created
/// here, never in the file. Rows are not copied; SQLite plans from the schema and statistics.
final class SchemaCopy {
    let connection: Connection
    /// Objects SQLite would not recreate here (a virtual table whose module is missing).
    private(set) var skipped: [String] = []

    init(of source: Connection) throws {
        connection = try Connection(target: ":memory:", mode: .readWriteCreate)
        // Tables before the indexes and views that name them; a virtual table before its shadow
        // tables (which it creates itself, so theirs fail as duplicates and are skipped).
        let schema = try source.prepare("""
            SELECT type, name, sql FROM sqlite_schema
             WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND type IN ('table', 'index', 'view')
             ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid
            """)
        while try schema.step() {
            guard let sql = schema.string(2) else { continue }
            do {
                try connection.execute(sql)
            } catch let error as SQLiteError {
                // A shadow table its virtual table made already: nothing is missing.
                if !error.message.contains("already exists") { skipped.append("\(schema.string(1) ?? "?"): \(error.message)") }
            }
        }
        try copyStatistics(from: source)
    }

    /// `ANALYZE sqlite_schema` creates `sqlite_stat1`; the rows copied in are read by the planner
    /// once the same statement makes it reload the statistics.
    private func copyStatistics(from source: Connection) throws {
        let rows: Statement
        do {
            rows = try source.prepare("SELECT tbl, idx, stat FROM sqlite_stat1")
        } catch let error as SQLiteError where error.message.hasPrefix("no such table") {
            return // ANALYZE never ran on the file: the planner uses its defaults in both places
        }
        try connection.execute("ANALYZE sqlite_schema")
        let insert = try connection.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)")
        while try rows.step() {
            try insert.bind([rows.value(0), rows.value(1), rows.value(2)])
            while try insert.step() {}
        }
        try connection.execute("ANALYZE sqlite_schema")
    }

    /// Column names of a table (lowercased), from `pragma_table_info`.
    func columns(of table: String) throws -> Set<String> {
        let statement = try connection.prepare("SELECT name FROM pragma_table_info(?)")
        try statement.bind([.text(table)])
        var names = Set<String>()
        while try statement.step() { if let name = statement.string(0) { names.insert(name.lowercased()) } }
        return names
    }
}
