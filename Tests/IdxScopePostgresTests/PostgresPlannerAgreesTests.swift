import Foundation
import IdxScopeCore
import IdxScopePostgres
import XCTest

/// A fresh look at the findings of a realistic job-queue schema (foreign keys, partial,
/// expression, pattern-ops and partitioned indexes, data, a workload run for real): every
/// verdict is checked against the server in a copy of the database.
///
/// - unindexed_fk: the lookup of a real key reads (nearly) the whole table before, and a few
///   pages once the suggested CREATE INDEX has run in the copy; every key not reported reads a
///   few pages already.
/// - unused, duplicate, redundant: dropping all of them in a copy (those that serve a foreign
///   key are warned about, not dropped) changes no workload plan: no new sequential scan, no
///   cost above 5 % more, and every foreign key still served.
///
/// "Pages read" is measured by the server (EXPLAIN ANALYZE, BUFFERS) with `enable_seqscan = off`:
/// the question is whether an index can serve the lookup, not whether a scan is cheap today.
final class PostgresPlannerAgreesTests: XCTestCase {
    static let schema = """
        CREATE TABLE account (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, name text, created_at timestamptz NOT NULL);
        CREATE TABLE project (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES account, name text, archived_at timestamptz);
        CREATE INDEX project_account ON project (account_id);
        CREATE INDEX project_name ON project (name);
        CREATE TABLE queue (id int PRIMARY KEY, project_id bigint NOT NULL REFERENCES project, name text NOT NULL);
        CREATE TABLE job (id bigint PRIMARY KEY, queue_id int NOT NULL REFERENCES queue, parent_job_id bigint REFERENCES job,
                          status text NOT NULL, priority int NOT NULL DEFAULT 0, run_at timestamptz NOT NULL, locked_by text,
                          payload jsonb);
        CREATE INDEX job_queue ON job (queue_id);
        CREATE INDEX job_queue_status_run ON job (queue_id, status, run_at);
        CREATE INDEX job_parent ON job (parent_job_id) WHERE parent_job_id IS NOT NULL;
        CREATE INDEX job_status ON job (status);
        CREATE INDEX job_status_pattern ON job (status text_pattern_ops);
        CREATE INDEX job_locked_by ON job (lower(locked_by));
        CREATE INDEX job_run_at ON job (run_at);
        CREATE INDEX job_run_at_copy ON job (run_at);
        CREATE TABLE job_tag (job_id bigint NOT NULL REFERENCES job, tag text NOT NULL);
        CREATE TABLE audit (id bigint PRIMARY KEY, account_id bigint REFERENCES account, actor_id bigint REFERENCES account,
                            at timestamptz NOT NULL, action text);
        CREATE INDEX audit_actor_at ON audit (actor_id, at);
        CREATE TABLE job_attempt (job_id bigint NOT NULL REFERENCES job, attempted_at timestamptz NOT NULL, error text)
            PARTITION BY RANGE (attempted_at);
        CREATE TABLE job_attempt_2026_10 PARTITION OF job_attempt FOR VALUES FROM ('2026-10-01') TO ('2026-11-01');
        CREATE TABLE job_attempt_2026_11 PARTITION OF job_attempt FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
        CREATE TABLE job_attempt_2026_12 PARTITION OF job_attempt FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');
        CREATE INDEX job_attempt_job ON job_attempt (job_id);
        CREATE INDEX job_attempt_error ON job_attempt (error);

        INSERT INTO account SELECT g, 'u' || g || '@example.com', 'user ' || g, '2026-01-01'::timestamptz + g * interval '1 hour'
          FROM generate_series(1, 2000) g;
        INSERT INTO project SELECT g, g % 2000 + 1, 'project ' || g, CASE WHEN g % 10 = 0 THEN now() END FROM generate_series(1, 6000) g;
        INSERT INTO queue SELECT g, (g * 2) % 6000 + 1, 'queue ' || g FROM generate_series(1, 3000) g;
        INSERT INTO job SELECT g, g % 3000 + 1, CASE WHEN g % 10 = 0 THEN g - 1 END,
                               (ARRAY['ready', 'running', 'done', 'done', 'done', 'failed'])[g % 6 + 1], g % 5,
                               '2026-11-01'::timestamptz + (g % 1000) * interval '1 minute',
                               CASE WHEN g % 6 = 1 THEN 'Worker-' || (g % 17) END, jsonb_build_object('n', g)
          FROM generate_series(1, 60000) g;
        INSERT INTO job_tag SELECT (g * 2) % 60000 + 1, 'tag' || (g % 50) FROM generate_series(1, 30000) g;
        INSERT INTO audit SELECT g, g % 2000 + 1, (g * 7) % 2000 + 1, '2026-11-01'::timestamptz + g * interval '1 second', 'act'
          FROM generate_series(1, 30000) g;
        INSERT INTO job_attempt SELECT (g * 3) % 60000 + 1, '2026-10-01'::timestamptz + (g % 90) * interval '1 day', NULL
          FROM generate_series(1, 30000) g;
        """

    /// What the application runs (each statement a few times, so the counters see it).
    static let workload = [
        "SELECT id FROM job WHERE queue_id = 7 AND status = 'ready' AND run_at <= '2026-11-01 12:00' ORDER BY run_at LIMIT 10",
        "SELECT id FROM job WHERE status = 'failed' AND queue_id = 12",
        "SELECT count(*) FROM job WHERE status LIKE 'fail%'",
        "SELECT * FROM account WHERE email = 'u42@example.com'",
        "SELECT * FROM project WHERE account_id = 42",
        "SELECT count(*) FROM job WHERE lower(locked_by) = 'worker-3'",
        "SELECT * FROM audit WHERE actor_id = 5 ORDER BY at DESC LIMIT 20",
        "SELECT * FROM job_attempt WHERE job_id = 100",
        "SELECT * FROM job WHERE id = 5",
        "SELECT id FROM job WHERE run_at > '2026-11-01 16:30' ORDER BY run_at LIMIT 5",
        "SELECT q.name, count(*) FROM queue q JOIN job j ON j.queue_id = q.id WHERE q.id = 3 GROUP BY q.name",
    ]

    func testNoFindingIsContradictedByThePlanner() throws {
        let serverURI = try TestServer.uri()
        let server = try AdminConnection(serverURI)
        let source = TestServer.uniqueName("idxscope_agree")
        var databases = [source]
        defer { for name in databases { _ = try? server.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") } }
        try server.execute("CREATE DATABASE \(source)")

        // The schema, its data, and the workload run for real.
        let findings: [Finding]
        let catalog: Catalog
        do {
            let admin = try AdminConnection(TestServer.conninfo(serverURI, database: source))
            try admin.execute(Self.schema)
            try admin.execute("VACUUM ANALYZE") // not in the multi-statement string: a transaction block
            for _ in 0..<3 { for statement in Self.workload { try admin.execute(statement) } }
            try admin.execute("SELECT pg_stat_force_next_flush()")
            try waitForIndexScans(uri: TestServer.conninfo(serverURI, database: source), schema: "public", index: "job_queue_status_run", atLeast: 1)
            let inspector = try PostgresInspector(conninfo: TestServer.conninfo(serverURI, database: source))
            catalog = try inspector.loadCatalog().merging(try inspector.loadSpace())
            findings = FindingRules.findings(in: catalog)
        }
        let summary = findings.map { "\($0.kind.rawValue) \($0.table).\($0.index ?? "-") [\($0.confidence.rawValue)] \($0.reason)" }
            .joined(separator: "\n")
        print("findings on the job-queue schema:\n" + summary)

        // What a reader would expect of this schema (kept loose: the check is the planner's, below).
        let unindexed = Set(findings.filter { $0.kind == .unindexedFK }.map { "\($0.table)(\($0.columns.joined(separator: ",")))" })
        XCTAssertEqual(unindexed, ["queue(project_id)", "job_tag(job_id)", "audit(account_id)"], summary)
        XCTAssertTrue(findings.contains { $0.kind == .duplicate && ["job_run_at", "job_run_at_copy"].contains($0.index ?? "") }, summary)
        XCTAssertTrue(findings.contains { $0.kind == .unused && $0.index == "job_attempt_error" }, "partitioned, never scanned: " + summary)
        XCTAssertFalse(findings.contains { $0.index == "job_status_pattern" && $0.kind == .duplicate }, summary)
        let partial = try XCTUnwrap(findings.first { $0.index == "job_parent" }, summary)
        XCTAssertEqual(partial.servesForeignKeys, ["job_parent_job_id_fkey"], "the partial index serves the self-reference")
        XCTAssertEqual(partial.confidence, .low)

        let keys = catalog.foreignKeys.filter { $0.schema == "public" }
        XCTAssertEqual(keys.count, 8)

        // unindexed_fk: whole reads before, a few pages once the suggested index exists.
        let withIndexes = TestServer.uniqueName("idxscope_agree_fk")
        try copy(source, to: withIndexes, server: server)
        databases.append(withIndexes)
        let fkCopy = try AdminConnection(TestServer.conninfo(serverURI, database: withIndexes))
        for key in keys {
            let reported = unindexed.contains("\(key.table)(\(key.columns.joined(separator: ",")))")
            let (pages, read) = try lookupCost(fkCopy, key)
            print("lookup of \(key.name): \(read) of \(pages) pages read (\(reported ? "reported" : "served"))")
            if reported {
                XCTAssertGreaterThanOrEqual(read * 4, pages, "\(key.name) is reported unindexed, yet its lookup read \(read) of \(pages) pages")
            } else {
                XCTAssertLessThan(read * 4, pages, "\(key.name) is taken as served, yet its lookup read \(read) of \(pages) pages")
            }
        }
        for finding in findings where finding.kind == .unindexedFK { try fkCopy.execute(finding.sql) }
        try fkCopy.execute("ANALYZE")
        for key in keys {
            let (pages, read) = try lookupCost(fkCopy, key)
            print("with the suggested indexes, lookup of \(key.name): \(read) of \(pages) pages read")
            XCTAssertLessThan(read * 4, pages, "with the suggested indexes \(key.name)'s lookup still read \(read) of \(pages) pages")
        }

        // Drops: every unused, duplicate and redundant index at once, except those serving a key.
        let dropped = TestServer.uniqueName("idxscope_agree_drop")
        try copy(source, to: dropped, server: server)
        databases.append(dropped)
        let dropCopy = try AdminConnection(TestServer.conninfo(serverURI, database: dropped))
        let before = try Self.workload.map { try plan(dropCopy, $0) }
        let drops = findings.filter { [.unused, .duplicate, .redundant].contains($0.kind) && $0.servesForeignKeys.isEmpty }
        XCTAssertGreaterThanOrEqual(drops.count, 4, summary)
        for finding in drops { try dropCopy.execute(finding.sql) }
        try dropCopy.execute("ANALYZE")
        for (statement, old) in zip(Self.workload, before) {
            let new = try plan(dropCopy, statement)
            XCTAssertEqual(Set(new.sequentialScans), Set(old.sequentialScans),
                           "dropping \(drops.compactMap(\.index)) made \(statement) scan a table")
            XCTAssertLessThanOrEqual(new.cost, old.cost * 1.05 + 0.01, "dropping \(drops.compactMap(\.index)) made \(statement) dearer")
        }
        for key in keys where !unindexed.contains("\(key.table)(\(key.columns.joined(separator: ",")))") {
            let (pages, read) = try lookupCost(dropCopy, key)
            XCTAssertLessThan(read * 4, pages, "after the drops \(key.name)'s lookup read \(read) of \(pages) pages")
        }
    }

    // MARK: - The server's measurements

    /// Pages of the referencing table, and pages one real key's lookup reads (EXPLAIN ANALYZE
    /// BUFFERS, rolled back; sequential scans off, as the question is whether an index serves it).
    private func lookupCost(_ admin: AdminConnection, _ key: ForeignKey) throws -> (pages: Int, read: Int) {
        let table = "\(quoteIdentifier(key.schema)).\(quoteIdentifier(key.table))"
        let partitioned = try admin.scalar("SELECT relkind = 'p' FROM pg_class WHERE oid = '\(table)'::regclass") == "t"
        let pages = try XCTUnwrap(Int(try admin.scalar(partitioned
            ? "SELECT (sum(pg_relation_size(relid)) / 8192)::bigint FROM pg_partition_tree('\(table)'::regclass) WHERE isleaf"
            : "SELECT pg_relation_size('\(table)'::regclass) / 8192") ?? ""))
        let columns = key.columns.map(quoteIdentifier)
        let values = try XCTUnwrap(try admin.execute("SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE "
                                                     + columns.map { "\($0) IS NOT NULL" }.joined(separator: " AND ") + " LIMIT 1").first)
        let condition = zip(columns, values).map { "x.\($0) = '\($1 ?? "")'" }.joined(separator: " AND ")
        let json = try XCTUnwrap(try admin.execute("""
            BEGIN; SET LOCAL enable_seqscan = off;
            EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT 1 FROM \(partitioned ? "" : "ONLY ")\(table) x WHERE \(condition);
            """).first?.first ?? nil)
        try admin.execute("ROLLBACK")
        let root = try XCTUnwrap(((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])?.first?["Plan"]) as? [String: Any])
        let read = (root["Shared Hit Blocks"] as? Int ?? 0) + (root["Shared Read Blocks"] as? Int ?? 0)
        return (pages, read)
    }

    private struct PlanFacts {
        var cost: Double
        var sequentialScans: [String]
    }

    private func plan(_ admin: AdminConnection, _ statement: String) throws -> PlanFacts {
        let json = try XCTUnwrap(try admin.scalar("EXPLAIN (FORMAT JSON) " + statement))
        let root = try XCTUnwrap(((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])?.first?["Plan"]) as? [String: Any])
        var scans: [String] = []
        func walk(_ node: [String: Any]) {
            if node["Node Type"] as? String == "Seq Scan", let relation = node["Relation Name"] as? String { scans.append(relation) }
            (node["Plans"] as? [[String: Any]] ?? []).forEach(walk)
        }
        walk(root)
        return PlanFacts(cost: root["Total Cost"] as? Double ?? 0, sequentialScans: scans)
    }

    /// CREATE DATABASE … TEMPLATE needs the source to itself: end its other sessions first.
    private func copy(_ source: String, to target: String, server: AdminConnection) throws {
        try server.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(source)' AND pid <> pg_backend_pid()")
        try server.execute("CREATE DATABASE \(target) TEMPLATE \(source)")
    }
}
