import Foundation
import IdxScopeTestSupport
import XCTest

/// Output that cannot be written and input that cannot be read: one line and a non-zero exit (a
/// quiet one for a reader that went away), never a Swift crash report.
final class OutputFailureTests: XCTestCase {
    private var scratch: TemporaryDirectory!
    private var directory: String { scratch.root }
    private var database: String { directory + "/demo.db" }

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory(prefix: "output")
        try DemoFixture.copy(into: scratch)
    }

    override func tearDownWithError() throws {
        scratch = nil
    }

    private func assertNoCrashReport(_ result: ProcessResult, file: StaticString = #filePath, line: UInt = #line) {
        for marker in ["Fatal error", "Backtrac", "crashed"] {
            XCTAssertFalse(result.stderr.contains(marker), result.describe, file: file, line: line)
        }
    }

    func testFullDiskIsOneLine() throws {
        for arguments in [["indexes", database], ["indexes", database, "--format", "json"], ["--help"],
                          ["explain", database, "SELECT * FROM job"], ["check", database, "--queries", directory + "/demo.sql"]] {
            let result = try ProcessRunner.spawn(["idxscope"] + arguments, stdout: .file("/dev/full", O_WRONLY))
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.describe)")
            XCTAssertEqual(result.stderr, "idxscope: cannot write the output to standard output: No space left on device\n")
            assertNoCrashReport(result)
        }
    }

    func testClosedStandardOutputIsOneLine() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let result = try ProcessRunner.spawn(["idxscope", "indexes", database, "--format", "json"], stdout: .closed)
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertEqual(result.stderr, "idxscope: cannot write the output to standard output: Bad file descriptor\n")
        // Descriptor 1 was free: nothing may have been opened there and written into.
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: database)), before)
    }

    func testClosedStandardOutputAndErrorStillExitNonZero() throws {
        let result = try ProcessRunner.spawn(["idxscope", "indexes", database], stdout: .closed, stderr: .closed)
        XCTAssertEqual(result.status, 2, result.describe)
    }

    func testClosedStandardErrorKeepsTheExitCode() throws {
        let failing = try ProcessRunner.spawn(["idxscope", "indexes", directory + "/missing.db"], stderr: .closed)
        XCTAssertEqual(failing.status, 2, failing.describe)
        let working = try ProcessRunner.spawn(["idxscope", "indexes", database], stderr: .closed)
        XCTAssertEqual(working.status, 0, working.describe)
        XCTAssertTrue(working.stdout.contains("idx_job_queue"), working.describe)
    }

    /// `idxscope … | head` with SIGPIPE ignored (as some CI runners and Python subprocesses do):
    /// a quiet exit with the status a shell shows for a closed pipe.
    func testReaderGoneIsQuiet() throws {
        let result = try ProcessRunner.spawn(["idxscope", "indexes", database, "--format", "json"], stdout: .pipeWithoutReader,
                                             ignoreSIGPIPE: true)
        XCTAssertEqual(result.status, 141, result.describe)
        XCTAssertEqual(result.stderr, "", result.describe)
    }

    func testUnreadableStandardInputIsOneLine() throws {
        let result = try ProcessRunner.spawn(["idxscope", "explain", database, "-"], stdin: .file(directory, O_RDONLY))
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertEqual(result.stderr, "idxscope: cannot read standard input: Is a directory\n")
    }

    func testEndlessQueriesFileIsCapped() throws {
        let result = try ProcessRunner.spawn(["idxscope", "check", database, "--queries", "/dev/zero"])
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertEqual(result.stderr, "idxscope: /dev/zero holds more than 64 MiB of statements\n")
    }

    func testQueriesDirectoryIsRefused() throws {
        let result = try ProcessRunner.spawn(["idxscope", "check", database, "--queries", directory])
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertEqual(result.stderr, "idxscope: \(directory) is a directory, not a file of statements\n")
    }

    func testSpecialFilesAsSQLiteTargets() throws {
        let fifo = directory + "/pipe.db"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let empty = directory + "/empty.db"
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        let expected = [
            fifo: "\(fifo) is a FIFO, not a regular SQLite database file",
            "/dev/zero": "/dev/zero is a character device, not a regular SQLite database file",
            "/dev/null": "/dev/null is a character device, not a regular SQLite database file",
            empty: "\(empty): file is empty, not a database",
        ]
        for (target, message) in expected {
            let result = try ProcessRunner.spawn(["idxscope", "indexes", target], timeout: 10)
            XCTAssertEqual(result.status, 2, result.describe)
            XCTAssertEqual(result.stderr, "idxscope: \(message)\n")
            XCTAssertEqual(result.stdout, "")
        }
    }
}
