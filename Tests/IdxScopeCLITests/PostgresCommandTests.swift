import Foundation
import IdxScopeTestSupport
import XCTest

/// The command-line contract against the real PostgreSQL 15 that scripts/test.sh starts.
final class PostgresCommandTests: XCTestCase {
    private var uri: String!
    private let schema = "cli_\(UInt32.random(in: 0...UInt32.max))"

    override func setUpWithError() throws {
        uri = try TestPostgres.uri()
        try psql("""
            CREATE SCHEMA \(schema);
            CREATE TABLE \(schema).job(id bigserial PRIMARY KEY, status text, owner text);
            INSERT INTO \(schema).job(status, owner) SELECT 'done', 'o' || g FROM generate_series(1, 2000) g;
            CREATE INDEX idx_job_status ON \(schema).job(status);
            ANALYZE \(schema).job;
            """)
    }

    override func tearDownWithError() throws {
        if uri != nil { try? psql("DROP SCHEMA \(schema) CASCADE") }
    }

    private func psql(_ sql: String) throws {
        let result = try ProcessRunner.run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", uri, "-c", sql])
        XCTAssertEqual(result.status, 0, result.describe)
    }

    func testIndexesJSON() throws {
        let result = try ProcessRunner.idxscope(["indexes", uri, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.describe)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["engine"] as? String, "postgresql")
        XCTAssertNotNil(report["stats_since"] as? String, "PostgreSQL reports when its counters began")
        let indexes = try XCTUnwrap(report["indexes"] as? [[String: Any]])
        let status = try XCTUnwrap(indexes.first { ($0["schema"] as? String) == schema && ($0["name"] as? String) == "idx_job_status" })
        XCTAssertEqual(status["columns"] as? [String], ["status"])
        XCTAssertNotNil(status["scans"] as? Int)
        XCTAssertNotNil(status["size_bytes"] as? Int)
        let pkey = try XCTUnwrap(indexes.first { ($0["schema"] as? String) == schema && ($0["name"] as? String) == "job_pkey" })
        XCTAssertEqual(pkey["constraint"] as? String, "primary_key")
    }

    /// `column_details` as the server defines the columns; `foreign_keys` as objects.
    func testIndexesJSONColumnDetailsAndForeignKeys() throws {
        try psql("""
            CREATE TABLE \(schema).attempt(id int PRIMARY KEY, job_id bigint REFERENCES \(schema).job(id), note text);
            CREATE INDEX attempt_job ON \(schema).attempt(job_id);
            CREATE INDEX attempt_note ON \(schema).attempt(note text_pattern_ops DESC NULLS LAST, (lower(note)) COLLATE "C", id NULLS FIRST);
            """)
        let result = try ProcessRunner.idxscope(["indexes", uri, "--format", "json", "--table", "\(schema).attempt"])
        XCTAssertEqual(result.status, 0, result.describe)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let indexes = try XCTUnwrap(report["indexes"] as? [[String: Any]])
        let note = try XCTUnwrap(indexes.first { ($0["name"] as? String) == "attempt_note" }, result.stdout)
        XCTAssertEqual(note["columns"] as? [String], ["note", "lower(note)", "id"])
        let details = try XCTUnwrap(note["column_details"] as? [[String: Any]], result.stdout)
        XCTAssertEqual(details.map { $0["name"] as? String }, ["note", "lower(note)", "id"])
        XCTAssertEqual(details.map { $0["descending"] as? Bool }, [true, false, false])
        XCTAssertEqual(details.map { $0["opclass"] as? String }, ["text_pattern_ops", nil, nil])
        XCTAssertEqual(details.map { $0["collation"] as? String }, [nil, "C", nil])
        XCTAssertEqual(details.map { $0["nulls_first"] as? Bool }, [false, false, true])
        XCTAssertEqual(details.map { $0["expression"] as? Bool }, [false, true, false])

        let job = try XCTUnwrap(indexes.first { ($0["name"] as? String) == "attempt_job" }, result.stdout)
        let keys = try XCTUnwrap(job["foreign_keys"] as? [[String: Any]], result.stdout)
        XCTAssertEqual(keys.count, 1, result.stdout)
        XCTAssertEqual(keys.first?["name"] as? String, "attempt_job_id_fkey")
        XCTAssertEqual(keys.first?["columns"] as? [String], ["job_id"])
        XCTAssertEqual(keys.first?["referenced_table"] as? String, "\(schema).job")
        XCTAssertEqual(keys.first?["referenced_columns"] as? [String], ["id"])
        XCTAssertEqual(job["foreign_key_names"] as? [String], ["attempt_job_id_fkey"])
    }

    func testExplainAnalyzeOfDeleteKeepsRowsAndCheckFails() throws {
        let explain = try ProcessRunner.idxscope(["explain", uri, "DELETE FROM \(schema).job WHERE owner = 'o7'", "--analyze", "--format", "json"])
        XCTAssertEqual(explain.status, 0, explain.describe)
        let plan = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(explain.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(plan["full_scans"] as? [String], ["job"])
        let count = try ProcessRunner.run("psql", ["-X", "-At", uri, "-c", "SELECT count(*) FROM \(schema).job"])
        XCTAssertEqual(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "2000", "ANALYZE must roll back")

        let check = try ProcessRunner.idxscope(["check", uri, "--queries", "-"],
                                               stdin: "SELECT * FROM \(schema).job WHERE status = 'x';\nSELECT * FROM \(schema).job WHERE owner = 'x';\n")
        XCTAssertEqual(check.status, 1, check.describe)
        XCTAssertTrue(check.stdout.contains("-:2"), check.stdout)
    }

    func testCheckSkipsWhatCannotBePlannedAndAppliesSettings() throws {
        let script = """
            BEGIN;
            CREATE TABLE \(schema).other(id int);
            DO $$BEGIN PERFORM 1; END$$;
            SELECT * FROM \(schema).job WHERE status = 'done';
            SET enable_seqscan = off;
            SELECT * FROM \(schema).job WHERE status = 'done';
            RESET enable_seqscan;
            SELECT * FROM \(schema).job WHERE status = 'done';
            COMMIT;
            """
        let result = try ProcessRunner.idxscope(["check", uri, "--queries", "-", "--format", "json"], stdin: script)
        XCTAssertEqual(result.status, 1, result.describe)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.describe)
        let rows = try XCTUnwrap(report["results"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["skipped"] as? Bool }, [true, true, true, false, true, false, true, false, true], result.stdout)
        XCTAssertEqual(rows.map { $0["ok"] as? Bool }, [true, true, true, false, true, true, true, false, true], result.stdout)
        // With enable_seqscan off the planner reads the table through an index; after RESET it scans again.
        XCTAssertEqual(rows[3]["full_scans"] as? [String], ["job"])
        XCTAssertEqual(rows[5]["full_scans"] as? [String], [], result.stdout)
        XCTAssertEqual(rows[7]["full_scans"] as? [String], ["job"])
        XCTAssertEqual(rows[4]["note"] as? String, "not planned: SET applies to the statements after it")
        XCTAssertEqual(rows[2]["note"] as? String, "not planned: EXPLAIN cannot plan DO")
        XCTAssertEqual(report["failed"] as? Int, 2)
        // Nothing ran: the CREATE TABLE was skipped, not executed.
        let exists = try ProcessRunner.run("psql", ["-X", "-At", uri, "-c", "SELECT to_regclass('\(schema).other') IS NULL"])
        XCTAssertEqual(exists.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "t")
        let text = try ProcessRunner.idxscope(["check", uri, "--queries", "-"], stdin: script)
        XCTAssertTrue(text.stdout.contains("skip   -:1  BEGIN\n       not planned: EXPLAIN cannot plan BEGIN"), text.stdout)
        XCTAssertTrue(text.stdout.hasSuffix("1 passed, 2 failed, 6 skipped (not plannable)\n"), text.stdout)
    }

    func testCheckSyntaxErrorsStillFailAndPositionsSkipLeadingComments() throws {
        let script = "SELEC 1;\n-- calls: 10\n/* hot path */\nSELECT nosuchcol FROM \(schema).job;\n"
        let result = try ProcessRunner.idxscope(["check", uri, "--queries", "-"], stdin: script)
        XCTAssertEqual(result.status, 1, result.describe)
        XCTAssertTrue(result.stdout.contains("ERROR  -:1  SELEC 1\n       syntax error at or near \"SELEC\""), result.stdout)
        XCTAssertTrue(result.stdout.contains("ERROR  -:4  SELECT nosuchcol FROM"), result.stdout)
        XCTAssertTrue(result.stdout.contains("column \"nosuchcol\" does not exist (at character 8 of the statement)"), result.stdout)
    }

    func testWrongPasswordAndUnreachablePortAreOneLineWithoutPassword() throws {
        let url = URL(string: uri)!
        let port = url.port ?? 5432
        let secret = "wrong-Secret-42"
        let start = Date()
        var result = try ProcessRunner.idxscope(["indexes", "postgresql://idxscope_pw:\(secret)@127.0.0.1:\(port)/postgres"], timeout: 20)
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertFalse(result.stderr.contains(secret) || result.stdout.contains(secret), result.describe)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.describe)
        XCTAssertTrue(result.stderr.hasPrefix("idxscope: "), result.describe)

        result = try ProcessRunner.idxscope(["indexes", "host=127.0.0.1 port=1 dbname=postgres user=postgres password=\(secret) connect_timeout=3"], timeout: 20)
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertFalse(result.stderr.contains(secret), result.describe)
        XCTAssertLessThan(Date().timeIntervalSince(start), 15)

        result = try ProcessRunner.idxscope(["indexes", "postgresql://postgres@127.0.0.1:\(port)/no_such_database_xyz"], timeout: 20)
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertTrue(result.stderr.contains("no_such_database_xyz"), result.describe)
    }

    func testQueriesListsStatements() throws {
        let result = try ProcessRunner.idxscope(["queries", uri, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.describe)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let byTotal = try XCTUnwrap(report["by_total_time"] as? [[String: Any]], result.stdout)
        XCTAssertFalse(byTotal.isEmpty, "setUp's statements are recorded by pg_stat_statements")
        // query_id is a string holding the exact 64-bit id (a JSON number past 2^53 gets rounded).
        let ids = try ProcessRunner.run("psql", ["-X", "-At", uri, "-c", "SELECT queryid FROM pg_stat_statements WHERE queryid IS NOT NULL"])
        let known = Set(ids.stdout.split(separator: "\n").map(String.init))
        for item in byTotal {
            let id = try XCTUnwrap(item["query_id"] as? String, "\(item)")
            XCTAssertTrue(known.contains(id), "\(id) is one of pg_stat_statements' ids, digit for digit")
        }
    }

    /// Each node carries its conditions, costs and ANALYZE's measurements, and the server's own
    /// JSON plan comes along unchanged.
    func testExplainJSONCarriesConditionsCostsBuffersAndTheRawPlan() throws {
        let sql = "SELECT status, count(*) FROM \(schema).job WHERE id < 500 AND owner <> 'x' GROUP BY status ORDER BY 2 DESC"
        let result = try ProcessRunner.idxscope(["explain", uri, sql, "--analyze", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.describe)
        let plan = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let nodes = try XCTUnwrap(plan["nodes"] as? [[String: Any]])
        for node in nodes {
            for field in ["index_condition", "recheck_condition", "filter", "join_condition", "join_filter", "tid_condition", "sort_key",
                          "group_key", "startup_cost", "total_cost", "actual_startup_ms", "actual_total_ms", "actual_loops", "buffers"] {
                XCTAssertTrue(node.keys.contains(field), "\(field) in \(node)")
            }
            XCTAssertNotNil(node["total_cost"] as? Double ?? (node["total_cost"] as? Int).map(Double.init), "\(node)")
            XCTAssertNotNil(node["actual_loops"] as? Int, "\(node)")
        }
        let scan = try XCTUnwrap(nodes.first { ($0["relation"] as? String) == "job" }, "\(nodes)")
        XCTAssertNotNil((scan["index_condition"] as? String) ?? (scan["recheck_condition"] as? String), "\(scan)")
        XCTAssertEqual(scan["filter"] as? String, "(owner <> 'x'::text)")
        XCTAssertNotNil((scan["buffers"] as? [String: Any])?["shared_hit"], "\(scan)")
        XCTAssertTrue(nodes.contains { ($0["sort_key"] as? [String])?.isEmpty == false }, "\(nodes)")
        XCTAssertTrue(nodes.contains { ($0["group_key"] as? [String]) == ["job.status"] || ($0["group_key"] as? [String]) == ["status"] },
                      "\(nodes)")
        let raw = try XCTUnwrap(plan["raw_plan"] as? [[String: Any]], "PostgreSQL's EXPLAIN JSON as an array")
        let root = try XCTUnwrap(raw.first?["Plan"] as? [String: Any])
        XCTAssertNotNil(root["Node Type"] as? String)
        XCTAssertNotNil(raw.first?["Execution Time"])
    }

    func testFindingsOnARealServer() throws {
        try psql("""
            CREATE INDEX idx_job_status_copy ON \(schema).job(status);
            CREATE INDEX idx_job_status_owner ON \(schema).job(status, owner);
            CREATE INDEX idx_job_owner ON \(schema).job(owner);
            CREATE INDEX idx_job_id ON \(schema).job(id);
            CREATE TABLE \(schema).attempt(id int PRIMARY KEY, job_id bigint REFERENCES \(schema).job(id));
            """)
        let result = try ProcessRunner.idxscope(["findings", uri, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.describe)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertNotNil(report["stats_since"] as? String)
        let findings = (report["findings"] as? [[String: Any]] ?? []).filter { ($0["schema"] as? String) == schema }
        let byIndex = Dictionary(uniqueKeysWithValues: findings.map { ($0["index"] as? String ?? "", $0) })
        XCTAssertEqual(byIndex["idx_job_id"]?["kind"] as? String, "duplicate", result.stdout)
        XCTAssertEqual(byIndex["idx_job_id"]?["covered_by"] as? String, "job_pkey")
        XCTAssertEqual(byIndex["idx_job_status_copy"]?["kind"] as? String, "duplicate")
        // idx_job_status is kept in place of its copy, and its wider sibling has no scans either:
        // that one is the unused index, and the prefix stays (never both dropped).
        XCTAssertNil(byIndex["idx_job_status"], result.stdout)
        XCTAssertEqual(byIndex["idx_job_status_owner"]?["kind"] as? String, "unused")
        XCTAssertEqual(byIndex["idx_job_owner"]?["kind"] as? String, "unused")
        XCTAssertEqual(byIndex["idx_job_owner"]?["sql"] as? String, "DROP INDEX CONCURRENTLY \(schema).idx_job_owner;")
        XCTAssertNil(byIndex["job_pkey"], "the primary key is kept")
        let fk = try XCTUnwrap(findings.first { ($0["kind"] as? String) == "unindexed_fk" }, result.stdout)
        XCTAssertEqual(fk["table"] as? String, "attempt")
        XCTAssertTrue(fk["index"] is NSNull)
        XCTAssertEqual(fk["sql"] as? String, "CREATE INDEX CONCURRENTLY ON \(schema).attempt (job_id);")
    }

    func testPGEnvironmentWithPgFlag() throws {
        let url = URL(string: uri)!
        let result = try ProcessRunner.idxscope(["indexes", "--pg", "--format", "json", "--no-sizes"], environment: [
            "PGHOST": url.host ?? "127.0.0.1", "PGPORT": String(url.port ?? 5432), "PGUSER": url.user ?? "postgres", "PGDATABASE": "postgres",
        ])
        XCTAssertEqual(result.status, 0, result.describe)
        XCTAssertTrue(result.stdout.contains("\"engine\": \"postgresql\""), result.stdout)
    }

    /// `--also`: the standby scripts/pg-test-server.sh starts on the next port, reached as the
    /// password role (whose password must never show), and counted in `servers`.
    func testAlsoCountsTheStandbyAndNeverPrintsItsPassword() throws {
        let url = try XCTUnwrap(URL(string: uri))
        let standbyPort = (url.port ?? 5432) + 1
        let secret = ProcessInfo.processInfo.environment["IDXSCOPE_PG_TEST_PASSWORD"] ?? "s3cret-pw"
        let standby = "postgresql://idxscope_pw:\(secret)@127.0.0.1:\(standbyPort)/postgres"
        var result = try ProcessRunner.idxscope(["findings", uri, "--also", standby, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.describe)
        XCTAssertFalse(result.stdout.contains(secret) || result.stderr.contains(secret), result.describe)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["servers"] as? Int, 2, result.stdout)

        result = try ProcessRunner.idxscope(["indexes", uri, "--also", standby, "--table", "\(schema).job"])
        XCTAssertEqual(result.status, 0, result.describe)
        XCTAssertTrue(result.stdout.contains("counters of 2 servers"), result.stdout)
        XCTAssertFalse(result.stdout.contains(secret) || result.stderr.contains(secret), result.describe)

        let wrong = "wrong-Replica-77"
        result = try ProcessRunner.idxscope(["indexes", uri, "--also", "host=127.0.0.1 port=\(standbyPort) user=idxscope_pw password=\(wrong) dbname=postgres"])
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertTrue(result.stderr.hasPrefix("idxscope: --also: could not connect"), result.describe)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.describe)
        XCTAssertFalse(result.stderr.contains(wrong) || result.stdout.contains(wrong), result.describe)
    }
}
