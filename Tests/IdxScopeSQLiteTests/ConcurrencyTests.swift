import CSQLite
import Foundation
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

/// A writer's lock and the user's Esc: both end a call with a clear error, within a bound.
final class ConcurrencyTests: XCTestCase {
    func testWriterLockFailsAfterTheBusyTimeout() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("locked.db")
        try SQLiteFixture.create(path, sql: "CREATE TABLE t(a); CREATE INDEX i ON t(a);")
        let inspector = try SQLiteInspector(path: path, busyTimeoutMs: 500)

        let writer = try SQLiteFixture.open(path)
        defer { sqlite3_close_v2(writer) }
        try SQLiteFixture.exec(writer, "BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);")

        let start = Date()
        XCTAssertThrowsError(try inspector.loadCatalog()) { error in
            let elapsed = Date().timeIntervalSince(start)
            XCTAssertEqual((error as? IdxScopeError)?.kind, .database, "\(error)")
            XCTAssertTrue("\(error)".hasPrefix("database is locked"), "\(error)")
            XCTAssertTrue((0.4..<5).contains(elapsed), "waited \(elapsed) s for a 0.5 s busy timeout")
        }
        // Opening while the writer holds the lock fails the same way.
        XCTAssertThrowsError(try SQLiteInspector(path: path, busyTimeoutMs: 200)) { error in
            XCTAssertTrue("\(error)".hasPrefix("database is locked"), "\(error)")
        }
        try SQLiteFixture.exec(writer, "COMMIT;")
        XCTAssertEqual(try inspector.loadCatalog().indexes.count, 1, "usable again once the writer commits")
    }

    func testDefaultBusyTimeoutIsTwoSeconds() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("locked.db")
        try SQLiteFixture.create(path, sql: "CREATE TABLE t(a);")
        let inspector = try SQLiteInspector(path: path)
        let writer = try SQLiteFixture.open(path)
        defer { sqlite3_close_v2(writer) }
        try SQLiteFixture.exec(writer, "BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);")
        let start = Date()
        XCTAssertThrowsError(try inspector.loadSpace())
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertTrue((1.9..<6).contains(elapsed), "waited \(elapsed) s")
    }

    func testCancelInterruptsALongSpaceScan() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("big.db")
        // ~120 MiB: dbstat needs a few hundred milliseconds to walk it.
        try SQLiteFixture.create(path, sql: """
            PRAGMA journal_mode = OFF; CREATE TABLE big(id INTEGER PRIMARY KEY, payload BLOB);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120000)
            INSERT INTO big SELECT i, randomblob(1000) FROM n;
            CREATE INDEX big_payload ON big(substr(payload, 1, 8));
            """)
        let inspector = try SQLiteInspector(path: path)
        let finished = DispatchSemaphore(value: 0)
        let outcome = ThreadResult<Result<SpaceReport, Error>>()
        Thread {
            outcome.value = Result { try inspector.loadSpace() }
            finished.signal()
        }.start()
        // Keep interrupting until the worker stops: an interrupt sent before the statement starts is dropped.
        let deadline = Date().addingTimeInterval(20)
        while finished.wait(timeout: .now() + .milliseconds(5)) == .timedOut {
            inspector.cancel()
            guard Date() < deadline else { return XCTFail("loadSpace did not stop within 20 s of cancel()") }
        }
        guard case .failure(let error)? = outcome.value else {
            return XCTFail("loadSpace finished despite cancel(): \(String(describing: outcome.value))")
        }
        XCTAssertEqual((error as? IdxScopeError)?.kind, .cancelled, "\(error)")
        XCTAssertEqual(try inspector.loadCatalog().indexes.count, 1, "the connection survives a cancel")
    }
}
