import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

final class QueryScreenTests: XCTestCase {
    func testEditorTypingPlansOnF5AndShowsTheTreeWithRoles() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e"))
        XCTAssertEqual(state.screen, .query)
        state = Fixtures.type(state, "SELECT * FROM job")
        state = Fixtures.press(state, .enter)
        state = Fixtures.type(state, "ORDER BY created_at")
        XCTAssertEqual(state.editor.text, "SELECT * FROM job\nORDER BY created_at")
        XCTAssertFalse(state.shouldQuit)
        var (next, effects) = Reducer.reduce(state, .key(.function(5)))
        XCTAssertEqual(effects, [.appendHistory("SELECT * FROM job\nORDER BY created_at"),
                                 .explain(request: 1, sql: "SELECT * FROM job\nORDER BY created_at", analyze: false)])
        XCTAssertTrue(next.planRunning)
        var screen = Renderer.render(next)
        XCTAssertNotNil(screen.row(containing: "planning… Esc cancels"))
        XCTAssertTrue(screen.line(0).contains("planning"), "spinner in the header")
        next = Reducer.reduce(next, .planFinished(request: 1, Fixtures.samplePlan)).0
        screen = Renderer.render(next)
        let scan = try! XCTUnwrap(screen.row(containing: "├─ SCAN j"), screen.text)
        XCTAssertEqual(screen.role(of: "SCAN j", onRow: scan), .fullScan)
        XCTAssertEqual(screen.role(of: "├─", onRow: scan), .dim)
        let search = screen.row(containing: "SEARCH c USING INDEX")!
        XCTAssertEqual(screen.role(of: "SEARCH c", onRow: search), .indexSearch)
        let nested = screen.row(containing: "SEARCH job USING INTEGER PRIMARY KEY")!
        XCTAssertTrue(screen.line(nested).contains("│     └─ SEARCH job"), "tree connectors: \(screen.line(nested))")
        let temp = screen.row(containing: "└─ USE TEMP B-TREE FOR ORDER BY")!
        XCTAssertEqual(screen.role(of: "USE TEMP B-TREE", onRow: temp), .warning)
        XCTAssertNotNil(screen.row(containing: "full scan of job"))
        // The indexes the plan uses are marked in the list.
        next = Fixtures.press(next, .escape)
        XCTAssertEqual(next.screen, .indexes)
        let list = Renderer.render(next)
        let row = list.row(containing: "idx_customer_email")!
        XCTAssertTrue(list.line(row).hasPrefix("◆"))
        XCTAssertFalse(list.line(list.row(containing: "idx_job_status")!).hasPrefix("◆"))
    }

    func testAlternativePlanKeysAndEngineErrorsInline() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e"))
        state = Fixtures.type(state, "SELEC 1")
        for key in [Key.function(5), .ctrl("x")] {
            let (_, effects) = Reducer.reduce(state, .key(key))
            XCTAssertTrue(effects.contains(.explain(request: 1, sql: "SELEC 1", analyze: false)), "\(key) plans")
        }
        state = Fixtures.press(state, .function(5))
        state = Reducer.reduce(state, .planFailed(request: 1, message: "near \"SELEC\": syntax error", cancelled: false)).0
        let screen = Renderer.render(state)
        let row = try! XCTUnwrap(screen.row(containing: "near \"SELEC\": syntax error"), screen.text)
        XCTAssertLessThan(row, 10, "the error sits under the editor")
        XCTAssertEqual(screen.role(of: "near", onRow: row), .error)
        XCTAssertFalse(state.planRunning)
    }

    func testEscCancelsARunningPlanThenLeaves() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e"))
        state = Fixtures.type(state, "SELECT 1")
        state = Fixtures.press(state, .function(5))
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .key(.escape))
        XCTAssertEqual(effects, [.cancelRunningCall(plan: 1)])
        XCTAssertEqual(state.screen, .query, "the first Esc only cancels")
        state = Reducer.reduce(state, .planFailed(request: 1, message: "interrupted", cancelled: true)).0
        XCTAssertNil(state.planError)
        XCTAssertEqual(state.status?.text, "plan cancelled")
        state = Fixtures.press(state, .escape)
        XCTAssertEqual(state.screen, .indexes)
        // A late result of an older request is ignored.
        let stale = Reducer.reduce(state, .planFinished(request: 0, Fixtures.samplePlan)).0
        XCTAssertNil(stale.plan)
    }

    func testEditorKeysAndHistoryWalk() {
        var state = Fixtures.state(Fixtures.sqliteCatalog)
        state.history = QueryHistory(entries: ["SELECT 1", "SELECT 2\nFROM t"])
        state = Fixtures.press(state, .char("e"))
        state = Fixtures.type(state, "draft")
        state = Fixtures.press(state, .left, .left, .backspace, .delete, .home)
        XCTAssertEqual(state.editor.text, "drt")
        state = Fixtures.type(state, "x")
        state = Fixtures.press(state, .end)
        state = Fixtures.type(state, "!")
        XCTAssertEqual(state.editor.text, "xdrt!")
        state = Fixtures.press(state, .up)
        XCTAssertEqual(state.editor.text, "SELECT 2\nFROM t")
        XCTAssertTrue(Renderer.render(state).line(1).contains("history 2/2"))
        state = Fixtures.press(state, .up)  // on the last line of a 2-line entry: moves up a line
        XCTAssertEqual(state.editor.text, "SELECT 2\nFROM t")
        state = Fixtures.press(state, .up)
        XCTAssertEqual(state.editor.text, "SELECT 1")
        state = Fixtures.press(state, .up)
        XCTAssertEqual(state.editor.text, "SELECT 1", "stops at the oldest")
        state = Fixtures.press(state, .down)
        XCTAssertEqual(state.editor.text, "SELECT 2\nFROM t")
        state = Fixtures.press(state, .down)
        XCTAssertEqual(state.editor.text, "xdrt!", "past the newest entry: the draft comes back")
        state = Fixtures.press(state, .ctrl("u"))
        XCTAssertTrue(state.editor.isEmpty)
        // q is text in the editor; F10 quits.
        state = Fixtures.type(state, "q")
        XCTAssertFalse(state.shouldQuit)
        XCTAssertTrue(Fixtures.press(state, .function(10)).shouldQuit)
    }

    func testEditorCursorAndWideText() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e"))
        state = Fixtures.type(state, "SELECT 名称")
        let screen = Renderer.render(state)
        let row = screen.row(containing: "SELECT 名称")!
        XCTAssertEqual(screen.cursor?.y, row)
        XCTAssertEqual(screen.cursor?.x, 2 + "SELECT 名称".displayWidth)
        XCTAssertEqual(screen.role(of: "SELECT", onRow: row), .editor)
    }

    func testAnalyzeToggle() {
        let sqlite = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e"), .function(6))
        XCTAssertFalse(sqlite.analyze)
        XCTAssertTrue(sqlite.status?.text.contains("SQLite has no EXPLAIN ANALYZE") ?? false)
        var postgres = Fixtures.press(Fixtures.state(Fixtures.postgresCatalog), .char("e"), .function(6))
        XCTAssertTrue(postgres.analyze)
        postgres = Fixtures.type(postgres, "SELECT 1")
        XCTAssertTrue(Reducer.reduce(postgres, .key(.function(5))).1.contains(.explain(request: 1, sql: "SELECT 1", analyze: true)))
        XCTAssertTrue(Renderer.render(postgres).line(1).contains("EXPLAIN ANALYZE"))
    }

    func testPlanAtSmallSizes() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog, width: 80, height: 24), .char("e"))
        state = Fixtures.type(state, "SELECT 1")
        state = Fixtures.press(state, .function(5))
        state = Reducer.reduce(state, .planFinished(request: 1, Fixtures.samplePlan)).0
        let screen = Renderer.render(state)
        XCTAssertNotNil(screen.row(containing: "SCAN j"), screen.text)
        state = Reducer.reduce(state, .resize(width: 20, height: 5)).0
        XCTAssertTrue(Renderer.render(state).text.contains("Terminal too small"))
    }
}

final class StalePlanTests: XCTestCase {
    func testANewRequestDropsThePreviousPlan() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e"))
        state = Fixtures.type(state, "SELECT * FROM job")
        state = Fixtures.press(state, .function(5))
        state = Reducer.reduce(state, .planFinished(request: state.planRequest, Fixtures.samplePlan)).0
        XCTAssertNotNil(Renderer.render(state).row(containing: "SCAN j"))
        // A new statement that fails: the old tree must not stay under it.
        state = Fixtures.press(state, .ctrl("u"))
        state = Fixtures.type(state, "SELEC nonsense")
        state = Fixtures.press(state, .function(5))
        XCTAssertNil(Renderer.render(state).row(containing: "SCAN j"), "old plan under a running request")
        state = Reducer.reduce(state, .planFailed(request: state.planRequest, message: "near \"SELEC\": syntax error", cancelled: false)).0
        var screen = Renderer.render(state)
        XCTAssertNotNil(screen.row(containing: "syntax error"))
        XCTAssertNil(screen.row(containing: "SCAN j"), screen.text)
        XCTAssertNil(screen.row(containing: "full scan of job"))
        XCTAssertTrue(state.planIndexes.isEmpty, "the list no longer marks the old plan's indexes")
        // Cancelled: nothing old either.
        state = Fixtures.press(state, .function(5))
        state = Reducer.reduce(state, .planFailed(request: state.planRequest, message: "cancelled", cancelled: true)).0
        screen = Renderer.render(state)
        XCTAssertNil(screen.row(containing: "full scan of job"), screen.text)
    }
}

final class PlanPaneTests: XCTestCase {
    /// A plan of `count` nodes, each line wide enough to be clipped at 60 columns.
    func widePlan(_ count: Int) -> QueryPlan {
        QueryPlan(engine: .sqlite, query: "SELECT 1", nodes: (1...count).map {
            PlanNode(id: $0, parent: 0, detail: "SEARCH t\($0) USING INDEX idx_with_a_really_long_name_\($0) (a=? AND b=? AND c=?)", kind: .indexSearch,
                     relation: "t\($0)", index: "idx_with_a_really_long_name_\($0)")
        })
    }

    func testClippedPlanLinesEndInAnEllipsisAndPgDnPagesByWhatIsShown() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog, width: 60, height: 24), .char("e"))
        state = Fixtures.type(state, "SELECT 1")
        state = Fixtures.press(state, .function(5))
        state = Reducer.reduce(state, .planFinished(request: state.planRequest, widePlan(40))).0
        var screen = Renderer.render(state)
        guard let first = screen.row(containing: "SEARCH t1 ") else { return XCTFail(screen.text) }
        XCTAssertTrue(screen.line(first).hasSuffix("…"), screen.line(first))
        // Rows shown = Layout.planRows: the last one sits right above the status line.
        let rows = Layout.planRows(height: 24, lineCount: 1)
        let heading = first - 1 // the "QUERY PLAN" heading line
        XCTAssertEqual(heading + rows - 1, 21, "the plan fills the rows down to the status line")
        XCTAssertTrue(screen.line(21).contains("SEARCH t\(rows - 1) "), screen.text)
        // PgDn moves by one page less one line: the last line shown becomes the first.
        state = Fixtures.press(state, .pageDown)
        screen = Renderer.render(state)
        XCTAssertTrue(screen.line(heading).contains("SEARCH t\(rows - 1) "), "after PgDn: \(screen.line(heading))")
    }
}

/// A finished plan changes the plan pane and the ◆ marks, never the list's order; Esc's
/// "cancelling…" is a status kind that the plan's end clears.
final class PlanFinishTests: XCTestCase {
    func testAFinishedPlanKeepsTheListOrderAndClearsTheCancellingStatus() {
        var state = Fixtures.type(Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e")), "SELECT 1")
        state = Fixtures.press(state, .function(5), .escape)
        XCTAssertEqual(state.status?.kind, .cancelling)
        // An order the sort would not produce: a re-sort would put it back.
        state.facts.sortedOrder.reverse()
        let order = state.facts.sortedOrder
        let plan = QueryPlan(engine: .sqlite, query: "SELECT 1", nodes: [])
        state = Reducer.reduce(state, .planFinished(request: state.planRequest, plan)).0
        XCTAssertEqual(state.facts.sortedOrder, order, "the plan re-sorted the index list")
        XCTAssertNil(state.status)
        state.status = StatusMessage("cancelling…")
        state = Reducer.reduce(state, .planFinished(request: state.planRequest, plan)).0
        XCTAssertEqual(state.status?.text, "cancelling…", "only the cancelling kind is cleared, not a text that reads alike")
    }

    func testKeyBarIsFilteredByCommand() {
        let query = ChromeView.barEntries(Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e")))
        XCTAssertFalse(query.contains { $0.command == .openEditor }, "\(query)")
        XCTAssertEqual(query.first?.command, .help)
        let list = ChromeView.barEntries(Fixtures.state(Fixtures.sqliteCatalog))
        XCTAssertFalse(list.contains { $0.command == .back })
        XCTAssertTrue(list.contains { $0.command == .openDetail && $0.label == "Detail" && $0.keys == "Enter" }, "\(list)")
    }
}
