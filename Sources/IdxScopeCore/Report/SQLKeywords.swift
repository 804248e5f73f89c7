import Foundation

/// The keywords the engines themselves report, handed to Core as data (Core speaks no C API):
/// SQLite's `sqlite3_keyword_name` list, PostgreSQL's `pg_get_keywords()` words that are not
/// unreserved. `SQLIdentifier.quote` quotes every registered word. The set is the union of what
/// every engine registered in this process: quoting a word one engine would accept bare is
/// always safe, leaving a keyword bare is not.
public enum SQLKeywords {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var registered: Set<String> = []

    /// Adds an engine's keywords (any case).
    public static func register<Words: Sequence>(_ words: Words) where Words.Element == String {
        let upper = Set(words.map { $0.uppercased() })
        lock.lock()
        registered.formUnion(upper)
        lock.unlock()
    }

    /// True when the word must be quoted to be read as a name: a registered keyword, or one of
    /// SQL's reserved words (the floor before any engine has registered its list).
    public static func isKeyword(_ word: String) -> Bool {
        let upper = word.uppercased()
        if standardReserved.contains(upper) { return true }
        lock.lock()
        defer { lock.unlock() }
        return registered.contains(upper)
    }

    /// SQL:2016 reserved words that SQLite or PostgreSQL also reserve.
    static let standardReserved: Set<String> = [
        "ALL", "AND", "ANY", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "CONSTRAINT",
        "CREATE", "CROSS", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DEFAULT", "DELETE",
        "DESC", "DISTINCT", "DO", "DROP", "ELSE", "END", "EXCEPT", "EXISTS", "FALSE", "FETCH", "FOR", "FOREIGN", "FROM",
        "FULL", "GRANT", "GROUP", "HAVING", "IN", "INDEX", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "KEY",
        "LEFT", "LIKE", "LIMIT", "NATURAL", "NOT", "NULL", "OFFSET", "ON", "OR", "ORDER", "OUTER", "PRIMARY",
        "REFERENCES", "RETURNING", "RIGHT", "SELECT", "SET", "SOME", "TABLE", "THEN", "TO", "TRUE", "UNION", "UNIQUE",
        "UPDATE", "USER", "USING", "VALUES", "WHEN", "WHERE", "WINDOW", "WITH",
    ]
}
