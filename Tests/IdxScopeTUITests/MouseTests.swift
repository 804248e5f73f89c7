import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// Issue 12: the mouse selects rows, the wheel scrolls, a click on a column title sorts.
final class MouseTests: XCTestCase {
    func testPressSelectsARowAndTheWheelScrolls() throws {
        var state = Fixtures.state(Fixtures.sqliteCatalog, width: 100, height: 30)
        let screen = Renderer.render(state)
        let row = try XCTUnwrap(screen.row(containing: "idx_job_status"))
        state = Reducer.reduce(state, .mouse(MouseEvent(x: 10, y: row, button: .press))).0
        XCTAssertEqual(state.selectedRecord?.info.name, "idx_job_status")
        XCTAssertEqual(Renderer.render(state).role(of: "idx_job_status", onRow: row), .selection)
        let before = state.selectedLine
        state = Reducer.reduce(state, .mouse(MouseEvent(x: 10, y: 10, button: .wheelUp))).0
        XCTAssertEqual(state.selectedLine, max(0, before - 3))
        state = Reducer.reduce(state, .mouse(MouseEvent(x: 10, y: 10, button: .wheelDown))).0
        XCTAssertEqual(state.selectedLine, min(state.lines.count - 1, max(0, before - 3) + 3))
        // A press below the last row changes nothing.
        let kept = state.selectedLine
        state = Reducer.reduce(state, .mouse(MouseEvent(x: 10, y: 25, button: .press))).0
        XCTAssertEqual(state.selectedLine, kept)
    }

    func testClickOnAColumnTitleSortsAndAgainReverses() throws {
        var state = Fixtures.state(Fixtures.sqliteCatalog, width: 100, height: 30)
        let titles = Renderer.render(state).line(1)
        let sizeX = try XCTUnwrap(titles.range(of: "size")).lowerBound.utf16Offset(in: titles)
        state = Reducer.reduce(state, .mouse(MouseEvent(x: sizeX, y: 1, button: .press))).0
        XCTAssertEqual(state.sort, .size)
        XCTAssertTrue(state.sortDescending)
        XCTAssertEqual(state.selectedLine, 0)
        XCTAssertEqual(state.records[state.lines[0].recordIndex!].info.name, "idx_customer_email", "largest first")
        XCTAssertTrue(Renderer.render(state).line(1).contains("size▼"))
        state = Reducer.reduce(state, .mouse(MouseEvent(x: sizeX, y: 1, button: .press))).0
        XCTAssertFalse(state.sortDescending, "a second click reverses")
        let indexX = try XCTUnwrap(titles.range(of: "index")).lowerBound.utf16Offset(in: titles)
        state = Reducer.reduce(state, .mouse(MouseEvent(x: indexX + 1, y: 1, button: .press))).0
        XCTAssertEqual(state.sort, .name)
        // The flag title sorts nothing.
        let flagX = try XCTUnwrap(titles.range(of: "flag")).lowerBound.utf16Offset(in: titles)
        state = Reducer.reduce(state, .mouse(MouseEvent(x: flagX, y: 1, button: .press))).0
        XCTAssertEqual(state.sort, .name)
    }

    func testPressSelectsAFindingAndTheWheelScrollsHelp() throws {
        var state = Fixtures.state(FindingsScreenTests.catalog)
        state = Fixtures.press(state, .char("F"))
        state = Reducer.reduce(state, .findingsDerived(FindingRules.findings(in: FindingsScreenTests.catalog, now: state.now),
                                                       revision: state.catalogRevision)).0
        let row = try XCTUnwrap(Renderer.render(state).row(containing: "idx_runs_started_copy"))
        state = Reducer.reduce(state, .mouse(MouseEvent(x: 5, y: row + 1, button: .press))).0
        XCTAssertEqual(state.findings?[state.findingSelected].index, "idx_runs_started_copy", "a press on a finding's reason selects it")
        var help = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog, width: 80, height: 24), .char("?"))
        help = Reducer.reduce(help, .mouse(MouseEvent(x: 5, y: 5, button: .wheelDown))).0
        XCTAssertEqual(help.helpTop, 3)
    }
}
