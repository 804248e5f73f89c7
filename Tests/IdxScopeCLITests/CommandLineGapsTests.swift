import Foundation
import IdxScopeTestSupport
import XCTest

/// The small command-line gaps of issue 11, each on a real SQLite file (and the real server where
/// a command needs PostgreSQL).
final class CommandLineGapsTests: XCTestCase {
    private var scratch: TemporaryDirectory!
    private var demo: String { scratch.path("demo.db") }

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory(prefix: "cli-gaps")
        let result = try ProcessRunner.idxscope(["demo", demo])
        XCTAssertEqual(result.status, 0, result.describe)
    }

    private func assertInputError(_ arguments: [String], says expected: String, directory: String? = nil,
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try ProcessRunner.idxscope(arguments, directory: directory)
        XCTAssertEqual(result.status, 2, result.describe, file: file, line: line)
        XCTAssertEqual(result.stdout, "", result.describe, file: file, line: line)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.describe, file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("idxscope: "), result.describe, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(expected), "\(expected) expected in:\n\(result.describe)", file: file, line: line)
    }

    func testTableAndAllowScanIgnoreCaseOnSQLite() throws {
        let lower = try ProcessRunner.idxscope(["indexes", demo, "--table", "job", "--no-sizes", "--format", "json"])
        let upper = try ProcessRunner.idxscope(["indexes", demo, "--table", "JOB", "--no-sizes", "--format", "json"])
        XCTAssertEqual(upper.status, 0, upper.describe)
        XCTAssertEqual(upper.stdout, lower.stdout)
        let queries = scratch.path("scan.sql")
        try "SELECT * FROM job WHERE payload LIKE '%x%';\n".write(toFile: queries, atomically: true, encoding: .utf8)
        XCTAssertEqual(try ProcessRunner.idxscope(["check", demo, "--queries", queries]).status, 1)
        let allowed = try ProcessRunner.idxscope(["check", demo, "--queries", queries, "--allow-scan", "JOB"])
        XCTAssertEqual(allowed.status, 0, allowed.describe)
        XCTAssertTrue(allowed.stdout.contains("allowed full scan of job"), allowed.stdout)
    }

    /// The Ctrl-C handler must not keep the inspector alive: closing a WAL database's last
    /// connection removes its -wal/-shm files, which a connection held until exit leaves behind.
    func testNoSideFilesLeftBesideAWALDatabase() throws {
        let wal = scratch.path("wal.db")
        let made = try ProcessRunner.run("sqlite3", [wal, "PRAGMA journal_mode=wal; CREATE TABLE t(a); CREATE INDEX t_a ON t(a);"])
        XCTAssertEqual(made.status, 0, made.describe)
        for arguments in [["indexes", wal], ["explain", wal, "SELECT * FROM t WHERE a = 1"], ["findings", wal]] {
            let result = try ProcessRunner.idxscope(arguments)
            XCTAssertEqual(result.status, 0, result.describe)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.root).filter { $0.hasPrefix("wal.db-") }
            XCTAssertEqual(leftovers, [], "\(arguments) left side files")
        }
    }

    func testQueriesLimitMustBePositive() throws {
        let target = ProcessInfo.processInfo.environment["IDXSCOPE_TEST_PG_URI"] ?? demo
        try assertInputError(["queries", target, "--limit", "0"], says: "--limit must be between 1 and 1000 (got 0)")
        try assertInputError(["queries", target, "--limit", "-5"], says: "--limit must be between 1 and 1000 (got -5)")
        try assertInputError(["queries", demo], says: "queries needs PostgreSQL")
    }

    func testEmptySQLIsAnInputError() throws {
        try assertInputError(["explain", demo, ""], says: "no SQL given")
        try assertInputError(["explain", demo, " -- only a comment\n ;"], says: "no SQL given")
    }

    func testAMistypedCommandHintsAtTheCommands() throws {
        try assertInputError(["indx"], says: "'indx' is neither a file nor a command; did you mean 'indexes'?", directory: scratch.root)
        try assertInputError(["chek", demo], says: "did you mean 'check'?", directory: scratch.root)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("indx")), "never creates a file")
    }

    func testVersionAndHelpRefuseWhatTheyCannotDo() throws {
        let version = try ProcessRunner.idxscope(["--version"])
        XCTAssertEqual(version.status, 0, version.describe)
        let lines = version.stdout.split(separator: "\n")
        XCTAssertTrue(lines.first?.hasPrefix("idxscope 0.") == true, version.stdout)
        XCTAssertTrue(lines.first?.contains("(commit ") == true, version.stdout)
        XCTAssertTrue(version.stdout.contains("SQLite 3."), version.stdout)
        XCTAssertTrue(version.stdout.contains("libpq 1"), version.stdout)
        try assertInputError(["--version", "extra"], says: "--version takes no other arguments")
        try assertInputError(["help", "nosuchcmd"], says: "no command named 'nosuchcmd'")
        XCTAssertEqual(try ProcessRunner.idxscope(["help", "check"]).status, 0)
    }

    func testColourFlagsBelongToTheTUIAloneAndRootHelpListsTheGlobalFlags() throws {
        try assertInputError(["indexes", demo, "--theme", "dark"], says: "Unknown option '--theme'")
        try assertInputError(["findings", demo, "--no-color"], says: "Unknown option '--no-color'")
        try assertInputError(["--theme", "nosuch", demo], says: "unknown theme 'nosuch'")
        let help = try ProcessRunner.idxscope(["--help"])
        XCTAssertEqual(help.status, 0, help.describe)
        let folded = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for flag in ["--pg", "-W/--password", "-w/--no-password", "--theme NAME|PATH", "--no-color", "--version", "--help",
                     "PGPASSWORD, ~/.pgpass or a service file"] {
            XCTAssertTrue(folded.contains(flag), "\(flag) missing from the root help:\n\(help.stdout)")
        }
    }
}
