import Foundation
import IdxScopeCore
import IdxScopePostgres
import XCTest

/// Every scan node a PostgreSQL 15 plan can hold names its relation and gets the kind `check`
/// judges by; an ordered index read that a Limit stops is not a whole read.
final class PostgresScanKindsTests: XCTestCase {
    private var schema: ScratchSchema!
    private var inspector: PostgresInspector!
    private var server: String!

    override func setUpWithError() throws {
        schema = try ScratchSchema()
        server = TestServer.uniqueName("idx_files")
        try schema.admin.execute("""
            CREATE EXTENSION IF NOT EXISTS file_fdw;
            CREATE SERVER \(server!) FOREIGN DATA WRAPPER file_fdw;
            SET search_path = \(schema.quoted);
            CREATE TABLE job (id int PRIMARY KEY, status text, owner int);
            INSERT INTO job SELECT g, 'new', g % 50 FROM generate_series(1, 20000) AS g;
            CREATE FOREIGN TABLE remote_job (id int) SERVER \(server!) OPTIONS (filename '/dev/null');
            ANALYZE job;
            """)
        inspector = try PostgresInspector(conninfo: schema.uri)
    }

    override func tearDown() {
        inspector = nil
        schema?.drop()
        if let server { _ = try? schema?.admin.execute("DROP SERVER IF EXISTS \(server) CASCADE") }
    }

    private func kinds(_ sql: String) throws -> [String] {
        try inspector.explain(sql, analyze: false).nodes.map { "\($0.detail) → \($0.kind.rawValue) \($0.relation ?? "nil")" }
    }

    func testEveryScanNodeNamesItsRelation() throws {
        let job = "\(schema.quoted).job"
        XCTAssertEqual(try kinds("SELECT * FROM \(job) TABLESAMPLE SYSTEM (10)"), ["Sample Scan on job → full_scan job"])
        XCTAssertEqual(try kinds("SELECT * FROM \(schema.quoted).remote_job"),
                       ["Foreign Scan on remote_job → full_scan remote_job"])
        XCTAssertEqual(try kinds("SELECT * FROM generate_series(1, 3)"),
                       ["Function Scan on generate_series → other nil"])
        XCTAssertEqual(try kinds("WITH c AS MATERIALIZED (SELECT * FROM \(job) WHERE owner = 3) SELECT * FROM c"),
                       ["CTE Scan on c → other nil", "[CTE c] Seq Scan on job → full_scan job"])
        XCTAssertEqual(try kinds("SELECT * FROM (VALUES (1), (2)) v(x)"), ["Values Scan → other nil"])
        let plan = try inspector.explain("SELECT * FROM \(job) j WHERE owner = 3", analyze: false)
        XCTAssertEqual(plan.fullScans, ["job"])
        for node in try inspector.explain("SELECT * FROM \(job) WHERE id < 10 OR id > 19990", analyze: false).nodes {
            XCTAssertNotEqual(node.kind, .unknown, node.detail)
        }
    }

    func testAnIndexReadALimitStopsIsNotAWholeRead() throws {
        let job = "\(schema.quoted).job"
        let newest = try inspector.explain("SELECT * FROM \(job) ORDER BY id DESC LIMIT 1", analyze: false)
        let read = try XCTUnwrap(newest.nodes.last)
        XCTAssertEqual(read.detail, "Index Scan Backward using job_pkey on job")
        XCTAssertEqual(read.kind, .limitedScan)
        XCTAssertEqual(newest.indexesUsed, ["job_pkey"])
        let statement = SQLScript.Statement(text: "q", line: 1)
        XCTAssertTrue(CheckResult(statement: statement, plan: newest, error: nil, strict: true).passed)

        // Without the Limit the same read covers the whole index; with a filter the Limit may
        // still read every row.
        let whole = try inspector.explain("SELECT id FROM \(job) ORDER BY id DESC", analyze: false)
        XCTAssertEqual(whole.nodes.last?.kind, .indexFullScan, whole.nodes.map(\.detail).joined(separator: " / "))
        let strict = CheckResult(statement: statement, plan: whole, error: nil, strict: true)
        XCTAssertFalse(strict.passed)
        XCTAssertEqual(strict.wholeIndexReads, ["job_pkey on job"])
        let filtered = try inspector.explain("SELECT * FROM \(job) WHERE owner = 3 ORDER BY id DESC LIMIT 1", analyze: false)
        XCTAssertTrue(filtered.nodes.contains { $0.kind == .indexFullScan || $0.kind == .fullScan },
                      filtered.nodes.map(\.detail).joined(separator: " / "))
        // An OFFSET reads every row it skips.
        let skipping = try inspector.explain("SELECT * FROM \(job) ORDER BY id DESC LIMIT 1 OFFSET 5000", analyze: false)
        XCTAssertEqual(skipping.nodes.last?.kind, .indexFullScan, skipping.nodes.map(\.detail).joined(separator: " / "))
        // A sort under the Limit reads all of its input.
        let sorted = try inspector.explain("SELECT * FROM \(job) ORDER BY owner LIMIT 1", analyze: false)
        XCTAssertEqual(sorted.fullScans, ["job"])
    }
}
