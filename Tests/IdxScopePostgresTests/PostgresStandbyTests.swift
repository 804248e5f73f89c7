import Foundation
import IdxScopeCore
import IdxScopePostgres
import IdxScopeTestSupport
import XCTest

/// A real hot standby (scripts/pg-test-server.sh starts one beside the primary).
final class PostgresStandbyTests: XCTestCase {
    /// IDXSCOPE_TEST_PG_STANDBY_URI, else the file the server script writes next to its data.
    private func standbyURI() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let uri = environment["IDXSCOPE_TEST_PG_STANDBY_URI"], !uri.isEmpty { return uri }
        let port = URLComponents(string: try TestServer.uri())?.port ?? 54329
        let file = "/tmp/idxscope-pg-\(port)/standby.uri"
        if let uri = try? String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !uri.isEmpty {
            return uri
        }
        try TestPostgres.missing("no standby: set IDXSCOPE_TEST_PG_STANDBY_URI or run scripts/pg-test-server.sh start (writes \(file))")
    }

    func testStandbyIsReportedAsAReplicaAndPlansReadOnly() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try schema.admin.execute("""
            CREATE TABLE \(schema.quoted).r (id int PRIMARY KEY, v int);
            INSERT INTO \(schema.quoted).r SELECT g, g % 10 FROM generate_series(1, 1000) AS g;
            """)
        let standby = try PostgresInspector(conninfo: try standbyURI())
        // Wait (15 s at most) for the schema to replay on the standby.
        let deadline = Date().addingTimeInterval(15)
        var catalog = try standby.loadCatalog()
        while catalog.index(schema.name, "r_pkey") == nil && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            catalog = try standby.loadCatalog()
        }
        XCTAssertNotNil(catalog.index(schema.name, "r_pkey"), "not replayed in 15 s; standby has \(catalog.indexes.count) indexes")
        XCTAssertEqual(catalog.isReplica, true)

        let plan = try standby.explain("SELECT * FROM \(schema.quoted).r WHERE v = 3", analyze: true)
        XCTAssertEqual(plan.nodes.first?.actualRows, 100)
        XCTAssertThrowsError(try standby.explain("DELETE FROM \(schema.quoted).r", analyze: true)) { error in
            XCTAssertEqual((error as? IdxScopeError)?.kind, .statement, "\(error)")
        }
        XCTAssertTrue(try standby.measureBloat(of: IndexID(schema: schema.name, name: "r_pkey")).bloatExact)
        XCTAssertEqual(try schema.admin.scalar("SELECT count(*) FROM \(schema.quoted).r"), "1000")
    }
}
