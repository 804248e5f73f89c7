import Foundation
import IdxScopeTestSupport
import XCTest

/// Sub-commands on a real terminal (tmux) against the real PostgreSQL: psql's password prompt and
/// Ctrl-C cancelling the statement on the server.
final class CommandLineTerminalTests: XCTestCase {
    private var scratch: TemporaryDirectory!
    private var directory: URL!
    private var session: TmuxSession!
    private var host = "127.0.0.1"
    private var port = 5432
    private var uri = ""
    private var binary = ""
    private let passwordRole = "idxscope_pw"
    private var rolePassword: String { ProcessInfo.processInfo.environment["IDXSCOPE_PG_TEST_PASSWORD"] ?? "s3cret-pw" }

    override func setUpWithError() throws {
        uri = try TestPostgres.uri()
        binary = try BuiltBinary.path("idxscope")
        let components = try XCTUnwrap(URLComponents(string: uri))
        host = components.host ?? host
        port = components.port ?? port
        scratch = try TemporaryDirectory(prefix: "cli-tty")
        directory = scratch.url
        session = try TmuxSession(directory: directory)
    }

    override func tearDown() {
        session?.stopServer()
        scratch = nil
    }

    /// The shell line tmux runs: idxscope without PGPASSWORD or a .pgpass, then its exit status.
    private func command(_ arguments: String) -> String {
        "env -u PGPASSWORD -u PGPASSFILE HOME=\(directory.path) LANG=C.UTF-8 \(binary) \(arguments); echo \"EXITED $?\"; sleep 60"
    }

    private var passwordTarget: String { "postgresql://\(passwordRole)@\(host):\(port)/postgres" }

    func testPromptsForAPasswordWithoutEchoWhenTheServerAsks() throws {
        XCTAssertEqual(session.start(command("indexes '\(passwordTarget)' --no-sizes")).status, 0)
        XCTAssertTrue(session.waitFor("psql's prompt") { $0.contains("Password for user \(passwordRole):") })
        session.type(rolePassword)
        session.keys("Enter")
        XCTAssertTrue(session.waitFor("the index list after the password", timeout: 20) { $0.contains("EXITED 0") })
        XCTAssertTrue(session.lastScreen.contains("indexes"), session.lastScreen)
        XCTAssertFalse(session.lastScreen.contains(rolePassword), "the typed password was echoed:\n\(session.lastScreen)")
    }

    func testWrongTypedPasswordIsOneLineAndNeverShown() throws {
        let typed = "Typed-Wr0ng-77"
        XCTAssertEqual(session.start(command("indexes '\(passwordTarget)' --no-sizes")).status, 0)
        XCTAssertTrue(session.waitFor("psql's prompt") { $0.contains("Password for user \(passwordRole):") })
        session.type(typed)
        session.keys("Enter")
        XCTAssertTrue(session.waitFor("the failure", timeout: 20) { $0.contains("EXITED 2") })
        XCTAssertTrue(session.lastScreen.contains("password authentication failed"), session.lastScreen)
        XCTAssertFalse(session.lastScreen.contains(typed), session.lastScreen)
    }

    func testDashCapitalWAsksFirstAndDashWNeverAsks() throws {
        // -W asks before connecting, even where the server would not ask (postgres is trusted).
        XCTAssertEqual(session.start(command("indexes 'postgresql://postgres@\(host):\(port)/postgres' --no-sizes -W")).status, 0)
        XCTAssertTrue(session.waitFor("-W's prompt") { $0.contains("Password for user postgres:") })
        session.type("anything")
        session.keys("Enter")
        XCTAssertTrue(session.waitFor("the list", timeout: 20) { $0.contains("EXITED 0") })
        session.stopServer()

        session = try TmuxSession(directory: directory)
        XCTAssertEqual(session.start(command("indexes '\(passwordTarget)' --no-sizes -w")).status, 0)
        XCTAssertTrue(session.waitFor("-w's one-line error", timeout: 20) { $0.contains("EXITED 2") })
        XCTAssertFalse(session.lastScreen.contains("Password for user"), session.lastScreen)
        XCTAssertTrue(session.lastScreen.contains("idxscope: could not connect"), session.lastScreen)
        XCTAssertTrue(session.lastScreen.contains("no password supplied"), session.lastScreen)
    }

    func testWithoutATerminalNeverPrompts() throws {
        // setsid: no controlling terminal, as in CI; nothing may wait for typing.
        let started = Date()
        let environment = ProcessInfo.processInfo.environment.filter { $0.key != "PGPASSWORD" && $0.key != "PGPASSFILE" }
        let result = try ProcessRunner.run("setsid", ["-w", binary, "indexes", passwordTarget, "--no-sizes"], environment: environment)
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.describe)
        XCTAssertTrue(result.stderr.hasPrefix("idxscope: could not connect"), result.describe)
        XCTAssertTrue(result.stderr.contains("no terminal to ask for it on"), result.describe)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        let forced = try ProcessRunner.run("setsid", ["-w", binary, "indexes", passwordTarget, "-W"], environment: environment)
        XCTAssertEqual(forced.status, 2, forced.describe)
        XCTAssertTrue(forced.stderr.hasPrefix("idxscope: -W/--password: no terminal"), forced.describe)
    }

    /// Rows of pg_stat_activity running `marker` (other than the query asking).
    private func sessionsRunning(_ marker: String) -> String {
        let sql = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%\(marker)%' AND pid <> pg_backend_pid()"
        let result = try? ProcessRunner.run("psql", ["-X", "-At", uri, "-c", sql])
        return result?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? "psql failed"
    }

    func testCtrlCDuringExplainAnalyzeCancelsTheStatementOnTheServer() throws {
        let marker = "idxscope_ctrl_c_\(getpid())"
        XCTAssertEqual(session.start(command("explain '\(uri)' \"SELECT pg_sleep(60) AS \(marker)\" --analyze")).status, 0)
        var seen = ""
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            seen = sessionsRunning(marker)
            if seen == "1" { break }
            usleep(100_000)
        }
        XCTAssertEqual(seen, "1", "the statement never showed up in pg_stat_activity")
        session.keys("C-c")
        XCTAssertTrue(session.waitFor("exit 130", timeout: 10) { $0.contains("EXITED 130") })
        XCTAssertTrue(session.lastScreen.contains("idxscope: interrupted; the running statement was cancelled"), session.lastScreen)
        // Without the cancel, pg_sleep(60) would keep its backend busy for a minute.
        let gone = Date().addingTimeInterval(5)
        while Date() < gone, sessionsRunning(marker) != "0" { usleep(100_000) }
        XCTAssertEqual(sessionsRunning(marker), "0", "the statement still runs on the server")
    }
}
