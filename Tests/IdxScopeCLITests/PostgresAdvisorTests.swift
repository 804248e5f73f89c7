import Foundation
import IdxScopeTestSupport
import XCTest

/// The advisor on the real PostgreSQL 15 server with hypopg: suggestions built for real in a
/// `CREATE DATABASE … TEMPLATE` copy are each used by a plan and cut the workload's estimated
/// cost; the inspected database keeps its indexes and write counters; a standby advises too;
/// without hypopg a note, and the other findings unchanged.
final class PostgresAdvisorTests: XCTestCase {
    private var uri: String!
    private let database = "adv_\(UInt32.random(in: 0...UInt32.max))"
    private var copies: [String] = []

    static let workload = """
        -- calls: 50
        SELECT * FROM comments WHERE experiment_id = 42;
        -- calls: 5
        SELECT id, body FROM comments WHERE experiment_id = 42 AND body = 'body7';
        SELECT * FROM users WHERE lower(email) = 'u77@x.org';
        SELECT * FROM experiments WHERE owner_id = 7 AND created_at > '2026-01-01';
        UPDATE experiments SET title = 'x' WHERE slug = 'slug77';
        SELECT * FROM tiny WHERE code = 'a';
        SELECT u.name FROM users u WHERE u.id = 3;
        SELECT body FROM comments WHERE user_id = 3;
        """

    override func setUpWithError() throws {
        uri = try TestPostgres.uri()
        try psql(uri, "CREATE DATABASE \(database)")
        try psql(uri(of: database), """
            CREATE EXTENSION hypopg;
            CREATE TABLE users(id serial PRIMARY KEY, email varchar(200), name text);
            CREATE TABLE experiments(id serial PRIMARY KEY, owner_id int, slug text, title text, created_at timestamptz);
            CREATE TABLE comments(id serial PRIMARY KEY, experiment_id int REFERENCES experiments(id), user_id int, body text,
                                  created_at timestamptz);
            CREATE INDEX comments_user ON comments(user_id);
            CREATE TABLE tiny(id int, code text);
            INSERT INTO tiny VALUES (1, 'a'), (2, 'b');
            INSERT INTO users SELECT i, 'u' || i || '@x.org', 'name' || (i % 500) FROM generate_series(1, 20000) i;
            INSERT INTO experiments SELECT i, 1 + i % 20000, 'slug' || i, 'title' || i, '2026-06-01'::timestamptz - i * interval '1 minute'
              FROM generate_series(1, 50000) i;
            INSERT INTO comments SELECT i, 1 + i % 50000, 1 + i % 20000, 'body' || (i % 300), '2026-06-01'::timestamptz - i * interval '1 second'
              FROM generate_series(1, 200000) i;
            ANALYZE;
            """)
    }

    override func tearDownWithError() throws {
        guard uri != nil else { return }
        for name in copies + [database] { try? psql(uri, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    private func uri(of name: String) -> String {
        var components = URLComponents(string: uri)!
        components.path = "/" + name
        return components.string!
    }

    @discardableResult
    private func psql(_ target: String, _ sql: String) throws -> String {
        let result = try ProcessRunner.run("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", target], stdin: sql)
        XCTAssertEqual(result.status, 0, result.describe)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func workloadFile() throws -> String {
        let scratch = try TemporaryDirectory(prefix: "pg-workload")
        let path = scratch.path("workload.sql")
        try Self.workload.write(toFile: path, atomically: true, encoding: .utf8)
        // XCTest keeps test cases (and their teardown blocks) alive to the end of the run: remove it here.
        addTeardownBlock { try? FileManager.default.removeItem(at: scratch.url) }
        return path
    }

    private func findings(_ arguments: [String]) throws -> (report: [String: Any], result: ProcessResult) {
        let result = try ProcessRunner.idxscope(["findings"] + arguments + ["--format", "json"], timeout: 60)
        XCTAssertEqual(result.status, 0, result.describe)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.describe)
        return (report, result)
    }

    /// Indexes and the write counters of the inspected database.
    private func footprint() throws -> String {
        try psql(uri, """
            SELECT pg_stat_clear_snapshot();
            SELECT tup_inserted || '/' || tup_updated || '/' || tup_deleted FROM pg_stat_database WHERE datname = '\(database)';
            """) + " indexes=" + psql(uri(of: database), "SELECT count(*) FROM pg_class WHERE relkind = 'i'")
    }

    /// Total cost of each workload statement's plan on `target`, and the index names the plans read.
    private func plans(_ target: String) throws -> (costs: [Double], indexes: Set<String>) {
        var costs: [Double] = []
        var indexes = Set<String>()
        for statement in Self.workload.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
            let json = try psql(target, "BEGIN; EXPLAIN (FORMAT JSON) \(statement); ROLLBACK;")
            let top = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]], json)
            let plan = try XCTUnwrap(top.first?["Plan"] as? [String: Any])
            costs.append(try XCTUnwrap(plan["Total Cost"] as? Double))
            func walk(_ node: [String: Any]) {
                if let name = node["Index Name"] as? String { indexes.insert(name) }
                (node["Plans"] as? [[String: Any]] ?? []).forEach(walk)
            }
            walk(plan)
        }
        return (costs, indexes)
    }

    private func copyDatabase() throws -> String {
        let name = database + "_built"
        copies.append(name)
        // idxscope's backend may still be ending: TEMPLATE needs the source to be unused.
        let deadline = Date().addingTimeInterval(15)
        var last = ProcessResult(status: 1, stdout: "", stderr: "")
        while Date() < deadline {
            last = try ProcessRunner.run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", uri, "-c", "CREATE DATABASE \(name) TEMPLATE \(database)"])
            if last.status == 0 { return name }
            usleep(200_000)
        }
        XCTFail("CREATE DATABASE … TEMPLATE never succeeded: \(last.describe)")
        throw XCTSkip("no copy")
    }

    func testSuggestionsBuiltInACopyAreUsedAndCutTheWorkloadCost() throws {
        let before = try footprint()
        let (report, result) = try findings([uri(of: database), "--workload", try workloadFile()])
        let missing = (report["findings"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "missing" }
        XCTAssertGreaterThanOrEqual(missing.count, 3, result.describe)
        XCTAssertFalse(missing.contains { $0["table"] as? String == "tiny" }, "a table too small for any plan to change gets nothing")
        let advisor = try XCTUnwrap(report["advisor"] as? [String: Any])
        XCTAssertGreaterThan(advisor["planner_calls"] as? Int ?? 0, 0)
        for finding in missing {
            let sql = try XCTUnwrap(finding["sql"] as? String)
            XCTAssertTrue(sql.hasPrefix("CREATE INDEX CONCURRENTLY "), sql)
            XCTAssertNotNil(finding["bytes"] as? Int, "hypopg_relation_size: \(finding)")
            let proof = try XCTUnwrap(finding["proof"] as? [String: Any])
            XCTAssertGreaterThanOrEqual(proof["gain_percent"] as? Double ?? 0, 50)
            for statement in proof["statements"] as? [[String: Any]] ?? [] {
                XCTAssertLessThan(statement["cost_after"] as? Double ?? .infinity, statement["cost_before"] as? Double ?? 0)
            }
        }
        XCTAssertEqual(missing.filter { ($0["columns"] as? [String])?.first == "experiment_id" }.count, 1,
                       "one index serves both comments statements: \(missing)")
        XCTAssertTrue(missing.contains { ($0["columns"] as? [String]) == ["lower(email)"] }, "an expression index: \(missing)")
        // The foreign key's lookup, planned with the suggestions present, uses the comments index:
        // its unindexed_fk finding is folded into that missing finding.
        let comments = missing.first { ($0["columns"] as? [String])?.first == "experiment_id" }
        XCTAssertEqual(comments?["serves_foreign_keys"] as? [String], ["comments_experiment_id_fkey"], "\(missing)")
        XCTAssertFalse((report["findings"] as? [[String: Any]] ?? []).contains { $0["kind"] as? String == "unindexed_fk" }, result.stdout)
        let plain = try ProcessRunner.idxscope(["findings", uri(of: database), "--workload-limit", "1", "--format", "json"])
        XCTAssertTrue(plain.stdout.contains("unindexed_fk"), "without the advice the key is reported: \(plain.describe)")
        // comments_user has no scans yet, but a workload statement's plan reads it: never unused then.
        func unusedUser(_ text: String) -> Bool {
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            return (object?["findings"] as? [[String: Any]] ?? []).contains { $0["kind"] as? String == "unused" && $0["index"] as? String == "comments_user" }
        }
        XCTAssertTrue(unusedUser(plain.stdout), plain.stdout)
        XCTAssertFalse(unusedUser(result.stdout), result.stdout)

        // Nothing left behind: same indexes, no rows written (hypothetical indexes live in memory).
        XCTAssertEqual(try footprint(), before)

        let original = try plans(uri(of: database))
        let copy = try copyDatabase()
        for finding in missing {
            let sql = (finding["sql"] as? String ?? "").replacingOccurrences(of: "CONCURRENTLY ", with: "")
            try psql(uri(of: copy), sql + "\nANALYZE;")
        }
        let built = try plans(uri(of: copy))
        for finding in missing {
            let name = (finding["sql"] as? String ?? "").split(separator: " ")[3]
            XCTAssertTrue(built.indexes.contains(String(name)), "\(name) is in no plan once built: \(built.indexes)")
        }
        let calls: [Double] = [50, 5, 1, 1, 1, 1, 1, 1]
        let weighted = { (costs: [Double]) in zip(costs, calls).map { $0 * $1 }.reduce(0, +) }
        XCTAssertLessThan(weighted(built.costs), weighted(original.costs) / 2, "before \(original.costs), after \(built.costs)")
    }

    func testStandbyAdvisesWithoutWriting() throws {
        let standby = try XCTUnwrap(URLComponents(string: uri)).port.map { $0 + 1 }
        var components = URLComponents(string: uri(of: database))!
        components.port = standby
        // Wait for the standby to replay the database (bounded, prints what it saw).
        let deadline = Date().addingTimeInterval(20)
        var seen = ""
        while Date() < deadline {
            let probe = try ProcessRunner.run("psql", ["-X", "-A", "-t", components.string!, "-c", "SELECT count(*) FROM comments"])
            seen = probe.describe
            if probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "200000" { break }
            usleep(200_000)
        }
        XCTAssertTrue(seen.contains("200000"), "standby never caught up: \(seen)")
        let (report, result) = try findings([components.string!, "--workload", try workloadFile()])
        let missing = (report["findings"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "missing" }
        XCTAssertGreaterThanOrEqual(missing.count, 3, result.describe)
    }

    func testWithoutHypopgANoteAndTheOtherFindingsUnchanged() throws {
        try psql(uri(of: database), "DROP EXTENSION hypopg; CREATE INDEX comments_user_copy ON comments(user_id);")
        let plain = try findings([uri(of: database)])
        let advised = try findings([uri(of: database), "--workload", try workloadFile()])
        XCTAssertTrue((advised.report["notes"] as? [String] ?? []).contains { $0.contains("CREATE EXTENSION hypopg") })
        func summary(_ report: [String: Any]) -> [String] {
            (report["findings"] as? [[String: Any]] ?? []).map { "\($0["kind"] ?? "")/\($0["index"] ?? "")/\($0["sql"] ?? "")" }.sorted()
        }
        XCTAssertFalse(summary(advised.report).contains { $0.hasPrefix("missing") })
        let text = try ProcessRunner.idxscope(["findings", uri(of: database), "--workload", try workloadFile()])
        XCTAssertEqual(text.status, 0, text.describe)
        XCTAssertTrue(text.stderr.contains("idxscope: note: hypopg is not installed") && text.stderr.contains("CREATE EXTENSION hypopg"), text.describe)
        XCTAssertEqual(summary(advised.report), summary(plain.report))
        let duplicate = (advised.report["findings"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == "duplicate" }
        XCTAssertNotNil(duplicate?["used_by"] as? [Any], "drop findings carry used_by with a workload: \(advised.report)")
    }

    func testDefaultWorkloadIsPgStatStatementsWithoutIdxscopesOwn() throws {
        try psql(uri(of: database), "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();")
        for _ in 0..<3 {
            try psql(uri(of: database), "SELECT count(*) FROM comments WHERE experiment_id = 5; SET work_mem = '8MB';")
        }
        let (report, result) = try findings([uri(of: database), "--workload-limit", "20"])
        let missing = (report["findings"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "missing" }
        let served = missing.flatMap { (($0["proof"] as? [String: Any])?["statements"] as? [[String: Any]]) ?? [] }
        XCTAssertTrue(served.contains { ($0["query"] as? String ?? "").contains("experiment_id = $1") && $0["calls"] as? Int == 3 },
                      result.describe)
        XCTAssertFalse(served.contains { ($0["query"] as? String ?? "").contains("/* idxscope */") })
    }
}
