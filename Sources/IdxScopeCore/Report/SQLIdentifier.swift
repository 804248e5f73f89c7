/// Identifier quoting for generated SQL (both engines use standard double quotes).
public enum SQLIdentifier {
    /// Quotes only when needed: lower-case ASCII letters, digits and `_`, not starting with a digit.
    public static func quote(_ name: String) -> String {
        let plain = !name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && !("0"..."9").contains(name.unicodeScalars.first!) && !reserved.contains(name)
        return plain ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `schema.name`, omitting SQLite's implicit `main`.
    public static func qualified(schema: String, name: String, engine: Engine) -> String {
        if engine == .sqlite && schema == "main" { return quote(name) }
        return quote(schema) + "." + quote(name)
    }

    /// The statements a user would run to drop or rebuild an index. Shown, never executed.
    public static func dropStatement(for info: IndexInfo, engine: Engine) -> String {
        let name = qualified(schema: info.schema, name: info.name, engine: engine)
        if let constraint = info.constraint {
            let table = qualified(schema: info.schema, name: info.table, engine: engine)
            if engine == .postgresql {
                return "-- backs a \(constraint.rawValue.replacingOccurrences(of: "_", with: " ")) constraint: drop the constraint, not the index\n"
                    + "-- ALTER TABLE \(table) DROP CONSTRAINT \(quote(info.name));"
            }
            return "-- backs a \(constraint.rawValue.replacingOccurrences(of: "_", with: " ")) constraint of \(table): it cannot be dropped on its own"
        }
        return engine == .postgresql ? "DROP INDEX CONCURRENTLY \(name);" : "DROP INDEX \(name);"
    }

    public static func rebuildStatement(for info: IndexInfo, engine: Engine) -> String {
        let name = qualified(schema: info.schema, name: info.name, engine: engine)
        return engine == .postgresql ? "REINDEX INDEX CONCURRENTLY \(name);" : "REINDEX \(name);"
    }

    private static let reserved: Set<String> = [
        "all", "and", "as", "asc", "by", "check", "column", "constraint", "create", "default", "desc", "distinct",
        "drop", "else", "end", "from", "group", "having", "in", "index", "is", "join", "key", "limit", "not", "null",
        "on", "or", "order", "primary", "references", "select", "table", "then", "to", "union", "unique", "user",
        "when", "where", "with",
    ]
}

import Foundation
