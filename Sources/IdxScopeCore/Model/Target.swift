import Foundation

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

    /// libpq's connection keywords (PQconndefaults of PostgreSQL 15); Core does not link libpq.
    static let libpqKeywords: Set<String> = [
        "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "channel_binding", "connect_timeout",
        "client_encoding", "options", "application_name", "fallback_application_name", "keepalives", "keepalives_idle",
        "keepalives_interval", "keepalives_count", "tcp_user_timeout", "sslmode", "sslcompression", "sslcert", "sslkey",
        "sslpassword", "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version",
        "ssl_max_protocol_version", "gssencmode", "krbsrvname", "gsslib", "service", "target_session_attrs", "replication",
    ]

    /// `key=value` pairs whose first key is a libpq keyword (libpq allows spaces around "="),
    /// e.g. "host=localhost dbname=app" — unless a file of that name exists: then it is SQLite.
    static func looksLikeConninfo(_ text: String, fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var position = 0
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
        let keyStart = position
        while position < scalars.count, scalars[position] != "=", !scalars[position].properties.isWhitespace { position += 1 }
        let key = String(String.UnicodeScalarView(scalars[keyStart..<position])).lowercased()
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
        guard position < scalars.count, scalars[position] == "=", libpqKeywords.contains(key) else { return false }
        return !fileExists(text)
    }
}
