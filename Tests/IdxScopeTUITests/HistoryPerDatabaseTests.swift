import Foundation
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest
@testable import IdxScopeTUI

/// The editor's history: one file per database, appended by several TUIs at once without loss.
final class HistoryPerDatabaseTests: XCTestCase {
    /// Two TUIs on one database: each save merges with the file as it is, so neither erases the
    /// other's statements (before, each wrote its own in-memory list over the file).
    func testTwoWritersInterleavingLoseNoEntry() throws {
        let scratch = try TemporaryDirectory(prefix: "history-merge")
        let file = scratch.path("histories/app")
        // One after the other, each with its own stale view of the file.
        var first = QueryHistory.load(from: file)
        var second = QueryHistory.load(from: file)
        first.append("SELECT 'first'")
        try QueryHistory.append("SELECT 'first'", to: file)
        second.append("SELECT 'second'")
        try QueryHistory.append("SELECT 'second'", to: file)
        XCTAssertEqual(QueryHistory.load(from: file).entries, ["SELECT 'first'", "SELECT 'second'"])

        // At the same time: two writers, 60 saves each.
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            for number in 0..<60 { try? QueryHistory.append("SELECT \(writer) AS writer, \(number) AS n", to: file) }
        }
        let entries = QueryHistory.load(from: file).entries
        XCTAssertEqual(entries.count, 122, "entries lost: \(entries.count) of 122")
        for writer in 0..<2 {
            let own = entries.filter { $0.hasPrefix("SELECT \(writer) AS writer") }
            XCTAssertEqual(own, (0..<60).map { "SELECT \(writer) AS writer, \($0) AS n" }, "writer \(writer)'s order")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path("histories")), ["app"], "no temporary left")
    }

    func testTheMergedHistoryStillKeepsTheNewestFiveHundred() throws {
        let scratch = try TemporaryDirectory(prefix: "history-limit")
        let file = scratch.path("history")
        try QueryHistory.save((0..<QueryHistory.limit).map { "SELECT \($0)" }, to: file)
        let merged = try QueryHistory.append("SELECT 'new'", to: file)
        XCTAssertEqual(merged.entries.count, QueryHistory.limit)
        XCTAssertEqual(QueryHistory.load(from: file).entries.first, "SELECT 1")
        XCTAssertEqual(QueryHistory.load(from: file).entries.last, "SELECT 'new'")
    }

    /// Two SQLite files get two histories; one file reached by a relative and an absolute path
    /// gets one.
    func testTwoDatabasesKeepSeparateHistories() throws {
        let scratch = try TemporaryDirectory(prefix: "history-targets")
        let environment = ["XDG_STATE_HOME": scratch.path("state")]
        var files: [String] = []
        for name in ["one.db", "two.db"] {
            let path = scratch.path(name)
            let created = try ProcessRunner.run("sqlite3", [path], stdin: "CREATE TABLE t(a); CREATE INDEX t_a ON t(a);")
            XCTAssertEqual(created.status, 0, created.stderr)
            let inspector = try SQLiteInspector(path: path)
            files.append(try XCTUnwrap(QueryHistory.defaultFile(forTarget: TUI.historyTarget(inspector), environment: environment)))
        }
        XCTAssertNotEqual(files[0], files[1])
        try QueryHistory.append("SELECT a FROM t WHERE a = 1", to: files[0])
        try QueryHistory.append("SELECT a FROM t WHERE a = 2", to: files[1])
        XCTAssertEqual(QueryHistory.load(from: files[0]).entries, ["SELECT a FROM t WHERE a = 1"])
        XCTAssertEqual(QueryHistory.load(from: files[1]).entries, ["SELECT a FROM t WHERE a = 2"])

        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(scratch.root))
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        let relative = try SQLiteInspector(path: "./one.db")
        XCTAssertEqual(QueryHistory.defaultFile(forTarget: TUI.historyTarget(relative), environment: environment), files[0],
                       "the same file from another directory shares its history")
    }

    /// PostgreSQL's display name carries no password; should a target still hold one, the file
    /// name masks it (and the hash is of the masked text, so it cannot be guessed back from it).
    func testNoPasswordInTheFileName() {
        let targets = ["postgresql://app:s3cr3t@db.example:5432/app", "host=db dbname=app password=s3cr3t",
                       "postgres://app:s3cr3t@db.example/app?sslmode=require"]
        for target in targets {
            let name = QueryHistory.fileName(forTarget: target)
            XCTAssertFalse(name.contains("s3cr3t"), name)
            XCTAssertFalse(name.contains("/"), name)
            XCTAssertEqual(QueryHistory.fileName(forTarget: target), name, "stable")
        }
        XCTAssertEqual(QueryHistory.fileName(forTarget: "postgresql://app:s3cr3t@db.example:5432/app"),
                       QueryHistory.fileName(forTarget: "postgresql://app:other@db.example:5432/app"),
                       "one database's history whatever the password")
        XCTAssertNotEqual(QueryHistory.fileName(forTarget: "postgresql://app@db.example:5432/app"),
                          QueryHistory.fileName(forTarget: "postgresql://app@db.example:5432/app2"))
        XCTAssertNotEqual(QueryHistory.fileName(forTarget: "/data/a b.db"), QueryHistory.fileName(forTarget: "/data/a_b.db"),
                          "names alike once sanitised stay apart")
    }
}
