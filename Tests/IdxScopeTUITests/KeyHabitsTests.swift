import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// Issue 12, keys as people expect: p pauses auto-refresh, Esc Esc from the editor keeps the
/// filter, readline keys and Ctrl-R history search in the editor.
final class KeyHabitsTests: XCTestCase {
    func testPPausesAutoRefreshAndTheHeaderSaysSo() {
        var state = Fixtures.state(Fixtures.postgresCatalog)
        let loadedAt = Date(timeIntervalSince1970: 1_800_000_000)
        XCTAssertEqual(Reducer.reduce(state, .tick(loadedAt.addingTimeInterval(6))).1, [.loadCatalog], "auto-refresh is on")
        state = Fixtures.press(state, .char("p"))
        XCTAssertTrue(state.refreshPaused)
        XCTAssertTrue(Renderer.render(state).line(0).contains("paused"), Renderer.render(state).line(0))
        XCTAssertEqual(Reducer.reduce(state, .tick(loadedAt.addingTimeInterval(600))).1, [], "paused: no reload")
        XCTAssertEqual(Reducer.reduce(state, .key(.char("r"))).1, [.loadCatalog, .loadSpace], "r still reloads once")
        state = Fixtures.press(state, .char("p"))
        XCTAssertFalse(state.refreshPaused)
        XCTAssertEqual(Reducer.reduce(state, .tick(loadedAt.addingTimeInterval(6))).1, [.loadCatalog])
        let sqlite = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("p"))
        XCTAssertFalse(sqlite.refreshPaused)
        XCTAssertTrue(sqlite.status?.text.contains("SQLite keeps none") ?? false)
        // In the editor p is text.
        let editing = Fixtures.press(Fixtures.state(Fixtures.postgresCatalog), .char("e"), .char("p"))
        XCTAssertEqual(editing.editor.text, "p")
        XCTAssertFalse(editing.refreshPaused)
    }

    func testEscTwiceFromTheEditorKeepsTheFilter() {
        var state = Fixtures.state(Fixtures.sqliteCatalog)
        state = Fixtures.press(state, .char("/"))
        state = Fixtures.type(state, "job")
        state = Fixtures.press(state, .enter, .char("e"), .escape, .escape)
        XCTAssertEqual(state.screen, .indexes)
        XCTAssertEqual(state.filter, "job", "the second Esc does not clear the filter")
        XCTAssertTrue(state.status?.text.contains("Esc again clears it") ?? false)
        state = Fixtures.press(state, .escape)
        XCTAssertEqual(state.filter, "", "a deliberate third Esc does")
        // In the list itself Esc clears a kept filter at once.
        state = Fixtures.press(state, .char("/"))
        state = Fixtures.type(state, "job")
        state = Fixtures.press(state, .enter, .char("j"), .escape)
        XCTAssertEqual(state.filter, "")
    }

    func testReadlineKeysInTheEditor() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e"))
        state = Fixtures.type(state, "SELECT id FROM job_queue WHERE x")
        state = Fixtures.press(state, .ctrl("w"))
        XCTAssertEqual(state.editor.text, "SELECT id FROM job_queue WHERE ")
        state = Fixtures.press(state, .alt("b"), .alt("b"))
        XCTAssertEqual(state.editor.column, "SELECT id FROM ".count, "M-b twice: back to job_queue (one word)")
        state = Fixtures.press(state, .alt("f"))
        XCTAssertEqual(state.editor.column, "SELECT id FROM job_queue".count)
        state = Fixtures.press(state, .ctrl("k"))
        XCTAssertEqual(state.editor.text, "SELECT id FROM job_queue")
        state = Fixtures.press(state, .ctrl("a"))
        XCTAssertEqual(state.editor.column, 0)
        state = Fixtures.press(state, .ctrl("e"))
        XCTAssertEqual(state.editor.column, state.editor.text.count)
    }

    func testCtrlRSearchesTheHistory() {
        var state = Fixtures.state(Fixtures.sqliteCatalog)
        state.history = QueryHistory(entries: ["SELECT * FROM job WHERE status = 1", "SELECT * FROM customer", "SELECT count(*) FROM job"])
        state = Fixtures.press(state, .char("e"))
        state = Fixtures.type(state, "draft")
        state = Fixtures.press(state, .ctrl("r"))
        XCTAssertEqual(state.keyContext, .historySearch)
        state = Fixtures.type(state, "job")
        XCTAssertEqual(state.editor.text, "SELECT count(*) FROM job", "newest match first")
        let screen = Renderer.render(state)
        let status = screen.line(state.height - 2)
        XCTAssertTrue(status.contains("(history search) job") && status.contains("3/3"), status)
        state = Fixtures.press(state, .ctrl("r"))
        XCTAssertEqual(state.editor.text, "SELECT * FROM job WHERE status = 1", "^R again: older")
        state = Fixtures.press(state, .ctrl("r"))
        XCTAssertEqual(state.editor.text, "SELECT * FROM job WHERE status = 1", "stays on the oldest match")
        state = Fixtures.press(state, .escape)
        XCTAssertEqual(state.editor.text, "draft", "Esc puts back what was typed")
        XCTAssertEqual(state.screen, .query)
        state = Fixtures.press(state, .ctrl("r"))
        state = Fixtures.type(state, "CUSTOM")
        state = Fixtures.type(state, "x")
        XCTAssertTrue(Renderer.render(state).line(state.height - 2).contains("no match"))
        state = Fixtures.press(state, .backspace, .enter)
        XCTAssertNil(state.historySearch)
        XCTAssertEqual(state.editor.text, "SELECT * FROM customer", "Enter keeps the match to edit")
        XCTAssertEqual(state.keyContext, .query)
        XCTAssertEqual(Reducer.reduce(state, .key(.function(5))).1.last,
                       .explain(request: 1, sql: "SELECT * FROM customer", analyze: false))
    }
}

/// Issue 12: the filter matches badges and several words (all must match).
final class FilterWordsTests: XCTestCase {
    func testFilterMatchesBadgesAndEveryWord() {
        var state = Fixtures.state(Fixtures.postgresCatalog)
        XCTAssertEqual(state.findingKinds.values.map(\.rawValue), ["unused"], "\(state.findingKinds)")
        state = Fixtures.press(state, .char("/"))
        state = Fixtures.type(state, "unused")
        let names = { (s: AppState) in s.lines.compactMap { $0.recordIndex }.map { s.records[$0].info.name } }
        XCTAssertEqual(Set(names(state)), Set(state.findingKinds.keys.map(\.name)), "the badge matches")
        state = Fixtures.type(state, " owner")
        XCTAssertEqual(names(state), ["idx_experiments_owner"], "both words must match")
        state = Fixtures.type(state, " nothing")
        XCTAssertEqual(names(state), [])
        var runs = Fixtures.press(Fixtures.state(Fixtures.postgresCatalog), .char("/"))
        runs = Fixtures.type(runs, "unused runs")
        XCTAssertEqual(names(runs), [], "no unused index on runs")
        // Words in any order, table and column words together.
        state = Fixtures.press(state, .ctrl("u"))
        var fresh = Fixtures.press(Fixtures.state(Fixtures.postgresCatalog), .char("/"))
        fresh = Fixtures.type(fresh, "started runs")
        XCTAssertEqual(names(fresh), ["idx_runs_started"])
    }
}
