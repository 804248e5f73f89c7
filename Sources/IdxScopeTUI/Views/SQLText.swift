import IdxScopeCore

/// SQL the detail screen shows (never runs): dropping or rebuilding an index.
public enum SQLText {
    private static let reserved: Set<String> = [
        "all", "and", "as", "asc", "by", "case", "check", "collate", "column", "constraint", "create", "default",
        "desc", "distinct", "drop", "else", "end", "foreign", "from", "group", "having", "in", "index", "into",
        "is", "join", "key", "limit", "not", "null", "on", "or", "order", "primary", "references", "select",
        "table", "then", "to", "union", "unique", "user", "using", "when", "where", "with",
    ]

    /// An identifier as SQL: bare when it is a plain lower-case name, else in double quotes
    /// with embedded double quotes doubled (both engines).
    public static func quote(_ identifier: String) -> String {
        let plain = identifier.first.map { $0 == "_" || ("a"..."z").contains($0) } ?? false
            && identifier.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        if plain && !reserved.contains(identifier) { return identifier }
        return "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func qualified(_ id: IndexID) -> String { quote(id.schema) + "." + quote(id.name) }

    /// The statement that removes the index, or the reason it cannot be dropped by itself.
    public static func drop(_ info: IndexInfo, engine: Engine) -> (sql: String?, note: String?) {
        switch engine {
        case .sqlite:
            if info.name.hasPrefix("sqlite_autoindex_") {
                return (nil, "created by a \(info.primary ? "PRIMARY KEY" : "UNIQUE") constraint; SQLite drops it only with the table")
            }
            return ("DROP INDEX \(qualified(info.id));", nil)
        case .postgresql:
            if let constraint = info.constraint {
                let table = quote(info.schema) + "." + quote(info.table)
                return ("ALTER TABLE \(table) DROP CONSTRAINT \(quote(info.name));",
                        "backs a \(constraint.rawValue.replacingOccurrences(of: "_", with: " ")) constraint: drop the constraint, not the index")
            }
            return ("DROP INDEX CONCURRENTLY \(qualified(info.id));", nil)
        }
    }

    /// The statement that rebuilds the index in place.
    public static func rebuild(_ info: IndexInfo, engine: Engine) -> String {
        switch engine {
        case .sqlite: return "REINDEX \(qualified(info.id));"
        case .postgresql: return "REINDEX INDEX CONCURRENTLY \(qualified(info.id));"
        }
    }
}
