import CSQLite
import IdxScopeCore

/// A failed SQLite call: the (extended) result code, SQLite's message and the SQL it ran.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (extended codes keep it in their low byte).
    public var primaryCode: Int32 { code & 0xff }

    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " (while running: \($0))" } ?? "")
    }

    /// Maps to the project's error: interrupts become `.cancelled`, a busy database says so.
    public func idxScopeError(_ kind: IdxScopeError.Kind) -> IdxScopeError {
        switch primaryCode {
        case SQLITE_INTERRUPT:
            return IdxScopeError(.cancelled, "cancelled", code: String(code))
        case SQLITE_BUSY, SQLITE_LOCKED:
            return IdxScopeError(.database, "database is locked: another connection holds a write lock (\(message))",
                                 code: String(code))
        default:
            return IdxScopeError(kind, message, code: String(code))
        }
    }
}
