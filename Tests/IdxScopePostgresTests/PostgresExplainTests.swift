import Foundation
import IdxScopeCore
import IdxScopePostgres
import XCTest

/// EXPLAIN on a real server: kinds, rolled-back ANALYZE, generic plans, refusals, cancel.
final class PostgresExplainTests: XCTestCase {
    private var schema: ScratchSchema!
    private var inspector: PostgresInspector!

    override func setUpWithError() throws {
        schema = try ScratchSchema()
        try schema.admin.execute("""
            SET search_path = \(schema.quoted);
            CREATE TABLE job (id int PRIMARY KEY, status text, owner int);
            INSERT INTO job SELECT g, CASE WHEN g % 100 = 0 THEN 'done' ELSE 'new' END, g % 50
              FROM generate_series(1, 20000) AS g;
            CREATE INDEX job_status ON job (status);
            ANALYZE job;
            """)
        inspector = try PostgresInspector(conninfo: schema.uri)
    }

    override func tearDown() {
        inspector = nil
        schema?.drop()
    }

    private var job: String { "\(schema.quoted).job" }

    private func rowCount() throws -> String? { try schema.admin.scalar("SELECT count(*) FROM \(job)") }

    func testSeqScanIsAFullScanAndAnIndexConditionASearch() throws {
        let full = try inspector.explain("SELECT * FROM \(job) j WHERE owner = 7", analyze: false)
        XCTAssertEqual(full.fullScans, ["job"])
        XCTAssertEqual(full.nodes.first { $0.kind == .fullScan }?.detail, "Seq Scan on job j")
        XCTAssertFalse(full.analyzed)
        XCTAssertNil(full.nodes[0].actualRows)

        let search = try inspector.explain("SELECT * FROM \(job) WHERE id = 42", analyze: false)
        XCTAssertEqual(search.fullScans, [])
        XCTAssertEqual(search.indexesUsed, ["job_pkey"])
        XCTAssertEqual(search.nodes.first { $0.index == "job_pkey" }?.kind, .indexSearch)
        XCTAssertEqual(search.nodes.first?.extra.first, "Index Cond: (id = 42)")
    }

    /// 400 nested scalar subqueries: the server returns a plan 400 levels deep (JSON nested 800
    /// deep), past JSONSerialization's limit; every level is read, planned and analyzed.
    func testPlanDeeperThanJSONSerializationReads() throws {
        var sql = "SELECT count(*) FROM \(job) WHERE owner = 7"
        for _ in 0..<400 { sql = "SELECT (\(sql))" }
        for analyze in [false, true] {
            let plan = try inspector.explain(sql, analyze: analyze)
            XCTAssertGreaterThan(plan.depths().max() ?? 0, 300, "analyze \(analyze)")
            XCTAssertEqual(plan.fullScans, ["job"], "analyze \(analyze)")
        }
    }

    func testAnalyzeReportsActualRowsTimesAndBuffers() throws {
        let plan = try inspector.explain("SELECT * FROM \(job) WHERE status = 'done'", analyze: true)
        XCTAssertTrue(plan.analyzed)
        XCTAssertNotNil(plan.executionMs)
        XCTAssertNotNil(plan.planningMs)
        XCTAssertEqual(plan.nodes.first?.actualRows, 200)
        XCTAssertTrue(plan.nodes.contains { $0.extra.contains { $0.hasPrefix("Buffers: shared hit=") } }, "\(plan.nodes)")
        XCTAssertTrue(plan.indexesUsed.contains("job_status"), "\(plan.nodes)")
    }

    func testAnalyzeOfADeleteLeavesEveryRow() throws {
        let plan = try inspector.explain("DELETE FROM \(job) WHERE id > 100", analyze: true)
        XCTAssertEqual(plan.nodes.first?.detail, "Delete on job")
        XCTAssertEqual(plan.nodes.last?.actualRows, 19900, "the DELETE did run: \(plan.nodes)")
        XCTAssertEqual(try rowCount(), "20000")
        // The same for an INSERT and an UPDATE; and the session stays usable.
        _ = try inspector.explain("INSERT INTO \(job) SELECT g + 100000, 'x', 0 FROM generate_series(1, 10) g", analyze: true)
        _ = try inspector.explain("UPDATE \(job) SET status = 'gone'", analyze: true)
        XCTAssertEqual(try rowCount(), "20000")
        XCTAssertEqual(try schema.admin.scalar("SELECT count(*) FROM \(job) WHERE status = 'gone' OR id > 100000"), "0")
        XCTAssertEqual(try inspector.loadCatalog().indexes(inSchema: schema.name).count, 2)
    }

    func testAnalyzeOfASelectRunsReadOnlySoSequencesAndFunctionsCannotWrite() throws {
        try schema.admin.execute("""
            CREATE SEQUENCE \(schema.quoted).s1;
            SELECT setval('\(schema.quoted).s1', 7);
            CREATE FUNCTION \(schema.quoted).sneaky() RETURNS int LANGUAGE sql AS 'INSERT INTO \(job) VALUES (-1) RETURNING 1';
            """)
        let refused = ["SELECT setval('\(schema.quoted).s1', 424242)", "SELECT nextval('\(schema.quoted).s1')",
                       "SELECT \(schema.quoted).sneaky()", "SELECT setval('\(schema.quoted).s1', 424242 + coalesce($1::int, 0))"]
        for sql in refused {
            XCTAssertThrowsError(try inspector.explain(sql, analyze: true), sql) { error in
                let error = error as? IdxScopeError
                XCTAssertEqual(error?.kind, .statement, "\(sql): \(String(describing: error))")
                XCTAssertEqual(error?.exitCode, 1)
                let message = error?.message ?? ""
                XCTAssertTrue(message.contains("read-only") || message.contains("would survive the rollback"), message)
                XCTAssertFalse(error?.message.contains("\n") ?? true)
            }
        }
        XCTAssertEqual(try schema.admin.scalar("SELECT last_value FROM \(schema.quoted).s1"), "7", "the sequence did not move")
        XCTAssertEqual(try rowCount(), "20000")
        // Plain EXPLAIN of the same statement still works (it does not execute).
        XCTAssertEqual(try inspector.explain(refused[0], analyze: false).nodes.count, 1)
    }

    private func assertAnalyzeRefused(_ sql: String, saying expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try inspector.explain(sql, analyze: true), sql, file: file, line: line) { error in
            let error = error as? IdxScopeError
            XCTAssertEqual(error?.kind, .statement, sql, file: file, line: line)
            XCTAssertTrue(error?.message.contains(expected) ?? false, "\(sql): \(String(describing: error))", file: file, line: line)
        }
    }

    /// The bypass: a dummy writable CTE made the whole statement run read-write, and
    /// setval's move survived the rollback. Now non-transactional calls never run, wherever they sit.
    func testNonTransactionalCallsAreRefusedEvenBesideAWrite() throws {
        let s = "\(schema.quoted).s2"
        try schema.admin.execute("""
            CREATE SEQUENCE \(s); SELECT setval('\(s)', 5);
            CREATE VIEW \(schema.quoted).v_next AS SELECT nextval('\(s)') AS n;
            """)
        let dummy = "WITH d AS (DELETE FROM \(job) WHERE false RETURNING 1) "
        assertAnalyzeRefused(dummy + "SELECT setval('\(s)', 999999)", saying: "call setval()")
        assertAnalyzeRefused(dummy + "SELECT nextval('\(s)')", saying: "call nextval()")
        assertAnalyzeRefused(dummy + "SELECT * FROM \(schema.quoted).v_next", saying: "call nextval()")  // hidden in a view
        assertAnalyzeRefused(dummy + "SELECT pg_catalog.\"setval\"('\(s)', 999999)", saying: "call setval()")
        assertAnalyzeRefused("SELECT pg_stat_reset()", saying: "call pg_stat_reset()")  // the server allows it read-only
        assertAnalyzeRefused("SELECT pg_stat_reset_single_table_counters('\(job)'::regclass)", saying: "call pg_stat_reset_single_table_counters()")
        assertAnalyzeRefused("SELECT pg_advisory_lock(42)", saying: "call pg_advisory_lock()")  // a session lock outlives the rollback
        assertAnalyzeRefused("SELECT * FROM \(job) WHERE id = (SELECT pg_try_advisory_lock(43)::int)", saying: "call pg_try_advisory_lock()")
        assertAnalyzeRefused("INSERT INTO \(job) VALUES (nextval('\(s)'), 'x', 1)", saying: "call nextval()")
        XCTAssertEqual(try schema.admin.scalar("SELECT last_value FROM \(s)"), "5", "the sequence did not move")
        XCTAssertEqual(try schema.admin.scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), "0")
        XCTAssertEqual(try rowCount(), "20000")
        // A lock for the transaction only ends with the rollback: allowed.
        XCTAssertTrue(try inspector.explain("SELECT pg_advisory_xact_lock(44)", analyze: true).analyzed)
        // Plain explain never runs anything: still shown.
        XCTAssertFalse(try inspector.explain(dummy + "SELECT setval('\(s)', 999999)", analyze: false).nodes.isEmpty)
    }

    /// Read-write, code idxscope cannot see (a volatile function outside pg_catalog, a trigger) is not run.
    func testReadWriteAnalyzeRefusesUnseenFunctionsAndTriggers() throws {
        try schema.admin.execute("""
            SET search_path = \(schema.quoted);
            CREATE SEQUENCE s3; SELECT setval('s3', 9);
            CREATE FUNCTION bump() RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN RETURN setval('\(schema.quoted).s3', 777); END $$;
            CREATE TABLE audited (id serial PRIMARY KEY, note text);
            CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM setval('\(schema.quoted).s3', 888); RETURN NEW; END $$;
            CREATE TRIGGER audited_bump BEFORE INSERT ON audited FOR EACH ROW EXECUTE FUNCTION audit();
            """)
        let dummy = "WITH d AS (DELETE FROM \(job) WHERE false RETURNING 1) "
        // A SQL function is inlined into the plan, so its setval is seen and refused by name;
        // a PL/pgSQL body is not: the function itself is refused.
        assertAnalyzeRefused(dummy + "SELECT \(schema.quoted).bump()", saying: ".bump() read-write")
        assertAnalyzeRefused("INSERT INTO \(schema.quoted).audited (note) VALUES ('x')", saying: "runs trigger audited_bump on ")
        XCTAssertEqual(try schema.admin.scalar("SELECT last_value FROM \(schema.quoted).s3"), "9", "the sequence did not move")
        XCTAssertEqual(try schema.admin.scalar("SELECT count(*) FROM \(schema.quoted).audited"), "0")
        // An INSERT whose serial default calls nextval still runs (and is rolled back).
        try schema.admin.execute("DROP TRIGGER audited_bump ON \(schema.quoted).audited")
        let insert = try inspector.explain("INSERT INTO \(schema.quoted).audited (note) VALUES ('x')", analyze: true)
        XCTAssertTrue(insert.analyzed)
        XCTAssertEqual(try schema.admin.scalar("SELECT count(*) FROM \(schema.quoted).audited"), "0")
    }

    func testAnalyzeOfADeleteInsideWithStillRunsAndIsRolledBack() throws {
        let plan = try inspector.explain("WITH gone AS (DELETE FROM \(job) WHERE id <= 500 RETURNING id) SELECT count(*) FROM gone",
                                         analyze: true)
        XCTAssertTrue(plan.analyzed)
        XCTAssertTrue(plan.nodes.contains { $0.detail == "[CTE gone] Delete on job" }, "\(plan.nodes)")
        XCTAssertEqual(try rowCount(), "20000")
    }

    func testPlainExplainOfADeleteDoesNotRunIt() throws {
        let plan = try inspector.explain("DELETE FROM \(job)", analyze: false)
        XCTAssertEqual(plan.fullScans, ["job"])
        XCTAssertEqual(try rowCount(), "20000")
    }

    func testParametersArePlannedGenerically() throws {
        let sql = "SELECT * FROM \(job) WHERE id = $1 AND status = $2"
        let plan = try inspector.explain(sql, analyze: false)
        XCTAssertEqual(plan.query, sql)
        XCTAssertEqual(plan.fullScans, [])
        XCTAssertTrue(plan.indexesUsed.contains("job_pkey"), "\(plan.nodes)")
        XCTAssertTrue(plan.nodes.contains { $0.extra.contains("Index Cond: (id = $1)") }, "generic plan keeps $1: \(plan.nodes)")
        // Twice in a row: the prepared statement was deallocated. With ANALYZE too.
        _ = try inspector.explain(sql, analyze: false)
        let analyzed = try inspector.explain("DELETE FROM \(job) WHERE owner = $1", analyze: true)
        XCTAssertTrue(analyzed.analyzed)
        XCTAssertEqual(try rowCount(), "20000")
    }

    func testAFailedGenericPlanLeavesNothingPrepared() throws {
        // Prepares fine, fails when planned (constant folding divides by zero).
        let failing = "SELECT * FROM \(job) WHERE id = $1 AND 1 / 0 = 1"
        for _ in 1...2 {
            XCTAssertThrowsError(try inspector.explain(failing, analyze: false)) { error in
                XCTAssertEqual((error as? IdxScopeError)?.message, "division by zero")
            }
        }
        XCTAssertEqual(try inspector.explain("SELECT * FROM \(job) WHERE id = $1", analyze: true).indexesUsed, ["job_pkey"])
    }

    func testSeveralStatementsAreRefusedAndNothingRuns() throws {
        for sql in ["SELECT 1; DELETE FROM \(job)", "DELETE FROM \(job); SELECT 1", "SELECT 1;;SELECT 2 -- two"] {
            XCTAssertThrowsError(try inspector.explain(sql, analyze: true), sql) { error in
                XCTAssertEqual((error as? IdxScopeError)?.kind, .statement)
                XCTAssertTrue((error as? IdxScopeError)?.message.contains("several statements") == true, "\(error)")
            }
        }
        XCTAssertEqual(try rowCount(), "20000")
        // Semicolons inside quotes, dollar quotes and comments are not statement ends.
        let one = "SELECT ';' AS a, $$;$$ AS b, \"x;y\".id FROM \(job) AS \"x;y\" /* ; */ WHERE id = 1; -- ;"
        XCTAssertEqual(try inspector.explain(one, analyze: false).indexesUsed, ["job_pkey"])
    }

    func testSQLErrorsAreOneLineStatementErrors() throws {
        for sql in ["SELEC 1", "SELECT * FROM \(schema.quoted).no_such_table", "   ", "SELECT * FROM \(job) WHERE id = $1 + 'x'",
                    "SELECT 1 /* unterminated", "SELECT 1 -- fine\n /* open"] {
            XCTAssertThrowsError(try inspector.explain(sql, analyze: false), sql) { error in
                let error = error as? IdxScopeError
                XCTAssertEqual(error?.kind, .statement, "\(sql): \(String(describing: error))")
                XCTAssertEqual(error?.exitCode, 1)
                XCTAssertFalse(error?.message.contains("\n") ?? true)
            }
        }
        // After failures the session works (every transaction was rolled back).
        XCTAssertEqual(try inspector.explain("SELECT 1", analyze: true).nodes.first?.actualRows, 1)
    }

    func testCancelStopsARunningAnalyzeWithinSeconds() throws {
        let inspector = self.inspector!
        let finished = expectation(description: "explain returned")
        final class Outcome: @unchecked Sendable { var error: Error? }  // written before `finished` is fulfilled
        let outcome = Outcome()
        let started = Date()
        Thread.detachNewThread {
            do { _ = try inspector.explain("SELECT pg_sleep(30)", analyze: true) } catch { outcome.error = error }
            finished.fulfill()
        }
        // Cancel once the server shows the statement running (deadline 10 s).
        let observer = try AdminConnection(schema.uri)
        let deadline = Date().addingTimeInterval(10)
        var state: String?
        repeat {
            state = try observer.scalar("SELECT state FROM pg_stat_activity WHERE application_name = 'idxscope' AND query LIKE '%pg_sleep(30)%'")
            if state == "active" { break }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        XCTAssertEqual(state, "active", "the sleeping statement never showed up in pg_stat_activity")
        inspector.cancel()
        wait(for: [finished], timeout: 10)
        XCTAssertEqual((outcome.error as? IdxScopeError)?.kind, .cancelled, "\(String(describing: outcome.error))")
        XCTAssertLessThan(Date().timeIntervalSince(started), 12)
        XCTAssertEqual(try inspector.explain("SELECT 1", analyze: false).nodes.count, 1, "usable after a cancel")
    }
}
