import Foundation
import IdxScopeTestSupport
import XCTest

/// Every command over the witness databases of scripts/witness.sh: SQLite files and a PostgreSQL
/// database that nothing but idxscope touches during the suite. scripts/test.sh fingerprints them
/// before and after the whole suite (file list and checksums, pg_stat_database tuple counters,
/// per-table counters, sequence values, row checksums, advisory locks) and fails on any change.
final class ReadOnlyWitnessTests: XCTestCase {
    private func witnessDirectory() throws -> String {
        try TestPostgres.required("IDXSCOPE_WITNESS_DIR", "IDXSCOPE_WITNESS_DIR is not set (scripts/test.sh sets up the witness databases)")
    }

    private func run(_ arguments: [String], expect status: Int32, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try ProcessRunner.idxscope(arguments, timeout: 120)
        XCTAssertEqual(result.status, status, "\(arguments): \(result.describe)", file: file, line: line)
        XCTAssertFalse(result.stderr.contains("Fatal error"), result.describe, file: file, line: line)
    }

    func testEveryCommandOverTheSQLiteWitnesses() throws {
        let dir = try witnessDirectory()
        for database in ["demo.db", "wal.db"].map({ dir + "/" + $0 }) {
            try run(["indexes", database], expect: 0)
            try run(["indexes", database, "--format", "json"], expect: 0)
            try run(["indexes", database, "--no-sizes"], expect: 0)
            try run(["findings", database, "--format", "json"], expect: 0)
            try run(["explain", database, "SELECT * FROM sqlite_schema WHERE name = 'x'"], expect: 0)
            try run(["explain", database, "DELETE FROM sqlite_schema", "--analyze"], expect: 1)  // plans only; the table is read-only anyway
            try run(["explain", "file:\(database)?mode=ro", "SELECT 1"], expect: 0)
        }
        try run(["check", dir + "/demo.db", "--queries", dir + "/demo.sql"], expect: 1)
        try run(["explain", dir + "/demo.db", "DELETE FROM job", "--analyze"], expect: 0)  // SQLite: EXPLAIN QUERY PLAN only
        try run(["explain", dir + "/wal.db", "UPDATE t SET b = 'x' WHERE c = 1"], expect: 0)
        try run(["queries", dir + "/demo.db"], expect: 2)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix("-wal") || $0.hasSuffix("-shm") || $0.hasSuffix("-journal") }
        XCTAssertEqual(leftovers, [], "side files left beside the witnesses")
    }

    func testEveryCommandOverThePostgreSQLWitness() throws {
        let dir = try witnessDirectory()
        let uri = try TestPostgres.required("IDXSCOPE_WITNESS_PG_URI", "IDXSCOPE_WITNESS_PG_URI is not set (scripts/test.sh)")
        try run(["indexes", uri], expect: 0)
        try run(["indexes", uri, "--format", "json", "--exact-bloat", "job_status"], expect: 0)
        try run(["findings", uri, "--format", "json"], expect: 0)
        try run(["queries", uri], expect: 0)
        try run(["check", uri, "--queries", dir + "/queries.sql"], expect: 1)
        try run(["explain", uri, "DELETE FROM job WHERE owner = 3"], expect: 0)
        try run(["explain", uri, "SELECT count(*) FROM job WHERE status = 'done'", "--analyze"], expect: 0)
        // Each of these would write or leave a trace if it ran; each is refused before running.
        let dummy = "WITH d AS (DELETE FROM job WHERE false RETURNING 1) "
        for refused in [dummy + "SELECT setval('counter', 999999)", dummy + "SELECT * FROM next_counter", dummy + "SELECT touch()",
                        "SELECT pg_stat_reset()", "SELECT pg_advisory_lock(7)", "SELECT nextval('counter')",
                        "INSERT INTO job (id, status) VALUES (nextval('counter'), 'x')", "SELECT touch()"] {
            try run(["explain", uri, refused, "--analyze"], expect: 1)
        }
        try run(["explain", uri, "SELECT 1; DELETE FROM job"], expect: 1)
    }
}
