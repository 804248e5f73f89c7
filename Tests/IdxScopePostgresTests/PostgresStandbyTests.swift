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

    /// PgHero's false positive: an index only the standby's queries use looks unused on the
    /// primary. With `--also STANDBY` its scans count, in one more statement to the standby.
    func testAnIndexScannedOnTheStandbyOnlyIsNotUnusedWithAlso() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try schema.admin.execute("""
            CREATE TABLE \(schema.quoted).r (id int PRIMARY KEY, v int);
            INSERT INTO \(schema.quoted).r SELECT g, g % 100 FROM generate_series(1, 10000) AS g;
            CREATE INDEX r_v ON \(schema.quoted).r (v);
            ANALYZE \(schema.quoted).r;
            """)
        let standbyURI = try standbyURI()
        let standbyAdmin = try AdminConnection(standbyURI)
        // Wait (15 s at most) for the index to replay on the standby.
        var deadline = Date().addingTimeInterval(15)
        var replayed: String?
        repeat {
            replayed = try standbyAdmin.scalar("SELECT to_regclass('\(schema.quoted).r_v') IS NOT NULL")
            if replayed != "t" { Thread.sleep(forTimeInterval: 0.1) }
        } while replayed != "t" && Date() < deadline
        XCTAssertEqual(replayed, "t", "r_v not replayed on the standby in 15 s")

        // Scan r_v on the standby only, in a session that then ends: a backend flushes its
        // counters on exit (an idle one may wait 10 s), so poll until they show.
        let scanned = try AdminConnection(standbyURI).execute("""
            SET enable_seqscan = off; SET enable_bitmapscan = off;
            SELECT count(*) FROM \(schema.quoted).r WHERE v = 3;
            """)
        XCTAssertEqual(scanned.first?.first, "100")
        let counter = "SELECT pg_stat_get_numscans('\(schema.quoted).r_v'::regclass)"
        deadline = Date().addingTimeInterval(10)
        var seen: String?
        repeat {
            seen = try AdminConnection(standbyURI).scalar(counter)
            if seen == "0" { Thread.sleep(forTimeInterval: 0.2) }
        } while seen == "0" && Date() < deadline
        XCTAssertEqual(seen, "1", "the standby's scan was not counted within 10 s")
        XCTAssertEqual(try schema.admin.scalar(counter), "0", "the primary never scanned r_v")

        let id = IndexID(schema: schema.name, name: "r_v")
        let alone = try PostgresInspector(conninfo: schema.uri)
        let aloneBefore = alone.statementsSent
        let primaryOnly = try alone.loadCatalog()
        let aloneStatements = alone.statementsSent - aloneBefore
        XCTAssertEqual(primaryOnly.servers, 1)
        XCTAssertEqual(FindingRules.finding(for: id, in: primaryOnly)?.kind, .unused, "without --also the primary's zero decides")

        let inspector = try PostgresInspector(conninfo: schema.uri, replicas: [standbyURI])
        // Counted from here: connecting applies the session settings (one statement each).
        let (primaryBefore, replicaBefore) = (inspector.statementsSent, inspector.replicaStatementsSent)
        let merged = try inspector.loadCatalog()
        XCTAssertEqual(merged.servers, 2)
        XCTAssertEqual(merged.index(schema.name, "r_v")?.usage.scans, 1)
        XCTAssertNil(FindingRules.finding(for: id, in: merged), "scanned on the standby: not unused")
        XCTAssertFalse(merged.notes.contains { $0.contains(schema.name) }, "the standby has every index: \(merged.notes)")
        // The primary's catalog (with its foreign keys' lookups, if any) costs what it costs alone.
        XCTAssertEqual(inspector.statementsSent - primaryBefore, aloneStatements, "--also adds nothing on the primary")
        XCTAssertEqual(inspector.replicaStatementsSent - replicaBefore, 1, "one statement per replica: its usage counters")
    }
}
