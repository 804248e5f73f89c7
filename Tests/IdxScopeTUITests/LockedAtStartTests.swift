import Foundation
import IdxScopeTestSupport
import XCTest

/// A writer holds the SQLite file locked when the TUI starts: a countdown, retries, then the
/// list once the writer commits (it used to exit after the 2 s busy timeout).
final class LockedAtStartTests: XCTestCase {
    func testTheTUIWaitsForTheWriterWithACountdown() throws {
        let binary = try BuiltBinary.path("idxscope")
        let scratch = try TemporaryDirectory(prefix: "locked-start")
        let database = scratch.path("locked.db")
        let created = try ProcessRunner.run("sqlite3", [database, "CREATE TABLE t(a); CREATE INDEX t_a ON t(a);"])
        XCTAssertEqual(created.status, 0, created.describe)
        let session = try TmuxSession(directory: scratch.url)
        defer { session.stopServer() }
        // The writer holds an exclusive lock for 6 s, started just before the TUI.
        let writer = "(sqlite3 '\(database)' 'BEGIN EXCLUSIVE;' 'INSERT INTO t VALUES (1);' '.shell sleep 6' 'COMMIT;' >/dev/null 2>&1 &); sleep 0.3; "
        let started = session.start(writer + EndToEndTests.command(binary: binary, home: scratch.root, "'\(database)'"))
        XCTAssertEqual(started.status, 0, started.describe)
        XCTAssertTrue(session.waitFor("the countdown", timeout: 6) { $0.contains("locked.db is locked by a writer; retry 2 in") })
        XCTAssertTrue(session.waitFor("the list after the writer commits", timeout: 20) { $0.contains("t_a") && $0.contains("F1 Help") })
        XCTAssertFalse(session.lastScreen.contains("EXITED"), session.lastScreen)
        session.keys("q")
        XCTAssertTrue(session.waitFor("exit") { $0.contains("EXITED 0") })
    }
}
