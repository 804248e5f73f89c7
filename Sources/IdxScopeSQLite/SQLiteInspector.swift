import CSQLite
import Foundation
import IdxScopeCore

/// The SQLite engine: a read-only connection to one file.
///
/// `explain(_:analyze:)` ignores `analyze`: SQLite has no EXPLAIN ANALYZE, and running the
/// statement to time it could change data. The plan comes back with `analyzed == false`.
public final class SQLiteInspector: SpaceProgressReporting {
    public let engine = Engine.sqlite
    public let displayName: String
    let connection: Connection
    /// The file opened, to tell a later reload that it was deleted or replaced.
    private let openedFile: FileIdentity?

    /// The SQLite library this process runs with (sqlite3_libversion).
    public static var libraryVersion: String { Connection.libraryVersion }

    /// Opens `path` (a path, `sqlite:PATH` or a `file:` URI) read-only; throws `IdxScopeError`
    /// (`.input`) for a missing file, a directory, an unreadable file or a file that is not a database.

    public init(path: String, busyTimeoutMs: Int32 = Connection.defaultBusyTimeoutMs) throws {
        displayName = path
        connection = try Connection(target: path, mode: .readOnly, busyTimeoutMs: busyTimeoutMs)
        openedFile = FileIdentity.of(connection.path)
        _ = SQLiteKeywords.registered
    }

    /// Statements prepared on this inspector's connection so far (tests prove constant costs with it).
    public var statementsPrepared: Int { connection.preparedStatementCount }

    public func loadCatalog() throws -> Catalog {
        try checkSameFile()
        return try mapErrors {
            let indexes = try CatalogQuery.loadIndexes(connection)
            let foreignKeys = ForeignKeys.planLookups(try ForeignKeys.load(connection), indexes: indexes, connection: connection)
            let rows = try CatalogQuery.loadTableRows(connection)
            var tables: [String: TableSpace] = [:]
            for (table, count) in rows {
                tables["main.\(table)"] = TableSpace(schema: "main", name: table, rows: count)
            }
            return ForeignKeyLookups.annotate(
                Catalog(engine: .sqlite, database: displayName, serverVersion: Connection.libraryVersion,
                        indexes: indexes.map { IndexRecord(info: $0) }, tables: tables, notes: notes, foreignKeys: foreignKeys))
        }
    }

    /// Facts about how the file was read, shown with the catalog.
    public var notes: [String] {
        connection.isImmutable ? [ReadOnlyWAL.immutableNote] : []
    }

    public func loadSpace() throws -> SpaceReport {
        try loadSpace(reporting: nil)
    }

    public func loadSpace(progress: @escaping (SpaceProgress) -> Void) throws -> SpaceReport {
        try loadSpace(reporting: progress)
    }

    private func loadSpace(reporting progress: ((SpaceProgress) -> Void)?) throws -> SpaceReport {
        // The catalog's reload says when the file changed; the sizes still read the opened file.
        try mapErrors {
            let owners = try SpaceOwners.load(connection)
            // The page count first: it is the progress bar's total.
            let file = try SpaceQuery.loadFile(connection)
            // SQLite reads a file truncated to nothing as a new, empty database.
            if file.pageCount == 0 {
                throw IdxScopeError(.database, "\(connection.path): " + (connection.fileChange() ?? "the file is empty, not a database"))
            }
            let total = file.pageCount ?? 0
            // dbstat rows are b-tree pages: free and pointer-map pages are never read, so the
            // count stays below the file's pages until the pass ends at the total.
            let btrees = try SpaceQuery.loadBTrees(connection, progress: progress.map { report in
                { pagesRead in report(SpaceProgress(pagesRead: min(pagesRead, total), totalPages: total)) }
            })
            progress?(SpaceProgress(pagesRead: total, totalPages: total))
            return SpaceReport.build(btrees: btrees, owners: owners, file: file)
        }
    }

    public func explain(_ sql: String, analyze: Bool) throws -> QueryPlan {
        try mapErrors { try PlanLoader.explain(sql, connection: connection) }
    }

    public func cancel() { connection.cancel() }

    public func whatIfPlanner() throws -> WhatIfPlanner {
        try mapErrors { try SQLiteWhatIfPlanner(source: connection) }
    }

    /// SQLite records no statements: a workload must be given.
    public func defaultWorkload(limit: Int) throws -> (statements: [WorkloadStatement], note: String?) {
        ([], "SQLite records no statements: give --workload FILE to get index suggestions")
    }

    /// The error a writer's lock gives (SQLITE_BUSY or SQLITE_LOCKED, after the busy timeout).
    public static func isLockedByWriter(_ error: IdxScopeError) -> Bool {
        guard let code = error.code.flatMap(Int32.init) else { return false }
        return [SQLITE_BUSY, SQLITE_LOCKED].contains(code & 0xff)
    }

    /// A reload reads the open file, which may no longer be the one at the path: say so rather
    /// than show the old file as if it were current.
    private func checkSameFile() throws {
        guard let openedFile else { return }
        guard let now = FileIdentity.of(connection.path) else {
            throw IdxScopeError(.database, "\(connection.path) was deleted after idxscope opened it; the list shows the file as it was")
        }
        if now != openedFile {
            throw IdxScopeError(.database, "\(connection.path) was replaced by another file after idxscope opened it; "
                                + "the list shows the old file (restart idxscope to read the new one)")
        }
    }

    private func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            let mapped = error.idxScopeError(.database, path: connection.path)
            // A damaged read of a file that changed under us: say what changed.
            if mapped.kind == .database, error.fileProblem(connection.path) != nil, let change = connection.fileChange() {
                throw IdxScopeError(.database, "\(connection.path): \(change)", code: mapped.code)
            }
            throw mapped
        }
    }
}
