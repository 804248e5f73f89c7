import Foundation
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

final class ExplainTests: XCTestCase {
    static let schema = """
        CREATE TABLE job(id INTEGER PRIMARY KEY, status TEXT, queue TEXT, created INTEGER, payload TEXT);
        CREATE INDEX job_status ON job(status);
        CREATE INDEX "by queue" ON job(queue, created);
        CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
        CREATE TABLE "odd ""tab"" é"(x INTEGER, y INTEGER);
        CREATE VIEW busy AS SELECT q.queue FROM job AS q WHERE q.payload LIKE '%x%';
        INSERT INTO job(status, queue, created, payload) VALUES ('queued', 'a', 1, 'p'), ('done', 'b', 2, 'q');
        """
    private var dir: TemporaryDirectory!
    private var inspector: SQLiteInspector!
    private var path = ""

    override func setUpWithError() throws {
        dir = try TemporaryDirectory(prefix: "sqlite")
        path = dir.path("plan.db")
        try SQLiteFixture.create(path, sql: Self.schema)
        inspector = try SQLiteInspector(path: path)
    }

    private func nodes(_ sql: String) throws -> [PlanNode] { try inspector.explain(sql, analyze: false).nodes }

    func testAliasesResolveToTheRealTable() throws {
        let plan = try inspector.explain("SELECT * FROM job AS j JOIN \"odd \"\"tab\"\" é\" o ON o.x = j.created", analyze: false)
        XCTAssertEqual(plan.nodes.map(\.detail), ["SCAN j", "SEARCH o USING AUTOMATIC COVERING INDEX (x=?)"])
        XCTAssertEqual(plan.nodes.map(\.relation), ["job", "odd \"tab\" é"])
        XCTAssertEqual(plan.nodes.map(\.kind), [.fullScan, .automaticIndex])
        XCTAssertEqual(plan.fullScans, ["job"])
        XCTAssertEqual(plan.engine, .sqlite)
        XCTAssertFalse(plan.analyzed)
    }

    func testAnAliasNamedLikeAnotherTableStillResolves() throws {
        let node = try XCTUnwrap(try nodes("SELECT * FROM job kv WHERE kv.payload = 'x'").first)
        XCTAssertEqual(node.detail, "SCAN kv")
        XCTAssertEqual(node.relation, "job")
    }

    func testIndexesAndLookupsAreNamed() throws {
        let search = try nodes("SELECT * FROM job AS x WHERE x.status = 'queued'")
        XCTAssertEqual(search.map(\.kind), [.indexSearch])
        XCTAssertEqual(search.first?.index, "job_status")
        XCTAssertEqual(search.first?.relation, "job")

        let covering = try nodes("SELECT queue FROM job AS z ORDER BY queue, created")
        XCTAssertEqual(covering.first?.kind, .indexFullScan)
        XCTAssertEqual(covering.first?.index, "by queue")

        XCTAssertEqual(try nodes("SELECT * FROM job WHERE id = 3").map(\.kind), [.rowidLookup])
        let primaryKey = try nodes("SELECT * FROM kv AS a WHERE a.k = 'x'")
        XCTAssertEqual(primaryKey.map(\.kind), [.rowidLookup])
        XCTAssertEqual(primaryKey.first?.relation, "kv")
    }

    func testTempBTreeSubqueriesAndCTEs() throws {
        let sorted = try nodes("SELECT * FROM job ORDER BY payload")
        XCTAssertEqual(sorted.map(\.kind), [.fullScan, .tempBTree])

        let cte = try inspector.explain("WITH c AS MATERIALIZED (SELECT payload FROM job) SELECT * FROM c", analyze: false)
        XCTAssertEqual(cte.fullScans, ["job"], "the CTE itself is no table: \(cte.nodes.map(\.detail))")
        XCTAssertEqual(cte.nodes.first { $0.detail == "SCAN c" }?.kind, .other)
        let tree = cte.nodes.first { $0.detail == "SCAN job" }
        XCTAssertNotEqual(tree?.parent, 0, "parent ids come straight from EQP")

        let view = try inspector.explain("SELECT * FROM busy", analyze: false)
        XCTAssertEqual(view.fullScans, ["job"], "the view's own alias q: \(view.nodes.map(\.detail))")
    }

    func testStatementsAreNeverExecuted() throws {
        _ = try inspector.explain("DELETE FROM job", analyze: true)
        _ = try inspector.explain("INSERT INTO kv VALUES ('k', 'v')", analyze: false)
        XCTAssertEqual(try SQLiteFixture.rows(path, "SELECT count(*) FROM job"), [["2"]])
        XCTAssertEqual(try SQLiteFixture.rows(path, "SELECT count(*) FROM kv"), [["0"]])
    }

    func testSyntaxErrorsCarrySQLitesMessage() {
        XCTAssertThrowsError(try inspector.explain("SELEC * FROM job", analyze: false)) { error in
            XCTAssertEqual(error as? IdxScopeError, IdxScopeError(.statement, "near \"SELEC\": syntax error", code: "1"))
            XCTAssertEqual((error as? IdxScopeError)?.exitCode, 1)
        }
        XCTAssertThrowsError(try inspector.explain("SELECT * FROM nowhere", analyze: false)) { error in
            XCTAssertEqual((error as? IdxScopeError)?.message, "no such table: nowhere")
        }
    }

    func testSeveralStatementsAreRefused() {
        for input in ["SELECT 1; SELECT 2", "SELECT 1; DROP TABLE job", "SELECT 1; garbage here"] {
            XCTAssertThrowsError(try inspector.explain(input, analyze: false), input) { error in
                XCTAssertEqual((error as? IdxScopeError)?.message, "several statements: explain one at a time", input)
                XCTAssertEqual((error as? IdxScopeError)?.kind, .statement, input)
            }
        }
    }

    func testTrailingSemicolonsAndCommentsAreOneStatement() throws {
        let plan = try inspector.explain("-- dashboard\nSELECT * FROM job; -- done\n /* end */ ;\n", analyze: false)
        XCTAssertEqual(plan.fullScans, ["job"])
        XCTAssertThrowsError(try inspector.explain("  -- nothing\n", analyze: false)) { error in
            XCTAssertEqual((error as? IdxScopeError)?.kind, .statement)
        }
        let wrapped = try inspector.explain("/* plan */ explain query plan SELECT * FROM job AS w", analyze: false)
        XCTAssertEqual(wrapped.fullScans, ["job"])
        XCTAssertThrowsError(try inspector.explain("EXPLAIN SELECT * FROM job", analyze: false)) { error in
            XCTAssertEqual((error as? IdxScopeError)?.kind, .statement)
        }
    }
}
