import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// Shift-←/→ scroll a wide or deep plan sideways at 60×24; the rule above the plan says by how much.
final class PlanScrollTests: XCTestCase {
    /// Ten nested searches: the deepest line is 30 columns of tree plus a 51-column detail (no index
    /// names on the nodes, so the "indexes used" summary does not become the widest line).
    static var deepPlan: QueryPlan {
        let nodes = (1...10).map { level in
            PlanNode(id: level, parent: level - 1, detail: "SEARCH t\(level) USING INDEX idx_t\(level)_tenant (tenant=? AND created>?)",
                     kind: .indexSearch, relation: "t\(level)")
        }
        return QueryPlan(engine: .sqlite, query: "SELECT …", nodes: nodes)
    }

    func planned(_ plan: QueryPlan = deepPlan) -> AppState {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog, width: 60, height: 24), .char("e"))
        state = Fixtures.type(state, "SELECT 1")
        state = Fixtures.press(state, .function(5))
        return Reducer.reduce(state, .planFinished(request: state.planRequest, plan)).0
    }

    /// Column (in characters; the plan is single-width text) where `needle` starts on its row.
    func column(of needle: String, in screen: Screen) -> Int? {
        guard let row = screen.row(containing: needle) else { return nil }
        let line = screen.line(row)
        return line.distance(from: line.startIndex, to: line.range(of: needle)!.lowerBound)
    }

    func testShiftArrowsScrollTheDeepestLineAndTheRuleShowsTheOffset() throws {
        var state = planned()
        var screen = Renderer.render(state)
        let deepest = try XCTUnwrap(screen.row(containing: "SEARCH t10"), screen.text)
        XCTAssertTrue(screen.line(deepest).hasSuffix("…"), "clipped: \(screen.line(deepest))")
        XCTAssertFalse(screen.line(deepest).contains("created>?)"))
        XCTAssertNil(screen.row(containing: "◂"), "no marker before scrolling:\n\(screen.text)")
        let startColumn = try XCTUnwrap(column(of: "SEARCH t10", in: screen))

        state = Fixtures.press(state, .shiftRight, .shiftRight)
        XCTAssertEqual(state.planLeft, 16)
        screen = Renderer.render(state)
        let rule = try XCTUnwrap(screen.row(containing: "◂ +16"), screen.text)
        XCTAssertEqual(screen.role(of: "◂ +16", onRow: rule), .warning)
        XCTAssertLessThan(rule, deepest, "the marker is above the plan")
        XCTAssertEqual(column(of: "SEARCH t10", in: screen), startColumn - 16, screen.text)

        // Right stops once the end of the widest line is in view, on a step of 8.
        state = Fixtures.press(state, .shiftRight, .shiftRight, .shiftRight, .shiftRight, .shiftRight, .shiftRight, .shiftRight, .shiftRight)
        XCTAssertEqual(state.planLeft % 8, 0)
        screen = Renderer.render(state)
        let end = try XCTUnwrap(screen.row(containing: "(tenant=? AND created>?)"), "the end of the deepest line:\n\(screen.text)")
        XCTAssertFalse(screen.line(end).hasSuffix("…"), screen.line(end))
        let furthest = state.planLeft
        XCTAssertEqual(Fixtures.press(state, .shiftRight).planLeft, furthest, "no scrolling into emptiness")
        XCTAssertLessThan(furthest, 40)

        // Left goes back to 0 (and no further); the marker goes.
        state = Fixtures.press(state, .shiftLeft, .shiftLeft, .shiftLeft, .shiftLeft, .shiftLeft, .shiftLeft)
        XCTAssertEqual(state.planLeft, 0)
        screen = Renderer.render(state)
        XCTAssertNil(screen.row(containing: "◂"), screen.text)
        XCTAssertEqual(column(of: "SEARCH t10", in: screen), startColumn)
        XCTAssertEqual(state.editor.text, "SELECT 1", "Shift-arrows do not edit")
    }

    func testANewPlanStartsAtColumnZero() {
        var state = Fixtures.press(planned(), .shiftRight, .shiftRight)
        XCTAssertEqual(state.planLeft, 16)
        state = Fixtures.press(state, .function(5))
        XCTAssertEqual(state.planLeft, 0, "a new request resets the offset")
        state = Fixtures.press(state, .shiftRight)
        state = Reducer.reduce(state, .planFinished(request: state.planRequest, Self.deepPlan)).0
        XCTAssertEqual(state.planLeft, 0, "a new plan arrives at column 0")
        XCTAssertNil(Renderer.render(state).row(containing: "◂"))
    }

    func testANarrowPlanDoesNotScroll() {
        let state = Fixtures.press(planned(Fixtures.samplePlan), .shiftRight)
        XCTAssertEqual(state.planLeft, 0)
    }

    /// A cut through a wide character leaves a space for its right half: the rest keeps its columns.
    func testCuttingAWideCharacterKeepsColumns() {
        let line: StyledLine = [Span("ab", .dim), Span("漢字x", .normal)]
        XCTAssertEqual(StyledText.dropColumns(line, 3), [Span(" 字x", .normal)])
        XCTAssertEqual(StyledText.dropColumns(line, 4), [Span("字x", .normal)])
        XCTAssertEqual(StyledText.width(StyledText.dropColumns(line, 3)), StyledText.width(line) - 3)
    }

    func testHelpListsTheShiftArrows() {
        var state = Fixtures.state(Fixtures.sqliteCatalog, width: 100, height: 200)
        state = Fixtures.press(state, .char("?"))
        let screen = Renderer.render(state)
        XCTAssertNotNil(screen.row(containing: "S-→"), screen.text)
        XCTAssertTrue(screen.line(screen.row(containing: "S-←")!).contains("scroll the plan left by 8 columns"))
    }
}
