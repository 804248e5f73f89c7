import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// With more than one schema, the table column, the group headings and the filter use
/// `schema.table` (as the CLI's `indexes` does), so same-named tables can be told apart.
final class SchemaQualifiedTableTests: XCTestCase {
    static var twoSchemas: Catalog {
        Catalog(engine: .postgresql, database: "app", serverVersion: "15.8", indexes: [
            Fixtures.index("orders", "orders_pkey", ["id"], unique: true, primary: true, constraint: .primaryKey, schema: "public", size: 8192, scans: 5),
            Fixtures.index("orders", "orders_pkey", ["id"], unique: true, primary: true, constraint: .primaryKey, schema: "other", size: 8192, scans: 7),
            Fixtures.index("orders", "orders_placed_idx", ["placed_at"], schema: "other", size: 8192, scans: 2),
        ], sizesLoaded: true)
    }

    func testTableColumnShowsTheSchemaWhenThereAreSeveral() {
        let screen = Renderer.render(Fixtures.state(Self.twoSchemas))
        let publicRow = screen.row(containing: "public.orders ")
        let otherRow = screen.row(containing: "other.orders ")
        XCTAssertNotNil(publicRow, screen.text)
        XCTAssertNotNil(otherRow, screen.text)
        XCTAssertEqual(publicRow.flatMap { screen.column(of: "public.orders", onRow: $0) }, 2, screen.text)
        XCTAssertNotEqual(publicRow, otherRow)
    }

    func testOneSchemaKeepsBareTableNames() {
        let screen = Renderer.render(Fixtures.state(Fixtures.postgresCatalog))
        XCTAssertNil(screen.row(containing: "public.runs"), screen.text)
        XCTAssertNotNil(screen.row(containing: "runs "), screen.text)
    }

    func testGroupHeadingsAreQualified() {
        let state = Fixtures.press(Fixtures.state(Self.twoSchemas), .char("t"))
        XCTAssertTrue(state.groupByTable)
        let screen = Renderer.render(state)
        XCTAssertNotNil(screen.row(containing: "▾ public.orders  1 index"), screen.text)
        XCTAssertNotNil(screen.row(containing: "▾ other.orders  2 indexes"), screen.text)
    }

    func testFilterMatchesTheQualifiedName() {
        var state = Fixtures.press(Fixtures.state(Self.twoSchemas), .char("/"))
        state = Fixtures.type(state, "other.ord")
        XCTAssertEqual(state.shownCount, 2)
        XCTAssertTrue(state.lines.allSatisfy { $0.recordIndex.map { state.records[$0].info.schema == "other" } ?? false })
    }
}
