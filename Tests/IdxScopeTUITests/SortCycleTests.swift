import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// `s` cycles only through the columns on screen, and the footer names them as the titles do.
final class SortCycleTests: XCTestCase {
    func cycle(_ start: AppState) -> [SortColumn] {
        var state = start
        var seen: [SortColumn] = []
        for _ in 0..<SortColumn.allCases.count {
            state = Fixtures.press(state, .char("s"))
            seen.append(state.sort)
        }
        return seen
    }

    func testSQLiteSkipsScansAndBloat() {
        let state = Fixtures.state(Fixtures.sqliteCatalog)
        let title = Renderer.render(state).line(1)
        XCTAssertFalse(title.contains("bloat"), title)
        XCTAssertEqual(cycle(state), [.name, .columns, .size, .table, .name, .columns, .size])
    }

    func testBloatJoinsTheCycleOnceEstimatesExist() {
        let state = Fixtures.state(Fixtures.postgresCatalog)
        XCTAssertTrue(Renderer.render(state).line(1).contains("bloat"))
        XCTAssertEqual(Array(cycle(state).prefix(7)), [.name, .columns, .size, .scans, .scanRate, .bloat, .table])
    }

    func testFooterUsesTheColumnTitles() {
        let state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("s"))
        XCTAssertEqual(state.sort, .name)
        let screen = Renderer.render(state)
        XCTAssertTrue(screen.line(1).contains("index▲"), screen.line(1))
        XCTAssertTrue(screen.line(38).contains("sort: index ↑"), screen.line(38))
    }
}
