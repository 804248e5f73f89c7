import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// Wide lists (issue 12): columns get room by content, and ←/→ scroll the list sideways as pspg
/// does, the title row with it.
final class WideListTests: XCTestCase {
    static let expression = "lower((payload ->> 'customer_email'::text)), (payload ->> 'order_reference'::text), created_at, account_id"

    /// Two schemas (so tables read `schema.table`) and one index on a long expression.
    static var catalog: Catalog {
        Catalog(engine: .postgresql, database: "app", serverVersion: "15.8", indexes: [
            Fixtures.index("activity_log", "activity_log_pkey", ["id"], unique: true, primary: true, constraint: .primaryKey,
                           schema: "public", size: 1_138_688, scans: 42),
            Fixtures.index("activity_log", "idx_activity_log_customer_email_order", [expression], schema: "public",
                           size: 450_000, scans: 7, bloat: 90_000),
            Fixtures.index("login_events", "idx_login_events_at", ["at"], schema: "audit", size: 2_000_000, scans: 1234),
        ], sizesLoaded: true)
    }

    func testTwoHundredColumnsGiveTheTableColumnItsWholeName() throws {
        let screen = Renderer.render(Fixtures.state(Self.catalog, width: 200, height: 50))
        let row = try XCTUnwrap(screen.row(containing: "idx_activity_log_customer_email_order"), screen.text)
        XCTAssertTrue(screen.line(row).hasPrefix("  public.activity_log idx_activity_log_customer_email_order"),
                      "table and name in full beside the long expression: \(screen.line(row))")
        XCTAssertTrue(screen.line(row).contains("lower((payload ->> 'customer_email'::text))"), screen.line(row))
        XCTAssertTrue(screen.line(1).contains("scans/s"), screen.line(1))
        for y in 0..<50 { XCTAssertLessThanOrEqual(screen.line(y).displayWidth, 200) }
    }

    func testArrowsScrollTheListAndItsTitlesAtEightyColumns() throws {
        let fitted = Fixtures.state(Self.catalog, width: 80, height: 24)
        let before = Renderer.render(fitted)
        XCTAssertFalse(before.text.contains("idx_activity_log_customer_email_order "), "cut to fit at first:\n\(before.text)")
        XCTAssertTrue(before.line(1).contains("scans"), before.line(1))

        var state = Fixtures.press(fitted, .right)
        XCTAssertEqual(state.listLeft, ListScrolling.step)
        var screen = Renderer.render(state)
        XCTAssertEqual(screen.line(1).first, "◂", "the title row says the list is scrolled: \(screen.line(1))")
        // Laid out at full width and shifted by one step: the name is whole, its title above it.
        let row = try XCTUnwrap(screen.row(containing: "activity_log_customer_email_order"), screen.text)
        let nameX = try XCTUnwrap(screen.line(row).range(of: "idx_activity_log_customer_email_order")).lowerBound
        let titleX = try XCTUnwrap(screen.line(1).range(of: "index")).lowerBound
        XCTAssertEqual(screen.line(row).distance(from: screen.line(row).startIndex, to: nameX),
                       screen.line(1).distance(from: screen.line(1).startIndex, to: titleX), "the title scrolls with its column")
        XCTAssertTrue(screen.line(row).hasPrefix("  ctivity_log idx_"), "the table column scrolled 8 left: \(screen.line(row))")

        // To the right end: the expression in full and the last columns in view; no further.
        for _ in 0..<40 { state = Fixtures.press(state, .right) }
        let end = state.listLeft
        XCTAssertEqual(Fixtures.press(state, .right).listLeft, end)
        screen = Renderer.render(state)
        XCTAssertTrue(screen.text.contains("account_id"), screen.text)
        XCTAssertTrue(screen.line(1).contains("scans/s"), screen.line(1))
        XCTAssertTrue(screen.line(try XCTUnwrap(screen.row(containing: "account_id"))).trimmingCharacters(in: .whitespaces).hasSuffix("bloated") ||
                      screen.text.contains("88 KiB"), screen.text)
        for y in 0..<24 { XCTAssertLessThanOrEqual(screen.line(y).displayWidth, 80, screen.line(y)) }

        // Back to the left edge: the list fits the screen again, exactly as at first.
        while state.listLeft > 0 { state = Fixtures.press(state, .left) }
        XCTAssertEqual(Renderer.render(state).text, before.text)
    }

    func testAClickOnAScrolledTitleSortsByThatColumn() throws {
        var state = Fixtures.press(Fixtures.state(Self.catalog, width: 80, height: 24), .right, .right)
        let titles = Renderer.render(state).line(1)
        let columnsTitle = try XCTUnwrap(titles.range(of: "columns"), titles)
        let x = titles.distance(from: titles.startIndex, to: columnsTitle.lowerBound)
        XCTAssertNotEqual(state.sort, .columns)
        state = Reducer.reduce(state, .mouse(MouseEvent(x: x, y: 1, button: .press))).0
        XCTAssertEqual(state.sort, .columns, "sorted by the title under the click:\n\(Renderer.render(state).text)")
    }

    func testNothingToScrollWhenEverythingFits() {
        let state = Fixtures.press(Fixtures.state(Fixtures.postgresCatalog, width: 200, height: 50), .right)
        XCTAssertEqual(state.listLeft, 0)
        XCTAssertNotNil(Renderer.render(state).row(containing: "nothing to scroll"))
    }

    func testAResizeWiderKeepsTheWindowWithinTheList() {
        var state = Fixtures.press(Fixtures.state(Self.catalog, width: 80, height: 24), .right, .right, .right)
        XCTAssertGreaterThan(state.listLeft, 0)
        state = Reducer.reduce(state, .resize(width: 260, height: 50)).0
        XCTAssertEqual(state.listLeft, 0, "the whole list fits: no window left")
        XCTAssertNil(Renderer.render(state).line(1).first(where: { $0 == "◂" }))
    }
}
