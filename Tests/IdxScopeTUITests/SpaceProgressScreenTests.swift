import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// While the SQLite sizes load, the status line shows pages read of the total.
final class SpaceProgressScreenTests: XCTestCase {
    private func loadingState() -> AppState {
        var catalog = Fixtures.sqliteCatalog
        catalog.sizesLoaded = false
        let state = Fixtures.state(catalog, width: 100, height: 30)
        XCTAssertTrue(state.spaceLoading)
        return state
    }

    func testStatusLineDrawsTheBarFromState() {
        var state = loadingState()
        let statusRow = state.height - 2
        XCTAssertFalse(Renderer.render(state).line(statusRow).contains("pages"), "no bar before the first report")

        state = Reducer.reduce(state, .spaceProgress(SpaceProgress(pagesRead: 12_345, totalPages: 30_000))).0
        let screen = Renderer.render(state)
        let line = screen.line(statusRow)
        XCTAssertTrue(line.hasPrefix(" sizes ▕████████▎░░░░░░░░░░░▏ 41% · 12,345 of 30,000 pages"), line)
        XCTAssertEqual(screen.role(of: "sizes", onRow: statusRow), .status)

        state = Reducer.reduce(state, .spaceProgress(SpaceProgress(pagesRead: 30_000, totalPages: 30_000))).0
        XCTAssertTrue(Renderer.render(state).line(statusRow).contains("▕████████████████████▏ 100% · 30,000 of 30,000 pages"),
                      Renderer.render(state).line(statusRow))
    }

    func testTheBarGoesWhenTheSizesArriveAndLateReportsAreIgnored() {
        var state = loadingState()
        state = Reducer.reduce(state, .spaceProgress(SpaceProgress(pagesRead: 4096, totalPages: 8192))).0
        state = Reducer.reduce(state, .spaceLoaded(SpaceReport())).0
        XCTAssertNil(state.spaceProgress)
        // A report queued behind the result belongs to the finished pass.
        state = Reducer.reduce(state, .spaceProgress(SpaceProgress(pagesRead: 8192, totalPages: 8192))).0
        XCTAssertNil(state.spaceProgress)
        let line = Renderer.render(state).line(state.height - 2)
        XCTAssertFalse(line.contains("pages"), line)
        XCTAssertTrue(line.contains("sort:"), line)
    }

    func testAFailureDropsTheBar() {
        var state = loadingState()
        state = Reducer.reduce(state, .spaceProgress(SpaceProgress(pagesRead: 4096, totalPages: 8192))).0
        state = Reducer.reduce(state, .spaceFailed("disk I/O error")).0
        XCTAssertNil(state.spaceProgress)
        XCTAssertTrue(Renderer.render(state).line(state.height - 2).contains("sizes: disk I/O error"))
    }
}
