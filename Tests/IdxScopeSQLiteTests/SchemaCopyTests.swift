import CSQLite
import Foundation
import IdxScopeCore
@testable import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

/// The advisor's in-memory schema copy plans as the file does: same tables, indexes, views and
/// `sqlite_stat1`, so a plan that depends on the statistics comes out the same.
final class SchemaCopyTests: XCTestCase {
    private var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory(prefix: "schema-copy")
        try SQLiteFixture.create(dir.path("app.db"), sql: """
            CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b INT, c TEXT);
            CREATE INDEX t_a ON t(a);
            CREATE INDEX t_b ON t(b);
            CREATE TABLE "odd name"(x INT, y INT);
            CREATE INDEX "odd idx" ON "odd name"(x);
            CREATE VIEW v AS SELECT a, count(*) AS n FROM t GROUP BY a;
            CREATE VIRTUAL TABLE docs USING fts5(body);
            ANALYZE;
            DELETE FROM sqlite_stat1;
            -- a: 2 distinct values (useless); b: unique. Only the statistics tell them apart.
            INSERT INTO sqlite_stat1 VALUES ('t', 't_a', '100000 50000'), ('t', 't_b', '100000 1'),
                                            ('odd name', 'odd idx', '50 25');
            """)
    }

    private func planOnFile(_ sql: String) throws -> [String] {
        let inspector = try SQLiteInspector(path: dir.path("app.db"))
        return WhatIfPlan.lines(of: try inspector.explain(sql, analyze: false))
    }

    func testPlansInTheCopyAreThePlansOfTheFile() throws {
        let inspector = try SQLiteInspector(path: dir.path("app.db"))
        let planner = try XCTUnwrap(try inspector.whatIfPlanner() as? SQLiteWhatIfPlanner)
        XCTAssertTrue(planner.skippedObjects.isEmpty && planner.notes.isEmpty, "\(planner.skippedObjects)")
        let statements = [
            "SELECT * FROM t WHERE a = 1 AND b = 2",
            "SELECT * FROM t WHERE a = 1 AND b > 2 ORDER BY c",
            "SELECT * FROM \"odd name\" WHERE x = 3 AND y = 4",
            "SELECT * FROM v WHERE n > 3",
            "SELECT * FROM docs WHERE docs MATCH 'x'",
            "UPDATE t SET c = 'x' WHERE b = 9",
        ]
        for statement in statements {
            let copy = try planner.plan(WorkloadStatement(text: statement), with: [])
            XCTAssertEqual(copy.lines, try planOnFile(statement), statement)
        }
        let statsDecide = try planner.plan(WorkloadStatement(text: statements[0]), with: [])
        XCTAssertTrue(statsDecide.lines.joined().contains("t_b"), "sqlite_stat1 makes b the index to use: \(statsDecide.lines)")
    }

    /// A virtual table whose module this SQLite lacks cannot be recreated: a note, not a failure.
    func testAnObjectTheCopyCannotMakeIsANote() throws {
        let db = try SQLiteFixture.open(dir.path("app.db"))
        try SQLiteFixture.exec(db, "PRAGMA writable_schema = ON; INSERT INTO sqlite_schema VALUES ('table', 'ext', 'ext', 0, "
                               + "'CREATE VIRTUAL TABLE ext USING app_only_module(a)'); PRAGMA writable_schema = OFF;")
        sqlite3_close(db)
        let planner = try XCTUnwrap(try SQLiteInspector(path: dir.path("app.db")).whatIfPlanner() as? SQLiteWhatIfPlanner)
        XCTAssertEqual(planner.skippedObjects.count, 1, "\(planner.skippedObjects)")
        XCTAssertTrue(planner.notes.first?.contains("no such module: app_only_module") ?? false, "\(planner.notes)")
        let plan = try planner.plan(WorkloadStatement(text: "SELECT * FROM t WHERE b = 1"), with: [])
        XCTAssertEqual(plan.indexesUsed, ["t_b"])
        let advice = try Advisor().advise([WorkloadStatement(text: "SELECT * FROM t WHERE c = 'x'")], planner: planner, existing: [])
        XCTAssertEqual(advice.notes, planner.notes)
    }

    func testCandidatesLiveOnlyInTheCopy() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: dir.path("app.db")))
        let inspector = try SQLiteInspector(path: dir.path("app.db"))
        let planner = try inspector.whatIfPlanner()
        let candidate = IndexCandidate(schema: "main", table: "t", keys: [.column("c")])
        let plan = try planner.plan(WorkloadStatement(text: "SELECT * FROM t WHERE c = 'x'"), with: [candidate])
        XCTAssertEqual(plan.candidatesUsed, [0])
        XCTAssertTrue(plan.lines.joined().contains("t_c_idx"), "shown under its proposed name: \(plan.lines)")
        planner.finish()
        XCTAssertEqual(try planOnFile("SELECT * FROM t WHERE c = 'x'"), ["SCAN t"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir.path("app.db"))), before)
        let without = try planner.planWithout(index: IndexID(schema: "main", name: "t_b"),
                                              statement: WorkloadStatement(text: "SELECT * FROM t WHERE a = 1 AND b = 2"))
        XCTAssertEqual(without, ["SEARCH t USING INDEX t_a (a=?)"])
        // Restored afterwards: the next plan reads t_b again.
        XCTAssertTrue(try planner.plan(WorkloadStatement(text: "SELECT * FROM t WHERE a = 1 AND b = 2"), with: []).lines.joined().contains("t_b"))
    }
}
