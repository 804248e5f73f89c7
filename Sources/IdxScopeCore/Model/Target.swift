/// What the user named on the command line, before any engine touches it.
public enum Target: Equatable, Sendable {
    /// A SQLite file path or `file:` URI.
    case sqlite(String)
    /// A libpq connection string (URI or key=value), handed to libpq unchanged; "" = PG* variables.
    case postgres(String)

    /// Classifies TARGET as DESIGN.md's command-line contract says. `preferPostgres` is `--pg`.
    public static func parse(_ text: String?, preferPostgres: Bool = false) throws -> Target {
        guard let text, !text.isEmpty else {
            if preferPostgres { return .postgres("") }
            throw IdxScopeError(.input, "no target: give a SQLite file, a postgres:// URI or a conninfo (or --pg for PG* variables)")
        }
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") { return .postgres(text) }
        if lower.hasPrefix("sqlite:") { return .sqlite(String(text.dropFirst("sqlite:".count))) }
        if lower.hasPrefix("file:") { return .sqlite(text) }
        if preferPostgres || looksLikeConninfo(text) { return .postgres(text) }
        return .sqlite(text)
    }

    /// `key=value` pairs with libpq's keywords, e.g. "host=localhost dbname=app".
    static func looksLikeConninfo(_ text: String) -> Bool {
        let keywords: Set<String> = ["host", "hostaddr", "port", "dbname", "user", "password", "passfile", "service",
                                     "sslmode", "connect_timeout", "options", "application_name", "target_session_attrs"]
        guard let firstPair = text.split(separator: " ").first, let equals = firstPair.firstIndex(of: "=") else { return false }
        return keywords.contains(String(firstPair[..<equals]).trimmingCharacters(in: .whitespaces).lowercased())
    }
}
