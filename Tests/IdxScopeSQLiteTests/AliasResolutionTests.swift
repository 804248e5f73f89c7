import Foundation
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

/// One EQP name can stand for several tables (a reused alias, a view's alias, a CTE named like a
/// table): the plan must name the table actually read, or none.
final class AliasResolutionTests: XCTestCase {
    static let schema = """
        CREATE TABLE queue(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, priority INTEGER, note TEXT);
        CREATE TABLE job(id INTEGER PRIMARY KEY, status TEXT, payload TEXT);
        CREATE INDEX job_status ON job(status);
        CREATE TABLE job_event(job_id INTEGER, seq INTEGER, kind TEXT, PRIMARY KEY (job_id, seq)) WITHOUT ROWID;
        CREATE TABLE lower_t(a TEXT);
        CREATE TABLE t_rowid(id INTEGER PRIMARY KEY, a TEXT);
        CREATE VIEW recent AS SELECT * FROM job_event AS job;
        """
    private var dir: TemporaryDirectory!
    private var inspector: SQLiteInspector!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("alias.db")
        try SQLiteFixture.create(path, sql: Self.schema)
        inspector = try SQLiteInspector(path: path)
    }

    private func plan(_ sql: String) throws -> [PlanNode] { try inspector.explain(sql, analyze: false).nodes }

    private func loops(_ sql: String) throws -> [String] {
        try plan(sql).filter { $0.detail.hasPrefix("SCAN ") || $0.detail.hasPrefix("SEARCH ") }
            .map { "\($0.detail) → \($0.relation ?? "nil") \($0.kind)" }
    }

    func testOneAliasOverTwoTablesOfACompound() throws {
        let sql = "SELECT t.id FROM job t WHERE t.payload LIKE '%x%' UNION ALL SELECT t.id FROM queue t"
        let plan = try inspector.explain(sql, analyze: false)
        XCTAssertEqual(try loops(sql), ["SCAN t → job fullScan",
                                        "SCAN t USING COVERING INDEX sqlite_autoindex_queue_1 → queue indexFullScan"])
        XCTAssertEqual(plan.fullScans, ["job"], "job is read in full, queue only through its index")

        // Both sides full scans, in either order: each takes its own table.
        XCTAssertEqual(try loops("SELECT t.payload FROM job t UNION ALL SELECT t.name || t.id FROM queue t NOT INDEXED"),
                       ["SCAN t → job fullScan", "SCAN t → queue fullScan"])
        XCTAssertEqual(try loops("SELECT t.name || t.id FROM queue t NOT INDEXED UNION ALL SELECT t.payload FROM job t"),
                       ["SCAN t → queue fullScan", "SCAN t → job fullScan"])
        // The same table twice in a row under the alias, then another one.
        XCTAssertEqual(try loops("""
            SELECT t.payload FROM job t UNION ALL SELECT t.payload FROM job t
            UNION ALL SELECT t.name || t.id FROM queue t NOT INDEXED
            """), ["SCAN t → job fullScan", "SCAN t → job fullScan", "SCAN t → queue fullScan"])
        // An index step is taken exactly and keeps the others in step.
        XCTAssertEqual(try loops("""
            SELECT t.payload FROM job t WHERE t.status = 'a' UNION ALL SELECT t.name || t.id FROM queue t NOT INDEXED
            UNION ALL SELECT t.payload FROM job t
            """), ["SEARCH t USING INDEX job_status (status=?) → job indexSearch", "SCAN t → queue fullScan",
                   "SCAN t → job fullScan"])
    }

    func testAViewsAliasDoesNotHideTheRealTable() throws {
        XCTAssertEqual(try loops("SELECT * FROM job WHERE payload LIKE '%x%'"), ["SCAN job → job fullScan"])
        XCTAssertEqual(try loops("SELECT * FROM recent WHERE kind LIKE '%x%'"), ["SCAN job → job_event fullScan"])
        XCTAssertEqual(try inspector.explain("SELECT r.kind FROM recent r JOIN job j ON j.id = r.job_id", analyze: false)
            .fullScans, ["job_event"], "the view's `job` is job_event; the real job is searched by rowid")
    }

    func testACTENamedLikeATableIsNoScanOfIt() throws {
        let nodes = try plan("WITH lower_t AS MATERIALIZED (SELECT lower(payload) AS a FROM job) SELECT a FROM lower_t")
        XCTAssertEqual(nodes.filter { $0.detail.hasPrefix("SCAN") }.map { "\($0.detail) → \($0.relation ?? "nil") \($0.kind)" },
                       ["SCAN job → job fullScan", "SCAN lower_t → nil other"])
        XCTAssertEqual(QueryPlan(engine: .sqlite, query: "", nodes: nodes, analyzed: false).fullScans, ["job"])
    }

    func testOneAliasInAQueryAndItsSubquery() throws {
        let sql = "SELECT * FROM lower_t l WHERE EXISTS (SELECT 1 FROM t_rowid l WHERE l.a = 'x')"
        XCTAssertEqual(try loops(sql), ["SCAN l → lower_t fullScan", "SCAN l → t_rowid fullScan"])
        XCTAssertEqual(Set(try inspector.explain(sql, analyze: false).fullScans), ["lower_t", "t_rowid"])
    }

    func testTheUsersOwnExplainQueryPlanIsAlignedToo() throws {
        let nodes = try plan("/* q */ explain QUERY plan SELECT t.payload FROM job t UNION ALL SELECT t.a FROM lower_t t")
        XCTAssertEqual(nodes.filter { $0.detail.hasPrefix("SCAN") }.map(\.relation), ["job", "lower_t"])
    }

    func testExplainCostsAConstantNumberOfStatements() throws {
        var counts: Set<Int> = []
        for sql in ["SELECT 1", "SELECT * FROM job t UNION ALL SELECT * FROM job t UNION ALL SELECT * FROM job t",
                    "SELECT * FROM recent r JOIN job j ON j.id = r.job_id JOIN queue q ON q.id = j.id"] {
            let before = inspector.statementsPrepared
            _ = try inspector.explain(sql, analyze: false)
            counts.insert(inspector.statementsPrepared - before)
        }
        XCTAssertEqual(counts, [4], "prepare, schema, EXPLAIN, EXPLAIN QUERY PLAN")
    }
}
