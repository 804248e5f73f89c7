import Foundation
import IdxScopeTestSupport
import XCTest
@testable import IdxScopeTUI

/// Drives the built binary in a private tmux server on the demo database, as a user would.
final class EndToEndTests: XCTestCase {
    var binary: String!

    var scratch: TemporaryDirectory!
    var directory: URL!
    var session: TmuxSession!
    var demoPath: String!

    override func setUpWithError() throws {
        binary = try BuiltBinary.path("idxscope")
        scratch = try TemporaryDirectory(prefix: "e2e")
        directory = scratch.url
        demoPath = directory.appendingPathComponent("demo.db").path
        let demo = try ProcessRunner.run(binary, ["demo", demoPath])
        XCTAssertEqual(demo.status, 0, "idxscope demo failed: \(demo.describe)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: demoPath), "idxscope demo wrote no \(demoPath!): \(demo.describe)")
        session = try TmuxSession(directory: directory)
    }

    override func tearDown() {
        session?.stopServer()
        scratch = nil
    }

    /// The shell command tmux runs: the binary with a private HOME/XDG, then its exit status.
    func command(_ arguments: String, environment: String = "") -> String {
        Self.command(binary: binary, home: directory.path, arguments, environment: environment)
    }

    static func command(binary: String, home: String, _ arguments: String, environment: String = "") -> String {
        // -u NO_COLOR: the test runner's own environment must not decide the colours; the
        // trailing sleep keeps the pane alive long enough for tmux to show the exit line.
        "env -u NO_COLOR HOME=\(home) XDG_STATE_HOME=\(home)/state XDG_CACHE_HOME=\(home)/cache XDG_CONFIG_HOME=\(home)/config "
            + "LANG=C.UTF-8 \(environment) \(binary) \(arguments); echo \"EXITED $?\"; sleep 60"
    }

    /// Starts the TUI on the demo database and waits for the index rows.
    func startOnDemo(environment: String = "") -> (table: String, index: String)? {
        let started = session.start(command("'\(demoPath!)'", environment: environment))
        XCTAssertEqual(started.status, 0, "tmux new-session failed: \(started.describe)")
        guard session.waitFor("the index list", { $0.contains("indexes") && $0.components(separatedBy: "\n").count > 3 && Self.firstRow($0) != nil }) else {
            return nil
        }
        return Self.firstRow(session.lastScreen)
    }

    /// Table and index name of the first list row (row 2: header, titles, rows), cut at the
    /// title row's column starts (names may contain spaces).
    static func firstRow(_ screen: String) -> (table: String, index: String)? {
        let lines = screen.components(separatedBy: "\n").map { Array($0) }
        guard lines.count > 2 else { return nil }
        let titles = String(lines[1])
        guard let table = titles.range(of: "table"), let index = titles.range(of: "index"), let columns = titles.range(of: "columns") else { return nil }
        let t = titles.distance(from: titles.startIndex, to: table.lowerBound)
        let i = titles.distance(from: titles.startIndex, to: index.lowerBound)
        let c = titles.distance(from: titles.startIndex, to: columns.lowerBound)
        let row = lines[2]
        guard row.count > c else { return nil }
        let tableName = String(row[t..<i]).trimmingCharacters(in: .whitespaces)
        let indexName = String(row[i..<c]).trimmingCharacters(in: .whitespaces)
        guard !tableName.isEmpty, !indexName.isEmpty, !indexName.hasSuffix("…") else { return nil }
        return (tableName, indexName)
    }

    /// A table name as SQL.
    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    func testListFilterDetailHelpAndQuit() throws {
        let first = try XCTUnwrap(startOnDemo(), "no index list")
        XCTAssertTrue(session.lastScreen.contains("sqlite"), session.lastScreen)
        XCTAssertTrue(session.lastScreen.contains("F1 Help"), "key bar: \(session.lastScreen)")
        // Sizes fill in (the spinner goes away).
        XCTAssertTrue(session.waitFor("sizes") { !$0.contains("loading sizes") && $0.contains("KiB") })

        // Filter by the first index's name: the header counts the matches.
        session.keys("/")
        session.type(first.index)
        XCTAssertTrue(session.waitFor("the filter") { $0.contains("Filter: \(first.index)") && $0.contains("/") })
        let total = session.lastScreen
        XCTAssertTrue(total.range(of: #"\d+/\d+ indexes"#, options: .regularExpression) != nil, "filtered count in the header: \(total)")
        session.keys("Enter")
        XCTAssertTrue(session.waitFor("filter kept") { $0.contains("filter: \(first.index)") })

        // Detail
        session.keys("Enter")
        XCTAssertTrue(session.waitFor("the detail screen") { $0.contains("Definition") && $0.contains("DROP INDEX") || $0.contains("drops it only with the table") })
        XCTAssertTrue(session.lastScreen.contains(first.index))
        XCTAssertTrue(session.lastScreen.contains("REINDEX"))

        // Help
        session.keys("?")
        XCTAssertTrue(session.waitFor("help") { $0.contains("generated from the key table") && $0.contains("Index list") })
        session.keys("Escape")
        XCTAssertTrue(session.waitFor("back to detail") { $0.contains("Definition") })
        session.keys("Escape")
        XCTAssertTrue(session.waitFor("back to the list") { $0.contains("flag") })

        // Quit restores the terminal: the UI is gone and the shell reports status 0.
        session.keys("q")
        XCTAssertTrue(session.waitFor("exit") { $0.contains("EXITED 0") && !$0.contains("F1 Help") })
    }

    func testPlanShowsAFullScanInRed() throws {
        let first = try XCTUnwrap(startOnDemo(), "no index list")
        session.keys("e")
        XCTAssertTrue(session.waitFor("the editor") { $0.contains("F5 Plan") })
        session.type("SELECT * FROM \(Self.quoted(first.table))")
        session.keys("F5")
        XCTAssertTrue(session.waitFor("the plan") { $0.contains("QUERY PLAN") && $0.contains("SCAN \(first.table)") })
        XCTAssertTrue(session.lastScreen.contains("full scan of \(first.table)"), session.lastScreen)
        let coloured = session.capture(escapes: true)
        let scanLine = try XCTUnwrap(coloured.components(separatedBy: "\n").first { $0.contains("SCAN \(first.table)") && !$0.contains("FROM") })
        // The dark theme's full_scan is colour 203 (red); 8-colour terminals get SGR 31.
        XCTAssertTrue(scanLine.contains("38;5;203m") || scanLine.contains("[31m") || scanLine.contains(";31m"),
                      "the full-scan line is not red: \(scanLine.debugDescription)")
        // A syntax error shows inline; Esc leaves the editor.
        session.keys("C-u")
        session.type("SELEC nonsense")
        session.keys("F5")
        XCTAssertTrue(session.waitFor("the inline error") { $0.contains("✗") && $0.contains("syntax error") })
        session.keys("Escape")
        XCTAssertTrue(session.waitFor("the list") { $0.contains("flag") })
        // The demo database's history file was written under XDG_STATE_HOME, the only one there.
        let histories = directory.appendingPathComponent("state/idxscope/histories").path
        let name = QueryHistory.fileName(forTarget: URL(fileURLWithPath: demoPath!).standardizedFileURL.path)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: histories), [name])
        let history = try String(contentsOfFile: histories + "/" + name, encoding: .utf8)
        XCTAssertEqual(history, "SELECT * FROM \(Self.quoted(first.table))\nSELEC nonsense\n")
        session.keys("q")
        XCTAssertTrue(session.waitFor("exit") { $0.contains("EXITED 0") })
    }

    /// EXPLAIN ANALYZE of a 30 s statement on the real server: the UI keeps drawing and Esc
    /// cancels it (PQcancel) within seconds.
    func testEscCancelsARunningPlanOnPostgres() throws {
        let uri = try TestPostgres.uri()
        let started = session.start(command("'\(uri)'"))
        XCTAssertEqual(started.status, 0, "tmux new-session failed: \(started.describe)")
        XCTAssertTrue(session.waitFor("the PostgreSQL index list") { $0.contains("postgresql") && $0.contains("F1 Help") })
        session.keys("e")
        XCTAssertTrue(session.waitFor("the editor") { $0.contains("F5 Plan") })
        session.keys("F6")
        XCTAssertTrue(session.waitFor("ANALYZE on") { $0.contains("EXPLAIN ANALYZE") })
        session.type("SELECT pg_sleep(30)")
        session.keys("F5")
        XCTAssertTrue(session.waitFor("the running plan", timeout: 5) { $0.contains("planning") })
        let pressed = Date()
        session.keys("Escape")
        XCTAssertTrue(session.waitFor("the cancellation", timeout: 10) { $0.contains("plan cancelled") && !$0.contains("planning") })
        XCTAssertLessThan(Date().timeIntervalSince(pressed), 5, "Esc should cancel within seconds")
        // The connection is still usable: a plain plan works right after (F6 was for one plan only).
        session.keys("C-u")
        session.type("SELECT 1")
        session.keys("F5")
        XCTAssertTrue(session.waitFor("a plan after the cancel") { $0.contains("QUERY PLAN") && $0.contains("Result") })
        session.keys("Escape")
        // Esc and q sent together would read as Alt-q: wait for the list first.
        XCTAssertTrue(session.waitFor("the list after the editor") { !$0.contains("F5 Plan") && $0.contains("F1 Help") })
        session.keys("q")
        XCTAssertTrue(session.waitFor("exit") { $0.contains("EXITED 0") })
    }

    /// `--also`: the standby scripts/pg-test-server.sh starts on the next port, reached with a
    /// password that must never be drawn; the header says the counters cover 2 servers.
    func testAlsoCountsTheStandbyInTheHeader() throws {
        let uri = try TestPostgres.uri()
        let port = (URLComponents(string: uri)?.port ?? 5432) + 1
        let secret = ProcessInfo.processInfo.environment["IDXSCOPE_PG_TEST_PASSWORD"] ?? "s3cret-pw"
        let standby = "postgresql://idxscope_pw:\(secret)@127.0.0.1:\(port)/postgres"
        let started = session.start(command("'\(uri)' --also '\(standby)'"))
        XCTAssertEqual(started.status, 0, "tmux new-session failed: \(started.describe)")
        XCTAssertTrue(session.waitFor("the header with 2 servers") { $0.contains("2 servers") && $0.contains("F1 Help") })
        XCTAssertFalse(session.capture().contains(secret), session.capture())
        session.keys("q")
        XCTAssertTrue(session.waitFor("exit") { $0.contains("EXITED 0") })
    }

    /// SQL with tabs and a `q` pasted into the editor stays text (bracketed or not), and a
    /// bracketed paste on the index list runs no command.
    func testPastedSQLWithTabsStaysInTheEditor() throws {
        let first = try XCTUnwrap(startOnDemo(), "no index list")
        session.keys("e")
        XCTAssertTrue(session.waitFor("the editor") { $0.contains("F5 Plan") })
        try session.paste("SELECT *\tFROM \(Self.quoted(first.table))\n\tWHERE quantity > 1", bracketed: true)
        XCTAssertTrue(session.waitFor("the bracketed paste in the editor") { $0.contains("SELECT *    FROM") && $0.contains("    WHERE quantity > 1") })
        XCTAssertTrue(session.lastScreen.contains("F5 Plan"), "still in the editor: \(session.lastScreen)")
        // Without bracketed paste (terminals that lack it) Tab indents too, and q is text.
        session.keys("C-u")
        try session.paste("SELECT 1\tquit", bracketed: false)
        XCTAssertTrue(session.waitFor("the raw paste in the editor") { $0.contains("SELECT 1    quit") && $0.contains("F5 Plan") })
        // A paste on the list is ignored rather than run as keys (q would quit).
        session.keys("Escape")
        XCTAssertTrue(session.waitFor("the list") { $0.contains("flag") })
        try session.paste("q", bracketed: true)
        XCTAssertTrue(session.waitFor("paste ignored") { $0.contains("paste ignored") && $0.contains("F1 Help") })
        session.keys("q")
        XCTAssertTrue(session.waitFor("exit") { $0.contains("EXITED 0") })
    }

    /// `--workload` on the TUI: F runs the advisor on the worker and shows its summary, the drop
    /// findings with the statements that use them, and the table findings.
    func testFindingsScreenRunsTheAdvisorOnTheWorkload() throws {
        let workload = (demoPath as NSString).deletingPathExtension + ".sql"
        let started = session.start(command("'\(demoPath!)' --workload '\(workload)'"), width: 100, height: 30)
        XCTAssertEqual(started.status, 0, "tmux new-session failed: \(started.describe)")
        XCTAssertTrue(session.waitFor("the index list") { $0.contains("F1 Help") && $0.contains("flag") })
        session.keys("F")
        XCTAssertTrue(session.waitFor("the advisor's findings", timeout: 30) {
            $0.contains("Findings") && $0.contains("advisor: 6 of 6 workload statements planned") && $0.contains("used by × 1")
        })
        XCTAssertTrue(session.lastScreen.contains("Duplicate indexes"), session.lastScreen)
        // A cut line ends in "…".
        let cut = session.lastScreen.components(separatedBy: "\n").filter { $0.contains("used by × 1") }
        XCTAssertTrue(cut.allSatisfy { $0.hasSuffix("…") }, "\(cut)")
        session.keys("Enter")
        XCTAssertTrue(session.waitFor("the finding's detail") { $0.contains("Detail") && $0.contains("Definition") })
        session.keys("Escape")
        XCTAssertTrue(session.waitFor("back to the findings") { $0.contains("Duplicate indexes") })
        session.keys("q")
        XCTAssertTrue(session.waitFor("exit") { $0.contains("EXITED 0") })
    }

    /// `y` sends OSC 52; tmux (set-clipboard on) puts the text in its paste buffer.
    func testYCopiesTheSelectedSQLThroughOSC52() throws {
        let first = try XCTUnwrap(startOnDemo(), "no index list")
        session.keys("y")
        XCTAssertTrue(session.waitFor("the copy's status") { $0.contains("copied the definition of \(first.index)") && $0.contains("(OSC 52)") })
        var buffer = ""
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, !buffer.hasPrefix("CREATE") {
            buffer = session.tmux("show-buffer").stdout
            usleep(50_000)
        }
        XCTAssertTrue(buffer.hasPrefix("CREATE") && buffer.contains(first.index), "tmux buffer: \(buffer.debugDescription)")
        // The Findings screen copies the finding's SQL.
        session.keys("F")
        XCTAssertTrue(session.waitFor("findings") { $0.contains("Duplicate indexes") })
        session.keys("y")
        XCTAssertTrue(session.waitFor("the finding's copy") { $0.contains("copied the SQL of the") })
        let dropped = session.tmux("show-buffer").stdout
        XCTAssertTrue(dropped.hasPrefix("DROP INDEX") || dropped.hasPrefix("CREATE INDEX"), dropped)
        session.keys("q")
        XCTAssertTrue(session.waitFor("exit") { $0.contains("EXITED 0") })
    }

    /// The mouse through tmux (SGR 1006 reports, as a terminal sends them): a press on a column
    /// title sorts, on a row selects it, the wheel scrolls.
    func testMouseSortsSelectsAndScrolls() throws {
        _ = try XCTUnwrap(startOnDemo(), "no index list")
        XCTAssertTrue(session.waitFor("sizes") { !$0.contains("loading sizes") && $0.contains("KiB") })
        let titles = session.lastScreen.components(separatedBy: "\n")[1]
        let size = try XCTUnwrap(titles.range(of: "size"), titles)
        let column = titles.distance(from: titles.startIndex, to: size.lowerBound) + 1  // 1-based in the report
        session.type("\u{1B}[<0;\(column);2M\u{1B}[<0;\(column);2m")
        XCTAssertTrue(session.waitFor("sorted by size") { $0.components(separatedBy: "\n")[1].contains("size▼") })
        // Row 5 (1-based) is the list's third row: pressed, it is the selection (reverse/colour).
        session.type("\u{1B}[<0;10;5M\u{1B}[<0;10;5m")
        XCTAssertTrue(session.waitFor("row 3 selected", escapes: true) { screen in
            let rows = screen.components(separatedBy: "\n")
            return rows.count > 4 && rows[4].contains("48;5;25m") && !rows[2].contains("48;5;25m")
        })
        session.type("\u{1B}[<65;10;5M")
        XCTAssertTrue(session.waitFor("the wheel moved the selection", escapes: true) { screen in
            let rows = screen.components(separatedBy: "\n")
            return rows.count > 7 && rows[7].contains("48;5;25m") && !rows[4].contains("48;5;25m")
        })
        session.keys("q")
        XCTAssertTrue(session.waitFor("exit") { $0.contains("EXITED 0") })
    }

    func testResizeToTwentyByFiveAndBack() throws {
        _ = try XCTUnwrap(startOnDemo(), "no index list")
        session.tmux("resize-window", "-t", "e2e", "-x", "20", "-y", "5")
        XCTAssertTrue(session.waitFor("too small") { $0.contains("Terminal too small") })
        session.tmux("resize-window", "-t", "e2e", "-x", "120", "-y", "40")
        XCTAssertTrue(session.waitFor("the list again") { $0.contains("F1 Help") && Self.firstRow($0) != nil })
        session.tmux("resize-window", "-t", "e2e", "-x", "80", "-y", "24")
        XCTAssertTrue(session.waitFor("80x24") { screen in
            let lines = screen.components(separatedBy: "\n")
            return lines.count >= 24 && lines[23].contains("F1 Help")
        })
        session.keys("q")
        XCTAssertTrue(session.waitFor("exit") { $0.contains("EXITED 0") })
    }

    /// Ctrl-L repaints every cell, as in htop/pspg: text another process wrote over the UI
    /// (a background job, `wall`) goes, although none of the UI's own cells changed.
    func testCtrlLRepaintsTextWrittenOverTheUI() throws {
        _ = try XCTUnwrap(startOnDemo(), "no index list")
        XCTAssertTrue(session.waitFor("sizes") { !$0.contains("loading sizes") && $0.contains("KiB") })
        let tty = session.tmux("display-message", "-p", "-t", "e2e", "#{pane_tty}").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let pane = try XCTUnwrap(FileHandle(forWritingAtPath: tty), "cannot open the pane's terminal \(tty)")
        // Row 12, column 30 (1-based): inside the list, where a reload changes nothing.
        pane.write(Data("\u{1B}[12;30HGARBAGE\u{1B}[30;50HGARBAGE".utf8))
        try pane.close()
        XCTAssertTrue(session.waitFor("the garbage on screen") { $0.contains("GARBAGE") })
        session.keys("C-l")
        XCTAssertTrue(session.waitFor("Ctrl-L to repaint it away", timeout: 5) { !$0.contains("GARBAGE") && $0.contains("F1 Help") })
        session.keys("q")
        XCTAssertTrue(session.waitFor("exit") { $0.contains("EXITED 0") })
    }

    func testCtrlCRestoresTheTerminal() throws {
        _ = try XCTUnwrap(startOnDemo(), "no index list")
        session.keys("C-c")
        XCTAssertTrue(session.waitFor("exit after Ctrl-C") { $0.contains("EXITED 130") && !$0.contains("F1 Help") })
    }

    func testNoColorDrawsWithoutColours() throws {
        _ = try XCTUnwrap(startOnDemo(environment: "NO_COLOR=1"), "no index list")
        let coloured = session.capture(escapes: true)
        XCTAssertFalse(coloured.contains("38;5;"), "NO_COLOR still sends 256-colour codes")
        XCTAssertFalse(coloured.contains("[31m"))
        XCTAssertTrue(coloured.contains("[7m") || coloured.contains(";7m"), "monochrome uses reverse video for the header/selection")
        session.keys("q")
        XCTAssertTrue(session.waitFor("exit") { $0.contains("EXITED 0") })
    }

    func testWithoutATerminalExitsTwoWithOneLine() throws {
        let result = try ProcessRunner.run(binary, [demoPath], environment: ["TERM": "xterm", "PATH": "/usr/bin:/bin", "HOME": directory.path], inheritEnvironment: false)
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertEqual(result.stderr, "idxscope: no terminal; use a sub-command such as 'idxscope indexes TARGET'\n")
        XCTAssertEqual(result.stdout, "")
    }

    func testBrokenThemeFileIsReportedWithItsLine() throws {
        let theme = directory.appendingPathComponent("broken.theme").path
        try "# mine\nheader = white, blue\nfull_scan = scarlet\n".write(toFile: theme, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run(binary, ["--theme", theme, demoPath], environment: ["TERM": "xterm", "HOME": directory.path], inheritEnvironment: false)
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertEqual(result.stderr, "idxscope: \(theme) line 3: bad foreground colour 'scarlet'\n")
        XCTAssertEqual(result.stdout, "")
    }
}
