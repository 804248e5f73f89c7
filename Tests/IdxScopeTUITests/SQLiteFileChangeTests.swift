import Foundation
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest
@testable import IdxScopeTUI

/// A SQLite file deleted, replaced or locked while the TUI shows it: the next reload says what
/// happened to the file (never "connection lost") and the list stays.
final class SQLiteFileChangeTests: XCTestCase {
    private var scratch: TemporaryDirectory!

    override func setUpWithError() throws { scratch = try TemporaryDirectory(prefix: "file-change") }
    override func tearDown() { scratch = nil }

    private func makeDatabase(_ name: String, index: String) throws -> String {
        let path = scratch.path(name)
        let result = try ProcessRunner.run("sqlite3", [path, "CREATE TABLE t(a, b); CREATE INDEX \(index) ON t(a);"])
        XCTAssertEqual(result.status, 0, result.describe)
        return path
    }

    /// The TUI's reload as the run loop does it: the worker's call, its message, the reducer.
    private func reload(_ state: AppState, _ inspector: SQLiteInspector) -> AppState {
        do { return Reducer.reduce(state, .catalogLoaded(try inspector.loadCatalog(), at: Date())).0 }
        catch { return Reducer.reduce(state, .catalogFailed(Worker.message(error))).0 }
    }

    private func shown(_ path: String) throws -> (AppState, SQLiteInspector) {
        let inspector = try SQLiteInspector(path: path)
        var state = AppState(capabilities: Capabilities(engine: .sqlite), databaseName: path)
        state = Reducer.reduce(state, .resize(width: 250, height: 30)).0
        state = reload(state, inspector)
        XCTAssertNotNil(Renderer.render(state).row(containing: "t_a"))
        return (state, inspector)
    }

    func testADeletedFileIsSaidOnTheNextReload() throws {
        let path = try makeDatabase("gone.db", index: "t_a")
        let (state, inspector) = try shown(path)
        XCTAssertEqual(unlink(path), 0)
        let screen = Renderer.render(reload(state, inspector))
        let status = screen.line(28)
        XCTAssertTrue(status.contains("reload failed: \(path) was deleted after idxscope opened it"), status)
        XCTAssertFalse(screen.text.contains("connection lost"), screen.text)
        XCTAssertNotNil(screen.row(containing: "t_a"), "the list stays")
    }

    func testAReplacedFileIsSaidOnTheNextReload() throws {
        let path = try makeDatabase("app.db", index: "t_a")
        let (state, inspector) = try shown(path)
        let other = try makeDatabase("other.db", index: "t_other")
        XCTAssertEqual(rename(other, path), 0)
        let status = Renderer.render(reload(state, inspector)).line(28)
        XCTAssertTrue(status.contains("reload failed: \(path) was replaced by another file after idxscope opened it"), status)
    }

    func testALockedFileIsNotAConnectionLoss() throws {
        let path = try makeDatabase("locked.db", index: "t_a")
        let (shownState, _) = try shown(path)
        // A failed reload on SQLite (here the lock's message) is labelled by what it is.
        let state = Reducer.reduce(shownState, .catalogFailed("database is locked: another connection holds a write lock (database is locked)")).0
        let status = Renderer.render(state).line(28)
        XCTAssertTrue(status.hasPrefix(" reload failed: database is locked"), status)
        XCTAssertFalse(status.contains("connection lost"), status)
    }
}
