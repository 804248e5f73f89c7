import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// A lost PostgreSQL connection: retries back off, the spinner only spins while a retry runs,
/// the status line says what happened and `r` retries at once.
final class ConnectionLossTests: XCTestCase {
    let loaded = Date(timeIntervalSince1970: 1_800_000_000)

    func at(_ seconds: TimeInterval) -> Date { loaded.addingTimeInterval(seconds) }

    func testFailedRefreshBacksOffAndSaysRRetries() {
        var state = Fixtures.state(Fixtures.postgresCatalog)
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .tick(at(5)))
        XCTAssertEqual(effects, [.loadCatalog])
        state = Reducer.reduce(state, .catalogFailed("server closed the connection unexpectedly")).0
        var screen = Renderer.render(state)
        XCTAssertEqual(screen.role(of: "connection lost: server closed the connection unexpectedly — r retries", onRow: 38), .error, screen.text)
        XCTAssertFalse(screen.line(0).contains("refreshing"), "nothing runs: \(screen.line(0))")
        XCTAssertFalse(state.isBusy)

        // No retry on the next ticks (it used to reload every ~80 ms) …
        for step in stride(from: 5.08, to: 6.9, by: 0.08) {
            (state, effects) = Reducer.reduce(state, .tick(at(step)))
            XCTAssertEqual(effects, [], "retried \(step - 5) s after the failure")
        }
        // … but after 2 s, then 4 s, 8 s … up to 60 s.
        var failedAt = 5.0
        for delay in [2.0, 4, 8, 16, 32, 60, 60] {
            (state, effects) = Reducer.reduce(state, .tick(at(failedAt + delay - 0.1)))
            XCTAssertEqual(effects, [], "too early for the \(delay) s retry")
            (state, effects) = Reducer.reduce(state, .tick(at(failedAt + delay)))
            XCTAssertEqual(effects, [.loadCatalog], "the \(delay) s retry")
            XCTAssertTrue(Renderer.render(state).line(0).contains("reconnecting"), Renderer.render(state).line(0))
            failedAt += delay
            state = Reducer.reduce(state, .catalogFailed("could not connect to server")).0
        }
        XCTAssertEqual(state.retryDelay, 60)

        // r retries at once; success clears the message and the back-off.
        (state, effects) = Reducer.reduce(state, .key(.char("r")))
        XCTAssertEqual(effects, [.loadCatalog, .loadSpace])
        state = Reducer.reduce(state, .spaceFailed("could not connect to server")).0
        XCTAssertTrue(state.status?.text.hasPrefix("connection lost") ?? false, "the sizes' echo does not hide the cause")
        state = Reducer.reduce(state, .catalogLoaded(Fixtures.postgresCatalog, at: at(failedAt + 1))).0
        screen = Renderer.render(state)
        XCTAssertNil(state.status)
        XCTAssertNil(screen.row(containing: "connection lost"))
        XCTAssertNil(state.catalogFailedAt)
        (state, effects) = Reducer.reduce(state, .tick(at(failedAt + 6)))
        XCTAssertEqual(effects, [.loadCatalog], "back to the normal 5 s refresh")
    }
}
