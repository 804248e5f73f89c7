import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// QA: the header gave the counters' start as a timestamp only; how old they are is what says
/// whether "unused" means anything.
final class StatsAgeHeaderTests: XCTestCase {
    func testHeaderSaysHowOldTheCountersAre() throws {
        var catalog = Fixtures.postgresCatalog
        let since = try XCTUnwrap(catalog.statsSince)
        catalog.statsSince = since
        var state = Fixtures.state(catalog)
        state.now = since.addingTimeInterval(12 * 60 + 5)
        var header = Renderer.render(state).line(0)
        XCTAssertTrue(header.contains("stats since "), header)
        XCTAssertTrue(header.contains("(12 minutes old)"), header)
        state.now = since.addingTimeInterval(40 * 86400)
        header = Renderer.render(state).line(0)
        XCTAssertTrue(header.contains("(40 days old)"), header)
    }
}
