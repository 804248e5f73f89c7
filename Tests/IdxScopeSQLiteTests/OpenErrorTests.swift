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
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.root), [], "files appeared")
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
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.root), ["real.db"])
    }

    func testDirectoryIsRefused() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        XCTAssertEqual(openError(dir.root), IdxScopeError(.input, "\(dir.root) is a directory, not a SQLite database file"))
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

    /// A FIFO would block open(2) until a writer came: refused from stat(2), within a deadline.
    func testFIFOIsRefusedWithoutHanging() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("pipe.db")
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        let result = ThreadResult<Result<Void, Error>>()
        Thread { result.value = Result { _ = try SQLiteInspector(path: path) } }.start()
        let deadline = Date().addingTimeInterval(10)
        while result.value == nil, Date() < deadline { usleep(10_000) }
        guard case .failure(let error)? = result.value else {
            // Unblock the waiting open(2) so the test process can go on.
            let writer = open(path, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            return XCTFail("a FIFO opened or the open hung: \(String(describing: result.value))")
        }
        XCTAssertEqual(error as? IdxScopeError, IdxScopeError(.input, "\(path) is a FIFO, not a regular SQLite database file"))
    }

    func testDevicesAreRefused() {
        for device in ["/dev/null", "/dev/zero"] {
            XCTAssertEqual(openError(device), IdxScopeError(.input, "\(device) is a character device, not a regular SQLite database file"))
            XCTAssertEqual(openError("sqlite:" + device)?.message, "\(device) is a character device, not a regular SQLite database file")
        }
    }

    func testEmptyFileIsNotADatabase() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("empty.db")
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
        XCTAssertEqual(openError(path), IdxScopeError(.input, "\(path): file is empty, not a database"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.root), ["empty.db"], "no side files")
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_size, 0, "still empty")
    }

    /// As root, permissions do not stop open(2); the check then runs with the file-system uid of
    /// `nobody` on a thread of its own (setfsuid is per thread and drops CAP_DAC_OVERRIDE).
    func testUnreadableFileIsRefused() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("secret.db")
        try SQLiteFixture.create(path, sql: "CREATE TABLE t(a);")
        XCTAssertEqual(chmod(path, 0o000), 0)
        XCTAssertEqual(chmod(dir.root, 0o755), 0)
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
