import CSQLite
import Foundation
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

/// Bad targets get one clear `IdxScopeError` and leave the file system as it was.
final class OpenErrorTests: XCTestCase {
    private func openError(_ target: String, file: StaticString = #filePath, line: UInt = #line) -> IdxScopeError? {
        do {
            _ = try SQLiteInspector(path: target)
            XCTFail("\(target) opened", file: file, line: line)
            return nil
        } catch let error as IdxScopeError {
            XCTAssertFalse(error.message.contains("\n"), file: file, line: line)
            return error
        } catch {
            XCTFail("not an IdxScopeError: \(error)", file: file, line: line)
            return nil
        }
    }

    func testMissingFileIsNeverCreated() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        for target in [dir.path("missing.db"), "sqlite:" + dir.path("missing.db"), "file:" + dir.path("missing.db") + "?mode=ro",
                       dir.path("no/such/dir/x.db")] {
            let error = openError(target)
            XCTAssertEqual(error?.kind, .input, target)
            XCTAssertTrue(error?.message.hasPrefix("no such file: ") ?? false, "\(target): \(String(describing: error))")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path), [], "files appeared")
    }

    func testInMemoryURIsAreRefused() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("real.db")
        try SQLiteFixture.create(path, sql: "CREATE TABLE t(a); CREATE INDEX i ON t(a);")
        for target in ["file:\(path)?mode=memory", "file:\(path)?cache=shared&mode=memory", "file:\(path)?vfs=memdb",
                       "file:\(path)?mode=%6Demory", "file:/nowhere/x.db?vfs=memdb"] {
            XCTAssertEqual(openError(target), IdxScopeError(.input, "\(target): an in-memory database has nothing to inspect"))
        }
        XCTAssertEqual(try SQLiteInspector(path: "file:\(path)?mode=ro").loadCatalog().indexes.count, 1, "other modes still open")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path), ["real.db"])
    }

    func testDirectoryIsRefused() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        XCTAssertEqual(openError(dir.url.path), IdxScopeError(.input, "\(dir.url.path) is a directory, not a SQLite database file"))
    }

    func testTextFileIsNotADatabase() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("notes.txt")
        try String(repeating: "These are not the pages you are looking for.\n", count: 200).write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(openError(path)?.message, "\(path): file is not a database")
    }

    func testTruncatedDatabaseIsMalformed() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("truncated.db")
        try DemoDatabase.write(to: path)
        XCTAssertEqual(truncate(path, 6_000), 0)
        let error = openError(path)
        XCTAssertEqual(error?.kind, .input)
        XCTAssertEqual(error?.message, "\(path): database disk image is malformed")
    }

    func testURIAndPrefixTargetsOpen() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("with space é.db")
        try SQLiteFixture.create(path, sql: "CREATE TABLE t(a); CREATE INDEX i ON t(a);")
        XCTAssertEqual(try SQLiteInspector(path: "sqlite:" + path).loadCatalog().indexes.count, 1)
        let uri = "file://" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?mode=ro"
        XCTAssertEqual(try SQLiteInspector(path: uri).loadCatalog().indexes.count, 1)
    }

    /// As root, permissions do not stop open(2); the check then runs with the file-system uid of
    /// `nobody` on a thread of its own (setfsuid is per thread and drops CAP_DAC_OVERRIDE).
    func testUnreadableFileIsRefused() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("secret.db")
        try SQLiteFixture.create(path, sql: "CREATE TABLE t(a);")
        XCTAssertEqual(chmod(path, 0o000), 0)
        XCTAssertEqual(chmod(dir.url.path, 0o755), 0)
        let result = ThreadResult<Result<Void, Error>>()
        let thread = Thread {
            let isRoot = getuid() == 0
            let previous = isRoot ? OpenErrorTests.setFileSystemUID(65_534) : 0
            defer { if isRoot { _ = OpenErrorTests.setFileSystemUID(previous) } }
            result.value = Result { _ = try SQLiteInspector(path: path) }
        }
        thread.start()
        let deadline = Date().addingTimeInterval(10)
        while result.value == nil, Date() < deadline { usleep(10_000) }
        guard case .failure(let error)? = result.value else {
            return XCTFail("an unreadable file opened or the check hung: \(String(describing: result.value))")
        }
        XCTAssertEqual(error as? IdxScopeError, IdxScopeError(.input, "permission denied: cannot read \(path)"))
    }

    private static func setFileSystemUID(_ uid: UInt32) -> UInt32 {
        typealias SetFSUID = @convention(c) (UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setfsuid") else { return 0 }
        return UInt32(bitPattern: unsafeBitCast(symbol, to: SetFSUID.self)(uid))
    }
}
