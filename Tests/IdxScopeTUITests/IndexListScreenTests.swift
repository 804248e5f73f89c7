import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

final class IndexListScreenTests: XCTestCase {
    func testListShowsHeaderRowsAndKeyBarAt120x40() {
        let screen = Renderer.render(Fixtures.state(Fixtures.sqliteCatalog))
        XCTAssertEqual(screen.width, 120)
        XCTAssertTrue(screen.line(0).contains("demo.db"), screen.line(0))
        XCTAssertTrue(screen.line(0).contains("sqlite 3.40.1"), screen.line(0))
        
        XCTAssertTrue(screen.line(0).contains("5 indexes"))
        XCTAssertEqual(screen[0, 0].role, .header)
        XCTAssertTrue(screen.line(1).contains("table▲"), "sorted by table ascending: \(screen.line(1))")
        for name in ["idx_job_status", "idx_customer_email", "idx_order_line_product", "idx_产品_名称"] {
            XCTAssertNotNil(screen.row(containing: name), "\(name) missing:\n\(screen.text)")
        }
        let bar = screen.line(39)
        for label in ["F1 Help", "Enter Detail", "/ Filter", "e Query", "Tab Next", "q Quit"] {
            XCTAssertTrue(bar.contains(label), "key bar lacks \(label): \(bar)")
        }
        XCTAssertEqual(screen.role(of: "F1", onRow: 39), .keyBar)
        // Flags and sizes
        let email = screen.row(containing: "idx_customer_email")!
        XCTAssertTrue(screen.line(email).contains(" U "))
        XCTAssertTrue(screen.line(email).contains("160 KiB"))
        XCTAssertTrue(screen.line(email).contains("██████████"), "the largest index has a full bar")
        XCTAssertTrue(screen.line(screen.row(containing: "idx_order_line_product")!).contains(" W "), "partial flag")
    }

    func testFirstRowIsSelected() {
        let screen = Renderer.render(Fixtures.state(Fixtures.sqliteCatalog))
        XCTAssertTrue(screen.line(2).contains("idx_customer_email"))
        XCTAssertEqual(screen.role(of: "idx_customer_email", onRow: 2), .selection)
        XCTAssertEqual(screen.role(of: "idx_job_created", onRow: 3), .normal)
    }

    func testWideCharactersStayAligned() {
        let screen = Renderer.render(Fixtures.state(Fixtures.sqliteCatalog))
        let wide = screen.row(containing: "idx_产品_名称")!
        let plain = screen.row(containing: "idx_job_status")!
        XCTAssertEqual(screen.column(of: "idx_产品_名称", onRow: wide), screen.column(of: "idx_job_status", onRow: plain))
        XCTAssertEqual(screen.column(of: "12 KiB", onRow: wide).map { $0 + 6 }, screen.column(of: "40 KiB", onRow: plain).map { $0 + 6 },
                       "sizes end in the same column")
    }

    func testSortingCyclesColumnsAndReverses() {
        var state = Fixtures.state(Fixtures.sqliteCatalog)
        func names(_ state: AppState) -> [String] { state.lines.compactMap { $0.recordIndex.map { state.records[$0].info.name } } }
        XCTAssertEqual(names(state).first, "idx_customer_email")
        state = Fixtures.press(state, .char("s"))
        XCTAssertEqual(state.sort, .name)
        state = Fixtures.press(state, .char("s"), .char("s"))
        XCTAssertEqual(state.sort, .size, "scans are skipped without counters")
        XCTAssertTrue(state.sortDescending)
        XCTAssertEqual(names(state), ["idx_customer_email", "idx_job_status", "idx_产品_名称", "idx_job_created", "idx_order_line_product"])
        XCTAssertTrue(Renderer.render(state).line(1).contains("size▼"))
        state = Fixtures.press(state, .char("S"))
        XCTAssertEqual(names(state).first, "idx_order_line_product")
        state = Fixtures.press(state, .char("<"))
        XCTAssertEqual(state.sort, .columns)
        XCTAssertEqual(state.selectedRecord?.info.name, "idx_customer_email", "the selection follows the index, not the row")
    }

    func testFilterIsIncrementalAndEscClears() {
        var state = Fixtures.state(Fixtures.sqliteCatalog)
        state = Fixtures.press(state, .char("/"))
        XCTAssertEqual(state.keyContext, .filter)
        state = Fixtures.type(state, "job")
        XCTAssertEqual(state.lines.count, 2)
        var screen = Renderer.render(state)
        XCTAssertTrue(screen.line(38).contains("Filter: job"), screen.line(38))
        XCTAssertNil(screen.row(containing: "idx_customer_email"))
        XCTAssertTrue(screen.line(0).contains("2/5 indexes"))
        state = Fixtures.type(state, "q")  // typed into the filter, does not quit
        XCTAssertFalse(state.shouldQuit)
        XCTAssertEqual(state.lines.count, 0)
        screen = Renderer.render(state)
        XCTAssertNotNil(screen.row(containing: "no index matches \"jobq\""))
        state = Fixtures.press(state, .backspace)
        state = Fixtures.type(state, "")
        XCTAssertEqual(state.lines.count, 2)
        // Filter on a column name
        state = Fixtures.press(state, .escape)
        XCTAssertEqual(state.filter, "")
        XCTAssertEqual(state.lines.count, 5)
        state = Fixtures.press(state, .char("/"))
        state = Fixtures.type(state, "PRODUCT_ID")
        state = Fixtures.press(state, .enter)
        XCTAssertEqual(state.keyContext, .indexes)
        XCTAssertEqual(state.lines.count, 1)
        XCTAssertTrue(Renderer.render(state).line(38).contains("filter: PRODUCT_ID"))
        state = Fixtures.press(state, .escape)
        XCTAssertEqual(state.lines.count, 5, "Esc in the list clears a kept filter")
    }

    func testGroupByTableAddsGroupLinesAndSkipsThemWhenMoving() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("t"))
        XCTAssertEqual(state.lines.count, 9, "4 tables + 5 indexes")
        let screen = Renderer.render(state)
        let group = screen.row(containing: "▾ job")!
        XCTAssertTrue(screen.line(group).contains("2 indexes, 48 KiB"), screen.line(group))
        XCTAssertEqual(screen.role(of: "▾ job", onRow: group), .group)
        XCTAssertEqual(state.selectedRecord?.info.name, "idx_customer_email")
        state = Fixtures.press(state, .down)
        XCTAssertEqual(state.selectedRecord?.info.table, "job", "moving down skips the group line")
        state = Fixtures.press(state, .char("G"))
        XCTAssertEqual(state.selectedRecord?.info.name, "idx_产品_名称")
        state = Fixtures.press(state, .char("g"))
        XCTAssertEqual(state.selectedRecord?.info.name, "idx_customer_email")
    }

    func testUnusedBadgeOnlyOnNonConstraintIndexesWithZeroScans() {
        let state = Fixtures.state(Fixtures.postgresCatalog)
        let screen = Renderer.render(state)
        let owner = screen.row(containing: "idx_experiments_owner")!
        XCTAssertEqual(screen.role(of: "unused", onRow: owner), .unused)
        let pkey = screen.row(containing: "experiments_pkey")!
        XCTAssertFalse(screen.line(pkey).contains("unused"), "a primary key with zero scans is not unused")
        XCTAssertFalse(screen.line(screen.row(containing: "idx_runs_started")!).contains("unused"))
        XCTAssertTrue(screen.line(1).contains("scans"))
        XCTAssertTrue(screen.line(owner).contains("88 KiB~"), "estimated bloat marked ~: \(screen.line(owner))")
        XCTAssertTrue(screen.line(0).contains("stats since 2026-09-21"), screen.line(0))
        // SQLite: no counters, so no badge and no scans column
        let sqlite = Renderer.render(Fixtures.state(Fixtures.sqliteCatalog))
        XCTAssertNil(sqlite.row(containing: "unused"))
        XCTAssertFalse(sqlite.line(1).contains("scans"))
    }

    func testHeaderSaysHowManyServersTheCountersCover() {
        XCTAssertFalse(Renderer.render(Fixtures.state(Fixtures.postgresCatalog)).line(0).contains("servers"),
                       "one server: nothing to say")
        let merged = Fixtures.postgresCatalog.mergingUsage(of: [
            ServerUsage(server: "replica", statsSince: Fixtures.postgresCatalog.statsSince, isReplica: true, counters: [:]),
        ])
        let header = Renderer.render(Fixtures.state(merged)).line(0)
        XCTAssertTrue(header.contains("│ 2 servers"), header)
    }

    func testScansPerSecondFromTwoRefreshes() {
        var state = Fixtures.state(Fixtures.postgresCatalog)
        var later = Fixtures.postgresCatalog
        later.indexes[2].usage.scans = 1234 + 50
        state = Reducer.reduce(state, .catalogLoaded(later, at: Date(timeIntervalSince1970: 1_800_000_010))).0
        XCTAssertEqual(state.scanRates[later.indexes[2].id], 5)
        let screen = Renderer.render(state)
        XCTAssertTrue(screen.line(screen.row(containing: "idx_runs_started")!).contains("5.0"))
        XCTAssertEqual(state.records[2].space.sizeBytes, 2_000_000, "sizes survive a counter refresh")
    }

    func testEightyColumnsShrinksColumnsButKeepsSizes() {
        let screen = Renderer.render(Fixtures.state(Fixtures.postgresCatalog, width: 80, height: 24))
        let row = screen.row(containing: "idx_runs_started")!
        XCTAssertTrue(screen.line(row).contains("1.9 MiB"), screen.line(row))
        XCTAssertTrue(screen.line(row).contains("1234"))
        for y in 0..<24 { XCTAssertLessThanOrEqual(screen.line(y).displayWidth, 80) }
        let sqlite = Renderer.render(Fixtures.state(Fixtures.sqliteCatalog, width: 80, height: 24))
        XCTAssertNotNil(sqlite.row(containing: "idx_order_line_product"))
        let narrow = Renderer.render(Fixtures.state(Fixtures.postgresCatalog, width: 40, height: 10))
        XCTAssertNotNil(narrow.row(containing: "1.9 MiB"), narrow.text)
    }

    func testTooSmallTerminalAndTinySizesDoNotCrash() {
        let screen = Renderer.render(Fixtures.state(Fixtures.sqliteCatalog, width: 20, height: 5))
        XCTAssertTrue(screen.text.contains("Terminal too small"), screen.text)
        XCTAssertEqual(screen.role(of: "Terminal too small", onRow: screen.row(containing: "Terminal too small")!), .error)
        var state = Fixtures.state(Fixtures.sqliteCatalog)
        for (width, height) in [(0, 0), (1, 1), (20, 5), (39, 8), (40, 8), (200, 3), (3, 200)] {
            state = Reducer.reduce(state, .resize(width: width, height: height)).0
            for screenKind in ScreenKind.allCases {
                state.screen = screenKind
                let screen = Renderer.render(state)
                XCTAssertEqual(screen.width, max(0, width))
            }
        }
        state = Reducer.reduce(state, .resize(width: 20, height: 5)).0
        state = Fixtures.press(state, .char("q"))
        XCTAssertTrue(state.shouldQuit, "q still quits on a tiny terminal")
    }

    func testScrollingKeepsSelectionVisible() {
        var catalog = Fixtures.sqliteCatalog
        catalog.indexes = (0..<100).map { Fixtures.index("t\($0 / 10)", String(format: "idx_%03d", $0), ["c\($0)"], size: Int64($0 + 1) * 4096) }
        var state = Fixtures.state(catalog, width: 80, height: 24)
        state = Fixtures.press(state, .pageDown, .pageDown)
        let screen = Renderer.render(state)
        let selected = try! XCTUnwrap(state.selectedRecord).info.name
        let row = try! XCTUnwrap(screen.row(containing: selected))
        XCTAssertEqual(screen.role(of: selected, onRow: row), .selection)
        state = Fixtures.press(state, .char("G"))
        XCTAssertEqual(state.selectedRecord?.info.name, "idx_099")
        XCTAssertNotNil(Renderer.render(state).row(containing: "idx_099"))
        state = Fixtures.press(state, .char("k"))
        XCTAssertEqual(state.selectedRecord?.info.name, "idx_098")
    }
}
