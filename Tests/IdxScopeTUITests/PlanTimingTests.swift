import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// Planning and execution times keep their digits below 1 ms (PostgreSQL often plans in 0.05 ms).
final class PlanTimingTests: XCTestCase {
    func testMillisecondsFormatting() {
        XCTAssertEqual(Format.milliseconds(0.057), "0.057")
        XCTAssertEqual(Format.milliseconds(0.5), "0.500")
        XCTAssertEqual(Format.milliseconds(12.834), "12.8")
        XCTAssertEqual(Format.milliseconds(1500), "1500.0")
    }

    func testPlanHeadingShowsSubMillisecondTimes() throws {
        var state = Fixtures.press(Fixtures.state(Fixtures.postgresCatalog), .char("e"))
        state = Fixtures.type(state, "SELECT 1")
        state = Reducer.reduce(state, .key(.function(5))).0
        var plan = QueryPlan(engine: .postgresql, query: "SELECT 1", nodes: [PlanNode(id: 1, parent: 0, detail: "Result", kind: .other)])
        plan.planningMs = 0.057
        plan.executionMs = 12.834
        state = Reducer.reduce(state, .planFinished(request: state.planRequest, plan)).0
        let screen = Renderer.render(state)
        XCTAssertNotNil(screen.row(containing: "planning 0.057 ms"), screen.text)
        XCTAssertNotNil(screen.row(containing: "execution 12.8 ms"), screen.text)
    }
}
