import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// Issue 12, plans: F6 is for the next plan only, never for the Statements screen's Enter, not
/// offered on SQLite; row misestimates of 10× or more are marked.
final class PlanMarksTests: XCTestCase {
    func testAnalyzeAppliesToTheNextPlanOnlyAndShowsAtOnce() {
        var state = Fixtures.press(Fixtures.state(Fixtures.postgresCatalog), .char("e"), .function(6))
        let title = Renderer.render(state)
        XCTAssertEqual(title.role(of: "ANALYZE: the next plan runs the statement", onRow: 1), .warning, title.text)
        state = Fixtures.type(state, "SELECT 1")
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .key(.function(5)))
        XCTAssertTrue(effects.contains(.explain(request: 1, sql: "SELECT 1", analyze: true)))
        XCTAssertFalse(state.analyze, "ANALYZE is spent on the plan it was asked for")
        XCTAssertFalse(Renderer.render(state).line(1).contains("ANALYZE:"))
        state = Reducer.reduce(state, .planFailed(request: 1, message: "x", cancelled: false)).0
        (state, effects) = Reducer.reduce(state, .key(.function(5)))
        XCTAssertTrue(effects.contains(.explain(request: 2, sql: "SELECT 1", analyze: false)), "\(effects)")
    }

    func testEnterOnAStatementPlansWithoutExecutingEvenAfterF6() {
        let capabilities = Capabilities(engine: .postgresql, statementStats: true)
        var state = Fixtures.state(Fixtures.postgresCatalog, capabilities: capabilities)
        state = Fixtures.press(state, .char("e"), .function(6))
        XCTAssertTrue(state.analyze)
        state = Fixtures.press(state, .escape, .char("Q"))
        XCTAssertEqual(state.screen, .queries)
        let stats = [StatementStats(queryID: 1, query: "SELECT * FROM runs WHERE id = $1", calls: 9, totalMs: 5, meanMs: 0.5, rows: 9)]
        state = Reducer.reduce(state, .statementsLoaded(StatementStatsReport(byMeanTime: stats, byTotalTime: stats, note: nil))).0
        let (next, effects) = Reducer.reduce(state, .key(.enter))
        XCTAssertEqual(next.screen, .query)
        XCTAssertTrue(effects.contains(.explain(request: 1, sql: "SELECT * FROM runs WHERE id = $1", analyze: false)), "\(effects)")
        XCTAssertFalse(next.analyze)
    }

    func testF6IsNotOfferedOnSQLite() {
        let sqlite = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e"))
        XCTAssertFalse(Renderer.render(sqlite).line(sqlite.height - 1).contains("Analyze"))
        XCTAssertFalse(HelpContent.lines(capabilities: sqlite.capabilities).map(StyledText.plain).joined().contains("F6"))
        let postgres = Fixtures.press(Fixtures.state(Fixtures.postgresCatalog), .char("e"))
        XCTAssertTrue(Renderer.render(postgres).line(postgres.height - 1).contains("F6 Analyze"))
        XCTAssertTrue(HelpContent.lines(capabilities: postgres.capabilities).map(StyledText.plain).joined().contains("F6"))
    }

    func testRowsOffByTenTimesOrMoreAreMarked() {
        var state = Fixtures.press(Fixtures.state(Fixtures.postgresCatalog), .char("e"))
        state = Fixtures.type(state, "SELECT 1")
        state = Fixtures.press(state, .function(5))
        let plan = QueryPlan(engine: .postgresql, query: "SELECT 1", nodes: [
            PlanNode(id: 1, parent: 0, detail: "Hash Join", kind: .join, estimatedRows: 10, actualRows: 1000),
            PlanNode(id: 2, parent: 1, detail: "Seq Scan on runs", kind: .fullScan, relation: "runs", estimatedRows: 12, actualRows: 11),
            PlanNode(id: 3, parent: 1, detail: "Index Scan using runs_pkey on runs", kind: .indexSearch, relation: "runs",
                     estimatedRows: 50, actualRows: 0),
            PlanNode(id: 4, parent: 1, detail: "Seq Scan on users", kind: .fullScan, relation: "users", estimatedRows: 1, actualRows: 0),
        ], analyzed: true)
        state = Reducer.reduce(state, .planFinished(request: 1, plan)).0
        let screen = Renderer.render(state)
        let join = try! XCTUnwrap(screen.row(containing: "Hash Join"), screen.text)
        XCTAssertEqual(screen.role(of: "⚠ 100× off", onRow: join), .warning, screen.line(join))
        let zero = try! XCTUnwrap(screen.row(containing: "runs_pkey"))
        XCTAssertTrue(screen.line(zero).contains("⚠ 50× off"), screen.line(zero))
        XCTAssertFalse(screen.line(screen.row(containing: "Seq Scan on runs")!).contains("off"))
        XCTAssertFalse(screen.line(screen.row(containing: "Seq Scan on users")!).contains("off"), "1 estimated for 0 is fine")
        XCTAssertNil(PlanContent.misestimate(estimated: 10, actual: nil), "plain EXPLAIN has no actual rows")
        XCTAssertEqual(PlanContent.misestimate(estimated: 10, actual: 100), 10)
        XCTAssertNil(PlanContent.misestimate(estimated: 10, actual: 99))
    }
}
