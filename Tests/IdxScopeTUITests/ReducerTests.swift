import IdxScopeTestSupport
import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

final class ReducerTests: XCTestCase {
    /// Every catalog change asks for the findings again (an effect, not the run loop watching the revision).
    func testEveryCatalogChangeDerivesFindingsAndTrimsMemory() throws {
        var state = Fixtures.state(Fixtures.sqliteCatalog)
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .spaceLoaded(SpaceReport(indexes: [:])))
        XCTAssertEqual(effects, [.releaseMemory, .deriveFindings(try XCTUnwrap(state.catalog), revision: state.catalogRevision, now: state.now)])
        (state, effects) = Reducer.reduce(state, .findingKindsDerived([:], revision: state.catalogRevision))
        XCTAssertEqual(effects, [.releaseMemory], "verdicts change no catalog: nothing derived again")
        (state, effects) = Reducer.reduce(state, .key(.char("s")))
        XCTAssertEqual(effects, [], "a sort is no catalog change")
    }

    /// Quit and signals leave through the reducer: a running plan is cancelled on the way out.
    func testQuitAndSignalsCancelTheRunningPlan() {
        var state = Fixtures.type(Fixtures.press(Fixtures.state(Fixtures.postgresCatalog), .char("e")), "SELECT 1")
        state = Fixtures.press(state, .function(5))
        let (quit, quitEffects) = Reducer.reduce(state, .key(.function(10)))
        XCTAssertTrue(quit.shouldQuit)
        XCTAssertNil(quit.exitSignal)
        XCTAssertEqual(quitEffects, [.cancelRunningCall(plan: 1)])
        let (signalled, signalEffects) = Reducer.reduce(state, .interrupted(signal: SIGQUIT))
        XCTAssertTrue(signalled.shouldQuit)
        XCTAssertEqual(signalled.exitSignal, SIGQUIT)
        XCTAssertEqual(signalEffects, [.cancelRunningCall(plan: 1)])
        let (idle, idleEffects) = Reducer.reduce(Fixtures.state(Fixtures.sqliteCatalog), .interrupted(signal: SIGTERM))
        XCTAssertTrue(idle.shouldQuit)
        XCTAssertEqual(idleEffects, [], "nothing to cancel")
    }

    func testStartLoadsCatalogThenSpaceAndShowsRowsBeforeSizes() throws {
        let initial = AppState(capabilities: Capabilities(engine: .sqlite), databaseName: "demo.db")
        var (state, effects) = Reducer.start(initial)
        XCTAssertEqual(effects, [.loadCatalog])
        state = Reducer.reduce(state, .resize(width: 120, height: 40)).0
        XCTAssertTrue(Renderer.render(state).line(0).contains("loading catalog"))
        var catalog = Fixtures.sqliteCatalog
        catalog.sizesLoaded = false
        let sizes = Dictionary(uniqueKeysWithValues: catalog.indexes.map { ($0.id, $0.space) })
        for position in catalog.indexes.indices { catalog.indexes[position].space = .unknown }
        (state, effects) = Reducer.reduce(state, .catalogLoaded(catalog, at: Date()))
        XCTAssertEqual(effects, [.releaseMemory, .loadSpace, .deriveFindings(try XCTUnwrap(state.catalog), revision: state.catalogRevision, now: state.now)],
                       "sizes are loaded after the rows are shown; the badges are derived off the UI thread")
        var screen = Renderer.render(state)
        XCTAssertNotNil(screen.row(containing: "idx_job_status"))
        XCTAssertTrue(screen.line(0).contains("loading sizes"), screen.line(0))
        XCTAssertTrue(screen.line(screen.row(containing: "idx_job_status")!).contains("…"))
        state = Reducer.reduce(state, .spaceLoaded(SpaceReport(indexes: sizes))).0
        screen = Renderer.render(state)
        XCTAssertFalse(screen.line(0).contains("loading sizes"))
        XCTAssertTrue(screen.line(screen.row(containing: "idx_job_status")!).contains("40 KiB"))
    }

    /// Ctrl-L only asks the terminal for a full repaint (htop/pspg), from any screen, the
    /// editor included; r reloads.
    func testCtrlLOnlyRepaintsAndRReloads() {
        let state = Fixtures.state(Fixtures.sqliteCatalog)
        let (_, effects) = Reducer.reduce(state, .key(.ctrl("l")))
        XCTAssertEqual(effects, [.repaintTerminal])
        XCTAssertEqual(Reducer.reduce(state, .key(.char("r"))).1, [.loadCatalog, .loadSpace])
        let editing = Fixtures.press(state, .char("e"))
        XCTAssertEqual(Reducer.reduce(editing, .key(.ctrl("l"))).1, [.repaintTerminal])
        // Still repaints while a reload runs (a second reload is not started).
        let loading = Reducer.reduce(state, .key(.char("r"))).0
        XCTAssertEqual(Reducer.reduce(loading, .key(.ctrl("l"))).1, [.repaintTerminal])
    }

    func testErrorsGoToTheStatusLine() {
        var state = Fixtures.state(Fixtures.sqliteCatalog)
        state = Reducer.reduce(state, .spaceFailed("database is locked")).0
        let screen = Renderer.render(state)
        XCTAssertEqual(screen.role(of: "sizes: database is locked", onRow: 38), .error)
        XCTAssertFalse(state.spaceLoading)
    }

    func testAutoRefreshOnlyForPostgresAndPlusMinusChangeTheInterval() {
        let sqlite = Fixtures.state(Fixtures.sqliteCatalog)
        XCTAssertNil(sqlite.refreshInterval)
        XCTAssertEqual(Reducer.reduce(sqlite, .tick(Date(timeIntervalSince1970: 1_900_000_000))).1, [])
        var pg = Fixtures.state(Fixtures.postgresCatalog)
        XCTAssertEqual(pg.refreshInterval, 5)
        XCTAssertEqual(Reducer.reduce(pg, .tick(Date(timeIntervalSince1970: 1_800_000_004))).1, [])
        let (refreshing, effects) = Reducer.reduce(pg, .tick(Date(timeIntervalSince1970: 1_800_000_005)))
        XCTAssertEqual(effects, [.loadCatalog])
        XCTAssertEqual(Reducer.reduce(refreshing, .tick(Date(timeIntervalSince1970: 1_800_000_006))).1, [], "one refresh at a time")
        pg = Fixtures.press(pg, .char("+"))
        XCTAssertEqual(pg.refreshInterval, 2)
        pg = Fixtures.press(pg, .char("-"), .char("-"))
        XCTAssertEqual(pg.refreshInterval, 10)
        XCTAssertTrue(Renderer.render(pg).line(0).contains("every 10s"))
    }

    func testRefreshKeyReloadsCatalogAndSpace() {
        let (_, effects) = Reducer.reduce(Fixtures.state(Fixtures.sqliteCatalog), .key(.char("r")))
        XCTAssertEqual(effects, [.loadCatalog, .loadSpace])
    }

    func testStatementsScreenPlansTheChosenStatement() {
        var state = Fixtures.state(Fixtures.postgresCatalog, capabilities: Capabilities(engine: .postgresql, statementStats: true))
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .key(.char("Q")))
        XCTAssertEqual(effects, [.loadStatements])
        let stats = [StatementStats(queryID: 1, query: "SELECT * FROM runs WHERE owner = $1", calls: 10, totalMs: 500, meanMs: 50, rows: 10),
                     StatementStats(queryID: 2, query: "SELECT count(*)\nFROM experiments", calls: 3, totalMs: 90, meanMs: 30, rows: 3)]
        state = Reducer.reduce(state, .statementsLoaded(StatementStatsReport(byMeanTime: stats, byTotalTime: stats, note: nil))).0
        let screen = Renderer.render(state)
        XCTAssertNotNil(screen.row(containing: "SELECT count(*) FROM experiments"), screen.text)
        state = Fixtures.press(state, .down)
        (state, effects) = Reducer.reduce(state, .key(.enter))
        XCTAssertEqual(state.screen, .query)
        XCTAssertEqual(state.editor.text, "SELECT count(*)\nFROM experiments")
        XCTAssertTrue(effects.contains(.explain(request: 1, sql: "SELECT count(*)\nFROM experiments", analyze: false)))
        // Missing extension: the note is shown.
        var missing = Fixtures.state(Fixtures.postgresCatalog, capabilities: Capabilities(engine: .postgresql, statementStats: true))
        missing = Fixtures.press(missing, .char("Q"))
        missing = Reducer.reduce(missing, .statementsLoaded(StatementStatsReport(byMeanTime: nil, byTotalTime: nil, note: "pg_stat_statements is not installed"))).0
        XCTAssertNotNil(Renderer.render(missing).row(containing: "pg_stat_statements is not installed"))
        // SQLite has no such screen.
        let sqlite = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("Q"))
        XCTAssertEqual(sqlite.screen, .indexes)
        XCTAssertTrue(sqlite.status?.isError ?? false)
    }

    func testHistoryFileRoundTripAndCreatesParents() throws {
        let scratch = try TemporaryDirectory(prefix: "history")
        let root = scratch.url.appendingPathComponent("state")
        let file = QueryHistory.defaultFile(forTarget: "/data/app.db", environment: ["XDG_STATE_HOME": root.path, "HOME": "/nonexistent"])!
        let name = QueryHistory.fileName(forTarget: "/data/app.db")
        XCTAssertTrue(name.hasPrefix("_data_app.db-"), name)
        XCTAssertEqual(file, root.path + "/idxscope/histories/" + name)
        XCTAssertEqual(QueryHistory.defaultFile(forTarget: "/data/app.db", environment: ["HOME": "/home/me"]),
                       "/home/me/.local/state/idxscope/histories/" + name)
        XCTAssertEqual(QueryHistory.load(from: file).entries, [], "a missing file is an empty history")
        var history = QueryHistory()
        history.append("SELECT 1")
        history.append("SELECT 1")
        history.append("SELECT 'a\\b'\nFROM t")
        try QueryHistory.save(history.entries, to: file)
        XCTAssertEqual(QueryHistory.load(from: file).entries, ["SELECT 1", "SELECT 'a\\b'\nFROM t"])
    }
}

final class TabWithoutSelectionTests: XCTestCase {
    func testTabSkipsDetailWhenNoIndexIsSelected() {
        // A filter with no matches.
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("/"))
        state = Fixtures.type(state, "no such index")
        state = Fixtures.press(state, .enter)
        XCTAssertNil(state.selectedRecord)
        state = Fixtures.press(state, .tab)
        XCTAssertEqual(state.screen, .query, "Tab goes past Detail to the editor")
        XCTAssertNil(state.status, "no 'no index selected' error")
        state = Fixtures.press(state, .backTab)
        XCTAssertEqual(state.screen, .indexes, "S-Tab skips Detail too")
        // No indexes at all.
        let empty = Fixtures.state(Catalog(engine: .sqlite, database: "empty.db", serverVersion: "3.40.1", indexes: [], sizesLoaded: true))
        XCTAssertEqual(Fixtures.press(empty, .tab).screen, .query)
        XCTAssertEqual(Fixtures.press(empty, .tab, .backTab).screen, .indexes)
    }
}

final class StatusClearingTests: XCTestCase {
    func testAnErrorGoesAwayOnTheNextCommandOrASuccessfulLoad() {
        let failed = Reducer.reduce(Fixtures.state(Fixtures.sqliteCatalog), .spaceFailed("database is locked")).0
        XCTAssertEqual(failed.status?.isError, true)
        for key: Key in [.down, .pageDown, .tab, .escape, .char("e"), .char("?")] {
            let after = Fixtures.press(failed, key)
            XCTAssertNil(after.status, "\(key.label) leaves the error: \(after.status?.text ?? "")")
            XCTAssertNil(Renderer.render(after).row(containing: "database is locked"))
        }
        XCTAssertNil(Reducer.reduce(failed, .catalogLoaded(Fixtures.sqliteCatalog, at: Date(timeIntervalSince1970: 1_800_000_010))).0.status)
        XCTAssertNil(Reducer.reduce(failed, .spaceLoaded(SpaceReport(indexes: [:]))).0.status)
        // A refused command shows its own error.
        let empty = Fixtures.press(Fixtures.state(Catalog(engine: .sqlite, database: "e.db", serverVersion: "3", indexes: [], sizesLoaded: true)), .enter)
        XCTAssertNil(empty.status, "Enter with nothing selected does nothing")
        // A lost connection stays until a load succeeds.
        var lost = Reducer.reduce(Fixtures.state(Fixtures.postgresCatalog), .catalogFailed("server closed the connection")).0
        lost = Fixtures.press(lost, .down, .escape, .tab)
        XCTAssertTrue(lost.status?.text.hasPrefix("connection lost") ?? false)
        lost = Reducer.reduce(lost, .catalogLoaded(Fixtures.postgresCatalog, at: Date(timeIntervalSince1970: 1_800_000_010))).0
        XCTAssertNil(lost.status)
    }
}

final class HistorySaveErrorTests: XCTestCase {
    func testUnwritableHistorySaysPathAndReasonOncePerSession() throws {
        // XDG_STATE_HOME pointing at a regular file.
        let scratch = try TemporaryDirectory(prefix: "state")
        let stateHome = scratch.path("state")
        try "not a directory".write(toFile: stateHome, atomically: true, encoding: .utf8)
        let file = try XCTUnwrap(QueryHistory.defaultFile(forTarget: "app.db", environment: ["XDG_STATE_HOME": stateHome]))
        XCTAssertThrowsError(try QueryHistory.save(["SELECT 1"], to: file)) { error in
            XCTAssertEqual((error as? HistoryFileError)?.message, "\(stateHome)/idxscope: Not a directory")
        }
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e"))
        state = Reducer.reduce(state, .historySaveFailed("\(stateHome)/idxscope: Not a directory")).0
        XCTAssertEqual(Renderer.render(state).role(of: "history not saved: \(stateHome)/idxscope: Not a directory", onRow: 38), .error)
        state = Fixtures.press(state, .function(5))
        state = Reducer.reduce(state, .historySaveFailed("\(stateHome)/idxscope: Not a directory")).0
        XCTAssertNil(Renderer.render(state).row(containing: "history not saved"), "said once, not on every F5")
    }

    /// A symlink planted at the old fixed temporary name (history.tmp) is neither followed nor
    /// truncated: the temporary file has a fresh name and is opened with O_EXCL | O_NOFOLLOW.
    func testAPlantedSymlinkIsNotFollowed() throws {
        let scratch = try TemporaryDirectory(prefix: "history-link")
        let victim = scratch.path("victim")
        try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
        let file = scratch.path("history")
        XCTAssertEqual(symlink(victim, file + ".tmp"), 0)
        try QueryHistory.save(["SELECT 1"], to: file)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "precious\n", "the link's target was written")
        XCTAssertEqual(QueryHistory.load(from: file).entries, ["SELECT 1"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.root).sorted(), ["history", "history.tmp", "victim"])
    }

    func testSaveReplacesTheFileAndLeavesNoTemporary() throws {
        let scratch = try TemporaryDirectory(prefix: "history")
        let root = scratch.url
        let file = root.appendingPathComponent("a/b/history").path
        try QueryHistory.save(["SELECT 1", "SELECT 2"], to: file)
        try QueryHistory.save(["SELECT 3"], to: file)
        XCTAssertEqual(QueryHistory.load(from: file).entries, ["SELECT 3"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("a/b").path), ["history"])
    }
}

/// Esc on a server that does not answer: the UI stops waiting after the deadline and says so.
final class CancelDeadlineTests: XCTestCase {
    func testAnUnansweredCancelIsAbandonedAfterTheDeadline() {
        let start = Date(timeIntervalSince1970: 1_800_000_100)
        var state = Reducer.reduce(Fixtures.state(Fixtures.postgresCatalog), .tick(start)).0
        state = Fixtures.press(Fixtures.type(Fixtures.press(state, .char("e")), "SELECT pg_sleep(60)"), .function(5), .escape)
        XCTAssertEqual(state.status?.kind, .cancelling)
        let request = state.planRequest
        state = Reducer.reduce(state, .tick(start.addingTimeInterval(AppState.cancelDeadline - 0.5))).0
        XCTAssertTrue(state.planRunning, "still waiting before the deadline")
        state = Reducer.reduce(state, .tick(start.addingTimeInterval(AppState.cancelDeadline))).0
        XCTAssertFalse(state.planRunning)
        XCTAssertEqual(state.status?.isError, true)
        XCTAssertTrue(state.status?.text.hasPrefix("cancel abandoned: no answer from the server") ?? false, "\(String(describing: state.status))")
        XCTAssertNotNil(Renderer.render(state).row(containing: "cancel abandoned"))
        // The abandoned plan's late answer changes nothing.
        let late = Reducer.reduce(state, .planFinished(request: request, QueryPlan(engine: .postgresql, query: "x", nodes: []))).0
        XCTAssertNil(late.plan)
        // An answered cancel leaves no deadline behind.
        var answered = Fixtures.press(Fixtures.type(Fixtures.press(Fixtures.state(Fixtures.postgresCatalog), .char("e")), "SELECT 1"), .function(5), .escape)
        answered = Reducer.reduce(answered, .planFailed(request: answered.planRequest, message: "cancelled", cancelled: true)).0
        answered = Reducer.reduce(answered, .tick(Date(timeIntervalSince1970: 1_900_000_000))).0
        XCTAssertNil(answered.cancelRequestedAt)
        XCTAssertEqual(answered.status?.text, "plan cancelled")
    }

    func testAnUnansweredCancelOfF7AdviceIsAbandonedToo() {
        let start = Date(timeIntervalSince1970: 1_800_000_100)
        var state = Reducer.reduce(Fixtures.state(Fixtures.postgresCatalog), .tick(start)).0
        state.screen = .query
        state.adviceRequest = 1
        state.statementAdvice = StatementAdvice(request: 1)
        state = Fixtures.press(state, .escape)
        XCTAssertEqual(state.status?.kind, .cancelling)
        state = Reducer.reduce(state, .tick(start.addingTimeInterval(AppState.cancelDeadline - 0.5))).0
        XCTAssertEqual(state.statementAdvice?.running, true, "still waiting before the deadline")
        state = Reducer.reduce(state, .tick(start.addingTimeInterval(AppState.cancelDeadline))).0
        XCTAssertNil(state.statementAdvice, "the advice is given up after the deadline")
        XCTAssertTrue(state.status?.text.hasPrefix("cancel abandoned") ?? false, "\(String(describing: state.status))")
        // Its late answer matches no request.
        let late = Reducer.reduce(state, .statementAdviceFailed(request: 1, "late")).0
        XCTAssertNil(late.statementAdvice)
    }
}
