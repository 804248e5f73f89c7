import Foundation
import IdxScopeCore
@testable import IdxScopePostgres
import XCTest

/// A session the server drops (restart, idle timeout, pg_terminate_backend) comes back on the
/// next call, as psql's \c would do, instead of failing forever.
final class PostgresReconnectTests: XCTestCase {
    func testTheNextCallReconnectsAfterTheBackendIsTerminated() throws {
        let uri = try TestServer.uri()
        let name = TestServer.uniqueName("idxscope_reconnect")
        let inspector = try PostgresInspector(conninfo: TestServer.conninfo(uri) + " application_name=\(name)")
        _ = try inspector.loadCatalog()

        let admin = try AdminConnection(uri)
        let terminated = try admin.execute("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(name)') t")
        XCTAssertEqual(terminated.first?.first ?? nil, "1", "exactly our session was terminated")

        // The call that meets the dead socket fails with one line; the next one reconnects.
        var failures = 0
        var catalog: Catalog?
        for _ in 0..<2 where catalog == nil {
            do { catalog = try inspector.loadCatalog() } catch let error as IdxScopeError {
                failures += 1
                XCTAssertFalse(error.message.contains("\n"))
            }
        }
        XCTAssertNotNil(catalog, "no reconnect after \(failures) failure(s)")
        XCTAssertLessThanOrEqual(failures, 1)
        let plan = try inspector.explain("SELECT 1", analyze: false)
        XCTAssertFalse(plan.nodes.isEmpty)
        // The session settings came back with it.
        let sessions = try admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = '\(name)'")
        XCTAssertEqual(sessions.first?.first ?? nil, "1")
    }
}
