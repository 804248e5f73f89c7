import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

final class DetailScreenTests: XCTestCase {
    func testDetailShowsDefinitionColumnsSpaceAndSQL() {
        var catalog = Fixtures.sqliteCatalog
        catalog.indexes[1].info.keyColumns = [IndexInfo.Column(name: "created_at", descending: true, collation: "NOCASE")]
        let state = Fixtures.press(Fixtures.state(catalog), .down, .enter)  // customer first, then job…
        XCTAssertEqual(state.screen, .detail)
        let name = state.selectedRecord!.info.name
        let screen = Renderer.render(state)
        XCTAssertTrue(screen.line(0).contains("Detail"))
        XCTAssertTrue(screen.text.contains("\(name) on main."), screen.text)
        XCTAssertTrue(screen.text.contains("CREATE INDEX \(name)"))
        XCTAssertTrue(screen.text.contains("pages"))
        XCTAssertTrue(screen.text.contains("unused bytes"))
        XCTAssertTrue(screen.text.contains("depth           2"))
        XCTAssertTrue(screen.text.contains("fragmentation   5.0 %"))
        XCTAssertTrue(screen.text.contains("scans           not recorded by sqlite"))
        guard let drop = screen.row(containing: "DROP INDEX \(name);") else {
            return XCTFail("no DROP INDEX line (SQLite's main schema is implied):\n\(screen.text)")
        }
        XCTAssertEqual(screen.role(of: "DROP INDEX", onRow: drop), .sql)
        XCTAssertNotNil(screen.row(containing: "REINDEX \(name);"), screen.text)
    }

    func testColumnOrderAndCollation() {
        var catalog = Fixtures.sqliteCatalog
        catalog.indexes[0].info.keyColumns = [IndexInfo.Column(name: "status", descending: true, collation: "NOCASE"),
                                               IndexInfo.Column(name: "lower(name)", isExpression: true)]
        var state = Fixtures.state(catalog)
        state = Fixtures.press(state, .char("/"))
        state = Fixtures.type(state, "idx_job_status")
        state = Fixtures.press(state, .enter, .enter)
        let text = Renderer.render(state).text
        XCTAssertTrue(text.contains("1. status  DESC  COLLATE NOCASE"), text)
        XCTAssertTrue(text.contains("2. lower(name)  ASC  (expression)"), text)
    }

    func testGeneratedSQLQuotesIdentifiersForEachEngine() {
        let odd = Fixtures.index("My Table", "Idx \"quoted\"", ["a"], schema: "Sales")
        XCTAssertEqual(SQLIdentifier.drop(odd.info, engine: .sqlite).sql, "DROP INDEX \"Sales\".\"Idx \"\"quoted\"\"\";")
        XCTAssertEqual(SQLIdentifier.rebuild(odd.info, engine: .sqlite), "REINDEX \"Sales\".\"Idx \"\"quoted\"\"\";")
        XCTAssertEqual(SQLIdentifier.drop(odd.info, engine: .postgresql).sql, "DROP INDEX CONCURRENTLY \"Sales\".\"Idx \"\"quoted\"\"\";")
        XCTAssertEqual(SQLIdentifier.rebuild(odd.info, engine: .postgresql), "REINDEX INDEX CONCURRENTLY \"Sales\".\"Idx \"\"quoted\"\"\";")
        XCTAssertEqual(SQLIdentifier.quote("order"), "\"order\"", "reserved words are quoted")
        XCTAssertEqual(SQLIdentifier.quote("idx_a1"), "idx_a1")
        let pkey = Fixtures.postgresCatalog.indexes[0].info
        let drop = SQLIdentifier.drop(pkey, engine: .postgresql)
        XCTAssertEqual(drop.sql, "ALTER TABLE public.experiments DROP CONSTRAINT experiments_pkey;")
        XCTAssertNotNil(drop.note)
        let auto = Fixtures.index("t", "sqlite_autoindex_t_1", ["a"], unique: true)
        XCTAssertNil(SQLIdentifier.drop(auto.info, engine: .sqlite).sql, "SQLite cannot drop a constraint's autoindex")
    }

    func testBloatMarkersAndExactBloatKey() {
        var state = Fixtures.state(Fixtures.postgresCatalog, capabilities: Capabilities(engine: .postgresql, exactBloat: true))
        state = Fixtures.press(state, .char("/"))
        state = Fixtures.type(state, "owner")
        state = Fixtures.press(state, .enter, .enter)
        var screen = Renderer.render(state)
        let bloat = screen.row(containing: "bloat ")!
        XCTAssertTrue(screen.line(bloat).contains("88 KiB (estimate)"), screen.line(bloat))
        XCTAssertEqual(screen.role(of: "88 KiB", onRow: bloat), .warning)
        XCTAssertTrue(screen.text.contains("unused"))
        let (measuring, effects) = Reducer.reduce(state, .key(.char("b")))
        let id = state.selectedRecord!.id
        XCTAssertEqual(effects, [.measureBloat(id)])
        XCTAssertEqual(measuring.bloatMeasuring, id)
        XCTAssertTrue(Renderer.render(measuring).line(0).contains("measuring bloat"))
        var measured = measuring.selectedRecord!.space
        measured.bloatBytes = 12_288
        measured.bloatExact = true
        state = Reducer.reduce(measuring, .bloatMeasured(id, measured)).0
        screen = Renderer.render(state)
        XCTAssertTrue(screen.text.contains("12 KiB (exact)"), screen.text)
        XCTAssertTrue(screen.line(38).contains("bloat 12 KiB (exact)"), screen.line(38))
        // A failure lands on the status line as an error.
        state = Reducer.reduce(Reducer.reduce(state, .key(.char("b"))).0, .bloatFailed(id, "permission denied for function pgstatindex")).0
        screen = Renderer.render(state)
        XCTAssertEqual(screen.role(of: "permission denied", onRow: 38), .error)
    }

    func testExactBloatUnavailableOnSQLiteSaysWhy() {
        let state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .enter, .char("b"))
        XCTAssertNil(state.bloatMeasuring)
        XCTAssertTrue(state.status?.text.contains("pgstattuple") ?? false)
        XCTAssertTrue(state.status?.isError ?? false)
    }

    func testDetailScrollsAndEscReturns() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog, width: 80, height: 12), .enter)
        let firstScreen = Renderer.render(state)
        XCTAssertNil(firstScreen.row(containing: "REINDEX"), "SQL is below the fold at 12 rows")
        state = Fixtures.press(state, .char("G"))
        XCTAssertNotNil(Renderer.render(state).row(containing: "REINDEX"))
        state = Fixtures.press(state, .escape)
        XCTAssertEqual(state.screen, .indexes)
    }
}
