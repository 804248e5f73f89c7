import CSQLite
import Foundation
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

/// A WAL database is left as found: the `-wal`/`-shm` idxscope's read-only connection creates
/// are removed when it closes, unless another connection uses them.
final class WALSideFileTests: XCTestCase {
    private func walDatabase(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.path("wal.db")
        try SQLiteFixture.create(path, sql: "PRAGMA journal_mode = WAL; CREATE TABLE t(a); CREATE INDEX i ON t(a); INSERT INTO t VALUES (1);")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.root), ["wal.db"], "SQLite's last close removed them")
        return path
    }

    func testEveryReadLeavesTheDirectoryAsFound() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = try walDatabase(dir)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let inspector = try SQLiteInspector(path: path)
            let second = try SQLiteInspector(path: path)  // two connections of this process to one file
            XCTAssertEqual(try inspector.loadCatalog().indexes.map(\.info.name), ["i"])
            _ = try inspector.loadSpace()
            _ = try second.explain("SELECT * FROM t WHERE a = 1", analyze: false)
            XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-shm"), "SQLite uses the side files while open")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.root), ["wal.db"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
    }

    /// A writer that joins while idxscope reads keeps its side files, and what it wrote.
    func testAWriterThatJoinedKeepsItsFiles() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = try walDatabase(dir)
        var inspector: SQLiteInspector? = try SQLiteInspector(path: path)
        _ = try inspector?.loadCatalog()
        let writer = try SQLiteFixture.open(path)
        try SQLiteFixture.exec(writer, "CREATE INDEX j ON t(a DESC); INSERT INTO t VALUES (2);")
        inspector = nil
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-wal"), "the writer's WAL stays")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-shm"), "the writer's shared memory stays")
        XCTAssertEqual(try SQLiteInspector(path: path).loadCatalog().indexes.map(\.info.name).sorted(), ["i", "j"])
        sqlite3_close_v2(writer)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.root), ["wal.db"], "SQLite's own last close")
    }

    /// Side files that were there before idxscope (a live writer's) are never touched.
    func testExistingSideFilesAreLeftAlone() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = try walDatabase(dir)
        let writer = try SQLiteFixture.open(path)
        defer { sqlite3_close_v2(writer) }
        try SQLiteFixture.exec(writer, "INSERT INTO t VALUES (3);")
        let walBefore = try Data(contentsOf: URL(fileURLWithPath: path + "-wal"))
        XCTAssertFalse(try SQLiteInspector(path: path).loadCatalog().indexes.isEmpty)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path + "-wal")), walBefore)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-shm"))
    }
}
