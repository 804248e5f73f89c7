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

/// Issue 12: a WITHOUT ROWID table's own b-tree is drawn apart from the indexes, never as the
/// longest size bar.
final class TableBTreeRowTests: XCTestCase {
    func testTheTablesOwnBTreeHasNoIndexBar() throws {
        var catalog = Fixtures.sqliteCatalog
        var table = Fixtures.index("job_event", "sqlite_autoindex_job_event_1", ["job_id", "seq"], primary: true, size: 2_200_000)
        table.space.isTableBTree = true
        catalog.indexes.append(table)
        let screen = Renderer.render(Fixtures.state(catalog, width: 120, height: 30))
        let own = try XCTUnwrap(screen.row(containing: "sqlite_autoindex_job_event_1"), screen.text)
        XCTAssertFalse(screen.line(own).contains("█"), screen.line(own))
        XCTAssertEqual(screen.role(of: "table", onRow: own), .dim, screen.line(own))
        let largest = try XCTUnwrap(screen.row(containing: "idx_customer_email"))
        XCTAssertTrue(screen.line(largest).contains("██████████"), "the largest index gets the full bar: \(screen.line(largest))")
    }
}

/// Issue 12: operator classes shown, so three indexes on one column no longer read alike.
final class OperatorClassTests: XCTestCase {
    func testOperatorClassesAndCollationsShowInTheColumnsText() {
        var catalog = Fixtures.postgresCatalog
        var pattern = Fixtures.index("runs", "idx_runs_kind_pattern", ["kind"], schema: "public", size: 8192, scans: 1)
        pattern.info.keyColumns[0].opclass = "text_pattern_ops"
        var collated = Fixtures.index("runs", "idx_runs_kind_c", ["kind"], schema: "public", size: 8192, scans: 1)
        collated.info.keyColumns[0].collation = "\"C\""
        collated.info.keyColumns[0].descending = true
        catalog.indexes += [pattern, collated, Fixtures.index("runs", "idx_runs_kind", ["kind"], schema: "public", size: 8192, scans: 1)]
        let screen = Renderer.render(Fixtures.state(catalog, width: 160, height: 30))
        XCTAssertTrue(screen.line(screen.row(containing: "idx_runs_kind_pattern")!).contains("kind text_pattern_ops"), screen.text)
        XCTAssertTrue(screen.line(screen.row(containing: "idx_runs_kind_c")!).contains("kind COLLATE \"C\" DESC"), screen.text)
    }
}

/// Issue 12: the detail after `b` keeps all its sections (the measurement carries no table size).
final class DetailAfterBloatTests: XCTestCase {
    func testTheDetailKeepsTheTableSizeAfterAnExactMeasurement() throws {
        var catalog = Fixtures.postgresCatalog
        catalog.indexes[1].space.tableSizeBytes = 9_000_000
        catalog.indexes[1].space.entries = 777
        var state = Fixtures.state(catalog, capabilities: Capabilities(engine: .postgresql, exactBloat: true))
        let id = catalog.indexes[1].id
        while state.selectedRecord?.id != id { state = Fixtures.press(state, .down) }
        state = Fixtures.press(state, .enter, .char("b"))
        XCTAssertEqual(state.bloatMeasuring, id)
        let before = Renderer.render(state).text
        XCTAssertTrue(before.contains("table size") && before.contains("entries"), before)
        let measured = IndexSpace(sizeBytes: 450_000, pages: 110, unusedBytes: 1000, depth: 2, fragmentationPercent: 0,
                                  leafPages: 100, bloatBytes: 40_000, bloatExact: true, bloatLowConfidence: false)
        state = Reducer.reduce(state, .bloatMeasured(id, measured)).0
        let after = Renderer.render(state).text
        XCTAssertTrue(after.contains("table size") && after.contains("8.6 MiB"), after)
        XCTAssertTrue(after.contains("entries") && after.contains("777"), after)
        XCTAssertTrue(after.contains("(exact)"), after)
    }
}
