import CSQLite
import Foundation
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

/// A file that changes or breaks under an open inspector: one error naming the file, never a
/// signal (pages are read with pread, not mmap).
final class FileChangeTests: XCTestCase {
    private func demo(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.path("demo.db")
        try DemoDatabase.write(to: path)
        return path
    }

    private func spaceError(_ inspector: SQLiteInspector, file: StaticString = #filePath, line: UInt = #line) -> IdxScopeError? {
        do {
            _ = try inspector.loadSpace()
            XCTFail("the space pass read a damaged file without an error", file: file, line: line)
            return nil
        } catch {
            return error as? IdxScopeError
        }
    }

    /// With the old 2 GiB mmap this killed the process with SIGBUS.
    func testTruncatedWhileOpenIsAnErrorNamingTheFile() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = try demo(dir)
        let inspector = try SQLiteInspector(path: path)
        XCTAssertFalse(try inspector.loadCatalog().indexes.isEmpty)
        XCTAssertEqual(truncate(path, 64 * 1024), 0)
        let error = spaceError(inspector)
        XCTAssertEqual(error?.kind, .database)
        XCTAssertTrue(error?.message.hasPrefix("\(path): the file shrank from ") ?? false, "\(String(describing: error))")
        XCTAssertTrue(error?.message.hasSuffix(" to 65536 bytes while idxscope read it (truncated?)") ?? false, "\(String(describing: error))")
    }

    func testTruncatedToNothingWhileOpen() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = try demo(dir)
        let inspector = try SQLiteInspector(path: path)
        _ = try inspector.loadCatalog()
        XCTAssertEqual(truncate(path, 0), 0)
        let error = spaceError(inspector)
        XCTAssertTrue(error?.message.hasPrefix("\(path): the file shrank from ") ?? false, "\(String(describing: error))")
        XCTAssertTrue(error?.message.hasSuffix(" to 0 bytes while idxscope read it (truncated?)") ?? false, "\(String(describing: error))")
    }

    /// The open descriptor still reads the old file whole; the change is there to be told.
    func testReplacedWhileOpenReadsTheOpenedFile() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = try demo(dir)
        let inspector = try SQLiteInspector(path: path)
        _ = try inspector.loadCatalog()
        try FileManager.default.removeItem(atPath: path)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("not a database".utf8)))
        XCTAssertFalse(try inspector.loadSpace().indexes.isEmpty)
    }

    /// dbstat answers a damaged page with SQLITE_FULL ("database or disk is full"), which on a
    /// read-only connection can only mean the page.
    func testCorruptPagesAreReportedAsCorruptWithThePath() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = try demo(dir)
        var messages = Set<String>()
        for seed in 1...6 {
            let copy = dir.path("corrupt-\(seed).db")
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            try Self.scribble(on: copy, seed: UInt64(seed))
            guard let inspector = try? SQLiteInspector(path: copy) else { continue }
            do {
                _ = try inspector.loadCatalog()
                _ = try inspector.loadSpace()
            } catch let error as IdxScopeError {
                XCTAssertTrue(error.message.hasPrefix("\(copy): "), error.message)
                XCTAssertFalse(error.message.contains("disk is full") && !error.message.contains("corrupt"), error.message)
                messages.insert(error.message.replacingOccurrences(of: copy, with: "FILE"))
            }
        }
        XCTAssertTrue(messages.contains("FILE: a page is corrupt (SQLite stopped with \"database or disk is full\" on a file it only reads; PRAGMA integrity_check lists the damage)"),
                      "\(messages)")
    }

    /// A copy taken mid-transaction carries a hot journal: SQLite would have to roll it back,
    /// which a read-only open cannot ("attempt to write a readonly database" before).
    func testHotJournalIsNamed() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("live.db")
        try SQLiteFixture.create(path, sql: """
            PRAGMA journal_mode = DELETE; CREATE TABLE t(a, b); CREATE INDEX t_a ON t(a);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO t SELECT i, randomblob(200) FROM n;
            """)
        let writer = try SQLiteFixture.open(path)
        defer { sqlite3_close_v2(writer) }
        // A tiny cache makes SQLite spill changed pages to the file, the originals to the journal.
        try SQLiteFixture.exec(writer, "PRAGMA cache_size = 2; BEGIN; UPDATE t SET b = randomblob(200);")
        let copy = dir.path("crashed.db")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try FileManager.default.copyItem(atPath: path + "-journal", toPath: copy + "-journal")
        try SQLiteFixture.exec(writer, "ROLLBACK")
        XCTAssertThrowsError(try SQLiteInspector(path: copy).loadCatalog()) { error in
            XCTAssertEqual((error as? IdxScopeError)?.message, "\(copy): an interrupted write left a hot journal (\(copy)-journal) that must be "
                           + "rolled back first; idxscope only reads: open the database once with sqlite3 as a user who may write it")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: copy + "-journal"), "the journal is left for its owner")
    }

    /// Random bytes at random places of 20 pages (a deterministic generator, so the test repeats).
    static func scribble(on path: String, seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: path))
        defer { try? handle.close() }
        let pages = try handle.seekToEnd() / 4096
        for _ in 0..<20 {
            let page = UInt64.random(in: 2..<pages, using: &generator)
            try handle.seek(toOffset: page * 4096 + UInt64.random(in: 0..<4000, using: &generator))
            let count = Int.random(in: 1..<64, using: &generator)
            handle.write(Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }))
        }
    }
}

