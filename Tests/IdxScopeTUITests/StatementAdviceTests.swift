import XCTest
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
@testable import IdxScopeTUI

/// Issue 12: F7 in the Query screen proposes and proves an index for the statement and shows
/// the plan with it below the plan without.
final class StatementAdviceTests: XCTestCase {
    func testF7PlansAndAdvisesThenShowsThePlanWithTheIndexBelow() throws {
        let scratch = try TemporaryDirectory(prefix: "f7")
        let path = scratch.url.appendingPathComponent("shop.db").path
        let created = try ProcessRunner.run("sqlite3", [path], stdin: """
            CREATE TABLE purchase(id INTEGER PRIMARY KEY, customer_id INT, total INT);
            CREATE INDEX idx_purchase_customer ON purchase(customer_id);
            """)
        XCTAssertEqual(created.status, 0, created.describe)
        let inspector = try SQLiteInspector(path: path)
        let worker = Worker(inspector: inspector)
        let catalog = try inspector.loadCatalog()

        var state = Fixtures.state(catalog)
        state = Fixtures.press(state, .char("e"))
        state = Fixtures.type(state, "SELECT * FROM purchase WHERE total = 7")
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .key(.function(7)))
        XCTAssertEqual(effects.compactMap { if case .explain(_, let sql, let analyze) = $0 { return "\(sql) \(analyze)" } else { return nil } },
                       ["SELECT * FROM purchase WHERE total = 7 false"], "F7 plans the statement (never analyzed)")
        XCTAssertTrue(Renderer.render(state).text.contains("planning with candidate indexes… Esc cancels"))
        for effect in effects where effect != .appendHistory("SELECT * FROM purchase WHERE total = 7") { worker.submit(effect) }
        var pending = 2
        let deadline = Date().addingTimeInterval(20)
        while pending > 0, Date() < deadline {
            for action in worker.drain() {
                state = Reducer.reduce(state, action).0
                pending -= 1
            }
            usleep(20_000)
        }
        XCTAssertEqual(pending, 0, "plan and advice within 20 s")
        let screen = Renderer.render(state)
        let text = screen.text
        let without = try XCTUnwrap(screen.row(containing: "SCAN purchase"), text)
        let proposal = try XCTUnwrap(screen.row(containing: "CREATE INDEX"), text)
        let with = try XCTUnwrap(screen.row(containing: "PLAN WITH IT"), text)
        XCTAssertTrue(screen.line(proposal).contains("(total)"), screen.line(proposal))
        XCTAssertEqual(screen.role(of: "CREATE INDEX", onRow: proposal), .sql)
        XCTAssertLessThan(without, proposal)
        XCTAssertLessThan(proposal, with)
        XCTAssertTrue(screen.line(with + 1).contains("SEARCH purchase USING INDEX"), screen.line(with + 1))
        // Nothing was built: the real schema still has one index.
        XCTAssertEqual(try inspector.loadCatalog().indexes.count, 1)
    }

    func testEscCancelsTheAdviceAndANewPlanDropsTheOldAdvice() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e"))
        state = Fixtures.type(state, "SELECT 1")
        state = Fixtures.press(state, .function(7))
        state = Reducer.reduce(state, .planFinished(request: 1, Fixtures.samplePlan)).0
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .key(.escape))
        XCTAssertEqual(effects, [.cancelRunningCall(plan: nil)])
        XCTAssertEqual(state.screen, .query)
        state = Reducer.reduce(state, .statementAdviceFailed(request: 1, "advisor cancelled")).0
        XCTAssertTrue(Renderer.render(state).text.contains("✗ advisor cancelled"))
        state = Fixtures.press(state, .function(5))
        XCTAssertNil(state.statementAdvice, "the advice belonged to the previous plan")
        // No proposal: said, with the advisor's notes.
        state = Fixtures.press(state, .function(7))
        state = Reducer.reduce(state, .statementAdvised(request: 2, [], notes: ["hypopg is not installed"])).0
        let text = Renderer.render(state).text
        XCTAssertTrue(text.contains("no index makes this statement cheaper") && text.contains("hypopg is not installed"), text)
    }
}
