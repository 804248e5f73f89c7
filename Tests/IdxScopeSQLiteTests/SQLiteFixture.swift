import CSQLite
import Foundation
import XCTest

/// Creates test databases with the raw C API, independently of the code under test.
enum SQLiteFixture {
    static func create(_ path: String, sql: String) throws {
        let db = try open(path)
        defer { sqlite3_close_v2(db) }
        try exec(db, sql)
    }

    static func open(_ path: String) throws -> OpaquePointer {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        guard rc == SQLITE_OK, let db else {
            sqlite3_close_v2(db)
            throw FixtureError("cannot open \(path): \(rc)")
        }
        return db
    }

    static func exec(_ db: OpaquePointer, _ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &message) != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "?"
            sqlite3_free(message)
            throw FixtureError("\(text) in: \(sql)")
        }
    }

    /// Rows of a query as strings (NULL → "NULL"), for comparing with what the inspector read.
    static func rows(_ path: String, _ sql: String) throws -> [[String]] {
        let db = try open(path)
        defer { sqlite3_close_v2(db) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
            throw FixtureError(String(cString: sqlite3_errmsg(db)) + " in: \(sql)")
        }
        defer { sqlite3_finalize(statement) }
        var result: [[String]] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            result.append((0..<sqlite3_column_count(statement)).map { column in
                sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "NULL"
            })
        }
        return result
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
