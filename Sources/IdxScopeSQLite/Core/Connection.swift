import CSQLite
import Foundation
import IdxScopeCore

/// One SQLite connection. Every call except `cancel()` comes from one thread at a time;
/// `cancel()` may come from any thread (sqlite3_interrupt is thread-safe on an open handle).
public final class Connection {
    public enum Mode: Sendable {
        /// The inspector's mode: SQLITE_OPEN_READONLY, never creates the file.
        case readOnly
        /// The demo writer's mode: creates the file.
        case readWriteCreate
    }

    /// Milliseconds a statement waits for a writer's lock before failing with "database is locked".
    public static let defaultBusyTimeoutMs: Int32 = 2000

    private let handle: OpaquePointer
    private let closeLock = NSLock()
    public let path: String
    /// True when the file was opened as `immutable=1` (a WAL database in a read-only directory):
    /// a concurrent writer's changes would not be seen.
    public let isImmutable: Bool
    /// The file as it was when opened, to tell a reader why a later read failed.
    private let openedFile: stat?
    /// The `-wal`/`-shm` files this connection may create beside a WAL database, removed on close.
    private let sideFiles: WALSideFiles?
    /// Statements prepared so far; tests use it to prove the catalog costs a constant number.
    public private(set) var preparedStatementCount = 0

    /// Opens `target` (a path, `sqlite:PATH` or a `file:` URI). In `.readOnly` mode the file must
    /// exist, be a regular readable file and read as a database (checked now, not at first use).
    public init(target: String, mode: Mode = .readOnly, busyTimeoutMs: Int32 = Connection.defaultBusyTimeoutMs) throws {
        let file = DatabaseFile(target: target)
        path = file.path
        var flags: Int32
        switch mode {
        case .readOnly:
            try file.checkReadable()
            flags = SQLITE_OPEN_READONLY
        case .readWriteCreate:
            flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        if file.isURI { flags |= SQLITE_OPEN_URI }
        flags |= SQLITE_OPEN_NOMUTEX // one worker thread per connection; interrupt needs no mutex

        var info = stat()
        openedFile = stat(file.path, &info) == 0 ? info : nil
        let sideFiles = mode == .readOnly ? WALSideFiles(databasePath: file.path) : nil
        let opened: (handle: OpaquePointer, isImmutable: Bool)
        do {
            opened = try Connection.open(file, flags: flags, readOnly: mode == .readOnly)
        } catch {
            sideFiles?.opened()
            sideFiles?.closed()
            throw error
        }
        self.sideFiles = sideFiles
        handle = opened.handle
        isImmutable = opened.isImmutable
        sqlite3_busy_timeout(handle, busyTimeoutMs)
        if mode == .readOnly {
            // The schema read below is what makes SQLite open the WAL side files.
            defer { sideFiles?.opened() }
            try verifyIsDatabase()
            try configureReading()
        }
    }

    /// Opens the file; a WAL database SQLite cannot read in place (its `-shm` cannot be created
    /// in a read-only directory) is reopened once as `immutable=1`.
    private static func open(_ file: DatabaseFile, flags: Int32, readOnly: Bool) throws -> (handle: OpaquePointer, isImmutable: Bool) {
        let first = try openHandle(file.openName, flags: flags, path: file.path)
        guard readOnly, let failure = firstReadError(first), ReadOnlyWAL.needsImmutable(failure, path: file.path) else {
            return (first, false)
        }
        sqlite3_close_v2(first)
        let uri = ReadOnlyWAL.immutableURI(file.path)
        let retry = try openHandle(uri, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, path: file.path)
        if let error = firstReadError(retry) {
            sqlite3_close_v2(retry)
            throw IdxScopeError(.input, "cannot open \(file.path): a WAL database in a read-only directory, "
                                + "and reading it as immutable failed too (\(error.message))", code: String(error.code))
        }
        return (retry, true)
    }

    private static func openHandle(_ name: String, flags: Int32, path: String) throws -> OpaquePointer {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            throw IdxScopeError(.input, "cannot open \(path): \(message)", code: String(rc))
        }
        sqlite3_extended_result_codes(db, 1)
        return db
    }

    /// The error of the first schema read on a fresh handle, nil when it reads.
    private static func firstReadError(_ db: OpaquePointer) -> SQLiteError? {
        var statement: OpaquePointer?
        var rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &statement, nil)
        if rc == SQLITE_OK { rc = sqlite3_step(statement) }
        let error = rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE
            ? nil : SQLiteError(code: sqlite3_extended_errcode(db), message: String(cString: sqlite3_errmsg(db)))
        sqlite3_finalize(statement)
        return error
    }

    /// Page cache of the inspector's connection, in KiB. One dbstat pass reads each page once, so
    /// a big cache only holds pages that are never read again (measured: 2 MiB was no faster).
    static let readCacheKiB = 128

    /// Reads pages with pread(2), never through mmap: a mapped file that another process
    /// truncates turns the next read into SIGBUS (the process dies, the terminal stays raw),
    /// and a mapping makes resident memory as large as the file (1.48 GiB for a 1.4 GiB file).
    /// Through read calls a truncation is an I/O or corruption error like any other.
    private func configureReading() throws {
        for pragma in ["PRAGMA mmap_size = 0", "PRAGMA cache_size = -\(Connection.readCacheKiB)"] {
            let statement = try prepare(pragma)
            while try statement.step() {}
        }
    }

    deinit {
        closeLock.lock()
        sqlite3_close_v2(handle)
        closeLock.unlock()
        sideFiles?.closed()
    }

    /// Reads the schema so that a text file or a corrupt header fails now with a clear message.
    private func verifyIsDatabase() throws {
        do {
            let statement = try prepare("SELECT count(*) FROM sqlite_schema")
            try statement.step()
        } catch let error as SQLiteError {
            switch error.primaryCode {
            case SQLITE_NOTADB: throw IdxScopeError(.input, "\(path): file is not a database", code: String(error.code))
            case SQLITE_CORRUPT: throw IdxScopeError(.input, "\(path): database disk image is malformed", code: String(error.code))
            case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH:
                throw IdxScopeError(.input, "permission denied: cannot read \(path) (\(error.message))", code: String(error.code))
            default: throw error.idxScopeError(.input, path: path)
            }
        }
    }

    /// How the file differs from the one opened (deleted, replaced, shorter), nil when it looks
    /// the same; used to explain a read that failed or found nothing.
    public func fileChange() -> String? {
        guard let before = openedFile else { return nil }
        var now = stat()
        guard stat(path, &now) == 0 else { return "the file was deleted while idxscope read it" }
        if now.st_dev != before.st_dev || now.st_ino != before.st_ino { return "the file was replaced while idxscope read it" }
        if now.st_size < before.st_size {
            return "the file shrank from \(before.st_size) to \(now.st_size) bytes while idxscope read it (truncated?)"
        }
        return nil
    }

    public func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK else { throw lastError(code: rc, sql: sql) }
        guard let statement else { throw SQLiteError(code: SQLITE_MISUSE, message: "no SQL statement in input", sql: sql) }
        preparedStatementCount += 1
        return Statement(handle: statement, connection: self, sql: sql)
    }

    /// Prepares the first statement of `sql` and returns the rest of the text (SQLite's tail).
    /// A nil statement means the text held only whitespace, comments or semicolons.
    public func prepareFirst(_ sql: String) throws -> (statement: Statement?, tail: String) {
        let bytes = Array(sql.utf8)
        return try bytes.withUnsafeBufferPointer { buffer -> (Statement?, String) in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return (nil, "") }
            return try base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { start in
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v2(handle, start, Int32(buffer.count), &statement, &tail)
                guard rc == SQLITE_OK else { throw lastError(code: rc, sql: sql) }
                let consumed = tail.map { $0 - start } ?? buffer.count
                let rest = String(decoding: buffer[consumed...], as: UTF8.self)
                guard let statement else { return (nil, rest) }
                preparedStatementCount += 1
                let text = String(cString: sqlite3_sql(statement))
                return (Statement(handle: statement, connection: self, sql: text), rest)
            }
        }
    }

    /// Runs statements that return no rows (the demo writer's DDL and pragmas).
    public func execute(_ sql: String) throws {
        var remaining = sql
        while true {
            let (statement, tail) = try prepareFirst(remaining)
            guard let statement else { return }
            while try statement.step() {}
            remaining = tail
        }
    }

    /// The single value of a one-row, one-column query.
    public func scalar(_ sql: String) throws -> DatabaseValue {
        let statement = try prepare(sql)
        return try statement.step() ? statement.value(0) : .null
    }

    /// Interrupts the statement running on another thread; harmless when none runs.
    public func cancel() {
        closeLock.lock()
        sqlite3_interrupt(handle)
        closeLock.unlock()
    }

    /// Whether `sqlite3_stmt_isexplain` says the statement already is EXPLAIN (1) or EQP (2).
    func explainMode(of statement: Statement) -> Int32 { sqlite3_stmt_isexplain(statement.handle) }

    func lastError(code: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}
