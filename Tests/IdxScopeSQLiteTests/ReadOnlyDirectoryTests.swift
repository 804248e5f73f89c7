import CSQLite
import Foundation
import IdxScopeCore
@testable import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

/// A WAL database in a directory the reader cannot write: SQLite cannot create `-wal`/`-shm`,
/// so the inspector reads the file as immutable and says so.
final class ReadOnlyDirectoryTests: XCTestCase {
    func testWALDatabaseInAReadOnlyDirectoryOpensImmutable() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("wal ?#.db") // characters a URI must escape
        try SQLiteFixture.create(path, sql: "PRAGMA journal_mode = WAL; CREATE TABLE t(a); CREATE INDEX i ON t(a); INSERT INTO t VALUES (1);")
        XCTAssertTrue(ReadOnlyWAL.isWALFile(path), "the fixture is in WAL mode")
        XCTAssertEqual(chmod(path, 0o644), 0)
        XCTAssertEqual(chmod(dir.url.path, 0o555), 0)
        defer { chmod(dir.url.path, 0o755) }
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)

        let result = ThreadResult<Result<Catalog, Error>>()
        let thread = Thread {
            // As root, permissions do not apply: act as `nobody` on this thread (see OpenErrorTests).
            let isRoot = getuid() == 0
            let previous = isRoot ? ReadOnlyDirectoryTests.setFileSystemUID(65_534) : 0
            defer { if isRoot { _ = ReadOnlyDirectoryTests.setFileSystemUID(previous) } }
            result.value = Result { try SQLiteInspector(path: path).loadCatalog() }
        }
        thread.start()
        let deadline = Date().addingTimeInterval(10)
        while result.value == nil, Date() < deadline { usleep(10_000) }
        guard case .success(let catalog)? = result.value else {
            return XCTFail("the WAL database did not open read-only: \(String(describing: result.value))")
        }
        XCTAssertEqual(catalog.indexes.map(\.info.name), ["i"])
        XCTAssertEqual(catalog.notes, ["opened immutable: the directory is read-only, a concurrent writer would not be seen"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path), before, "no file was created")
    }

    func testWritableDirectoryIsReadInPlace() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("wal.db")
        try SQLiteFixture.create(path, sql: "PRAGMA journal_mode = WAL; CREATE TABLE t(a);")
        XCTAssertEqual(try SQLiteInspector(path: path).loadCatalog().notes, [])
    }

    func testImmutableURIEscapesThePath() {
        XCTAssertEqual(ReadOnlyWAL.immutableURI("/tmp/a b?#%.db"), "file:/tmp/a%20b%3F%23%25.db?immutable=1")
    }

    private static func setFileSystemUID(_ uid: UInt32) -> UInt32 {
        typealias SetFSUID = @convention(c) (UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setfsuid") else { return 0 }
        return UInt32(bitPattern: unsafeBitCast(symbol, to: SetFSUID.self)(uid))
    }
}
