/// Identifier quoting and the index maintenance SQL idxscope shows (never runs). Both engines
/// use standard double quotes.
public enum SQLIdentifier {
    /// Bare when a plain lower-case ASCII name that is not a keyword of the engines (PostgreSQL's
    /// `quote_ident` rule; SQLite reads such names the same way), else double-quoted with
    /// embedded double quotes doubled.
    public static func quote(_ identifier: String) -> String {
        let plain = identifier.first.map { $0 == "_" || ("a"..."z").contains($0) } ?? false
            && identifier.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        if plain && !SQLKeywords.isKeyword(identifier) { return identifier }
        return "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `schema.name`, omitting SQLite's implicit `main`.
    public static func qualified(schema: String, name: String, engine: Engine) -> String {
        if engine == .sqlite && schema == "main" { return quote(name) }
        return quote(schema) + "." + quote(name)
    }

    /// The statement that removes the index, or the reason it cannot be dropped by itself.
    public static func drop(_ info: IndexInfo, engine: Engine) -> (sql: String?, note: String?) {
        let index = qualified(schema: info.schema, name: info.name, engine: engine)
        switch engine {
        case .sqlite:
            if info.name.hasPrefix("sqlite_autoindex_") {
                return (nil, "created by a \(info.primary ? "PRIMARY KEY" : "UNIQUE") constraint; SQLite drops it only with the table")
            }
            return ("DROP INDEX \(index);", nil)
        case .postgresql:
            if let parent = info.parentIndex {
                return (nil, "the index of one partition: it goes with its partitioned index \(quote(parent))")
            }
            if info.isPartitionedParent, info.constraint == nil {
                // PostgreSQL refuses CONCURRENTLY on a partitioned index; the plain form locks every partition.
                return ("DROP INDEX \(index);", "a partitioned index cannot be dropped concurrently: this locks every partition")
            }
            if let constraint = info.constraint {
                let table = qualified(schema: info.schema, name: info.table, engine: engine)
                return ("ALTER TABLE \(table) DROP CONSTRAINT \(quote(info.name));",
                        "backs a \(constraint.rawValue.replacingOccurrences(of: "_", with: " ")) constraint: drop the constraint, not the index")
            }
            return ("DROP INDEX CONCURRENTLY \(index);", nil)
        }
    }

    /// The statement that rebuilds the index in place.
    public static func rebuild(_ info: IndexInfo, engine: Engine) -> String {
        let index = qualified(schema: info.schema, name: info.name, engine: engine)
        switch engine {
        case .sqlite: return "REINDEX \(index);"
        // REINDEX … CONCURRENTLY of a partitioned index rebuilds each partition's index in turn (PG 14+).
        case .postgresql: return "REINDEX INDEX CONCURRENTLY \(index);"
        }
    }
}
