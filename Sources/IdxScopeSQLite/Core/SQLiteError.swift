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

    /// Maps to the project's error: interrupts become `.cancelled`, a busy database says so, and
    /// with `path` a problem of the file itself (damage, truncation, a hot journal) is named with
    /// the file, as a `.database` error whatever `kind` the caller expected.
    public func idxScopeError(_ kind: IdxScopeError.Kind, path: String? = nil) -> IdxScopeError {
        switch primaryCode {
        case SQLITE_INTERRUPT:
            return IdxScopeError(.cancelled, "cancelled", code: String(code))
        case SQLITE_BUSY, SQLITE_LOCKED:
            let file = path.map { " on \($0)" } ?? ""
            return IdxScopeError(.database, "database is locked: another connection holds a write lock\(file) (\(message))",
                                 code: String(code))
        default:
            if let path, let problem = fileProblem(path) { return IdxScopeError(.database, problem, code: String(code)) }
            return IdxScopeError(kind, message, code: String(code))
        }
    }

    // Extended codes whose macros Swift does not import: (primary | n << 8), as sqlite3.h defines them.
    static let ioErrorShortRead = SQLITE_IOERR | (2 << 8)
    static let readOnlyRollback = SQLITE_READONLY | (3 << 8)

    /// What is wrong with the file, in words a user can act on; nil for statement errors.
    func fileProblem(_ path: String) -> String? {
        switch code {
        case Self.ioErrorShortRead:
            return "\(path): the file changed while it was read (it is shorter than its pages say: truncated or replaced?)"
        case Self.readOnlyRollback:
            return "\(path): an interrupted write left a hot journal (\(path)-journal) that must be rolled back first; "
                + "idxscope only reads: open the database once with sqlite3 as a user who may write it"
        default: break
        }
        switch primaryCode {
        case SQLITE_CORRUPT:
            return "\(path): database disk image is malformed" + (message == "database disk image is malformed" ? "" : " (\(message))")
        case SQLITE_NOTADB:
            return "\(path): file is not a database"
        case SQLITE_FULL:
            // Nothing is written on a read-only connection: dbstat answers a damaged page this way.
            return "\(path): a page is corrupt (SQLite stopped with \"\(message)\" on a file it only reads; "
                + "PRAGMA integrity_check lists the damage)"
        case SQLITE_IOERR:
            return "\(path): read error (\(message))"
        case SQLITE_CANTOPEN:
            return "\(path): cannot open the file (\(message))"
        case SQLITE_READONLY:
            return "\(path): \(message) (idxscope opens it read-only)"
        default:
            return nil
        }
    }
}
