import Foundation
import IdxScopeTestSupport
import XCTest

/// The TUI against a PostgreSQL server that stops answering (postmaster and backend stopped with
/// SIGSTOP): Esc, quit and signals never wait on the network.
final class StoppedServerTests: XCTestCase {
    private var scratch: TemporaryDirectory!
    private var session: TmuxSession!
    private var binary: String!
    private var uri: String!
    private var stopped: [pid_t] = []
    /// The stuck statement's marker: its backend is ended in tearDown, not left sleeping for later tests.
    private var marker: String?

    override func setUpWithError() throws {
        uri = try TestPostgres.uri()
        binary = try BuiltBinary.path("idxscope")
        scratch = try TemporaryDirectory(prefix: "stopped")
        session = try TmuxSession(directory: scratch.url)
    }

    override func tearDown() {
        resumeServer()
        if let marker {
            _ = try? psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%\(marker)%' AND pid <> pg_backend_pid()")
        }
        session?.stopServer()
        scratch = nil
    }

    private func resumeServer() {
        for pid in stopped { kill(pid, SIGCONT) }
        stopped = []
    }

    private func psql(_ sql: String) throws -> String {
        let result = try ProcessRunner.run("psql", ["-X", "-At", "-w", uri, "-c", sql], timeout: 20)
        XCTAssertEqual(result.status, 0, result.describe)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The postmaster's pid, from the data directory scripts/pg-test-server.sh uses for this port.
    private func postmasterPid() throws -> pid_t {
        let port = try XCTUnwrap(URLComponents(string: uri)?.port, "no port in \(uri!)")
        let file = "/tmp/idxscope-pg-\(port)/data/postmaster.pid"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        return try XCTUnwrap(text.split(separator: "\n").first.flatMap { pid_t(String($0)) }, "no pid in \(file)")
    }

    /// Starts the TUI, runs `SELECT pg_sleep(30)` under EXPLAIN ANALYZE, then stops its backend
    /// and the postmaster (so PQcancel's connection gets no answer either).
    private func startStuckPlan() throws {
        let marker = "stuck_\(UInt32.random(in: 0...UInt32.max))"
        self.marker = marker
        let started = session.start(EndToEndTests.command(binary: binary, home: scratch.root, "'\(uri!)'"))
        XCTAssertEqual(started.status, 0, started.describe)
        XCTAssertTrue(session.waitFor("the PostgreSQL index list") { $0.contains("postgresql") && $0.contains("F1 Help") })
        session.keys("e")
        XCTAssertTrue(session.waitFor("the editor") { $0.contains("F5 Plan") })
        session.keys("F6")
        session.type("SELECT pg_sleep(30) AS \(marker)")
        session.keys("F5")
        XCTAssertTrue(session.waitFor("the running plan", timeout: 5) { $0.contains("planning") })
        var backend: pid_t?
        let deadline = Date().addingTimeInterval(10)
        while backend == nil, Date() < deadline {
            backend = pid_t(try psql("SELECT pid FROM pg_stat_activity WHERE query LIKE '%\(marker)%' AND pid <> pg_backend_pid()"))
            if backend == nil { usleep(100_000) }
        }
        let sleeping = try XCTUnwrap(backend, "the sleeping backend never showed in pg_stat_activity")
        let postmaster = try postmasterPid()
        for pid in [postmaster, sleeping] {
            XCTAssertEqual(kill(pid, SIGSTOP), 0, "SIGSTOP \(pid)")
            stopped.append(pid)
        }
    }

    func testEscIsAbandonedAfterTheDeadlineAndQuitExitsAtOnce() throws {
        try startStuckPlan()
        session.keys("Escape")
        XCTAssertTrue(session.waitFor("cancelling at once", timeout: 2) { $0.contains("cancelling…") })
        // The UI still answers keys while the cancel waits.
        session.keys("PageDown")
        XCTAssertTrue(session.waitFor("the abandoned cancel", timeout: 8) { $0.contains("cancel abandoned: no answer from the server") })
        XCTAssertFalse(session.lastScreen.contains("⠋ planning"), session.lastScreen)
        let pressed = Date()
        session.keys("F10")  // quit from the editor (q is text there)
        XCTAssertTrue(session.waitFor("quit", timeout: 5) { $0.contains("EXITED 0") })
        XCTAssertLessThan(Date().timeIntervalSince(pressed), 1.5, "quit must not wait for the server")
    }

    func testCtrlBackslashAndQuitNeverWaitOnTheServer() throws {
        try startStuckPlan()
        // Ctrl-\ (SIGQUIT) while the plan hangs: the terminal is restored and the exit is 128 + 3.
        let pressed = Date()
        session.keys("C-\\")
        XCTAssertTrue(session.waitFor("SIGQUIT exit", timeout: 5) { $0.contains("EXITED 131") })
        XCTAssertLessThan(Date().timeIntervalSince(pressed), 1.5, "Ctrl-\\ must not wait for the server")
        XCTAssertFalse(session.lastScreen.contains("Backtrace") || session.lastScreen.contains("Crash"), session.lastScreen)
        XCTAssertEqual(session.tmux("display-message", "-p", "-t", "e2e", "#{alternate_on}").stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0",
                       "the terminal left the UI's screen")
    }

    func testSIGTERMIsNotIgnoredWhileTheServerHangs() throws {
        try startStuckPlan()
        // The pane runs a shell; idxscope is its child.
        let shell = session.tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let tui = try XCTUnwrap(children.split(separator: " ").compactMap { pid_t(String($0)) }.first { pid in
            ((try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? "").hasPrefix("idxscope")
        }, "no idxscope child of the pane's shell \(shell): \(children)")
        let sent = Date()
        XCTAssertEqual(kill(tui, SIGTERM), 0)
        XCTAssertTrue(session.waitFor("SIGTERM exit", timeout: 5) { $0.contains("EXITED 143") })
        XCTAssertLessThan(Date().timeIntervalSince(sent), 1.5, "SIGTERM must not wait for the server")
    }
}
