import CSQLite
import Foundation
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

/// Every way this machine's SQLite names a relation in EXPLAIN QUERY PLAN, produced by the engine
/// itself (schema-qualified, quoted, attached, aliased, virtual, constant rows, co-routines) and
/// read by the classifier: no detail text may be left unknown, and each loop names its relation.
final class EQPFormsTests: XCTestCase {
    private var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory(prefix: "eqp-forms")
        try SQLiteFixture.create(dir.path("main.db"), sql: """
            CREATE TABLE job(id INTEGER PRIMARY KEY, status TEXT, payload TEXT);
            CREATE INDEX idx_job_status ON job(status);
            CREATE TABLE "my table"("odd col" TEXT, "Mixed" INT);
            CREATE INDEX "my idx" ON "my table"("odd col");
            CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
            CREATE VIRTUAL TABLE ft USING fts5(body);
            CREATE VIEW v_job AS SELECT j.id, j.payload FROM job AS j WHERE j.payload LIKE '%x%';
            """)
        try SQLiteFixture.create(dir.path("aux.db"), sql: "CREATE TABLE t2(a, b); CREATE INDEX t2a ON t2(a);")
    }

    /// The detail strings of one statement's plan, from the raw C API with `aux` attached.
    private func details(_ sql: String) throws -> [String] {
        let db = try SQLiteFixture.open(dir.path("main.db"))
        defer { sqlite3_close_v2(db) }
        try SQLiteFixture.exec(db, "ATTACH '\(dir.path("aux.db"))' AS aux")
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "EXPLAIN QUERY PLAN " + sql, -1, &statement, nil) == SQLITE_OK else {
            throw SQLiteFixture.FixtureError(String(cString: sqlite3_errmsg(db)) + " in: \(sql)")
        }
        defer { sqlite3_finalize(statement) }
        var result: [String] = []
        while sqlite3_step(statement) == SQLITE_ROW { result.append(String(cString: sqlite3_column_text(statement, 3))) }
        return result
    }

    /// (statement, the loop steps expected as "DETAIL → kind name").
    private let cases: [(String, [String])] = [
        ("SELECT * FROM main.job WHERE payload LIKE '%x'", ["SCAN main.job → fullScan main.job"]),
        ("SELECT * FROM \"main\".\"job\" AS \"J\" WHERE payload = 1", ["SCAN J → fullScan J"]),
        ("SELECT * FROM \"my table\"", ["SCAN my table → fullScan my table"]),
        ("SELECT * FROM \"my table\" AS \"a b\" WHERE \"odd col\" = 'x'",
         ["SEARCH a b USING INDEX my idx (odd col=?) → indexSearch a b"]),
        ("SELECT * FROM aux.t2", ["SCAN aux.t2 → fullScan aux.t2"]),
        ("SELECT * FROM aux.t2 WHERE a = 1", ["SEARCH aux.t2 USING INDEX t2a (a=?) → indexSearch aux.t2"]),
        ("SELECT * FROM t2 ORDER BY a LIMIT 1", ["SCAN t2 USING INDEX t2a → indexFullScan t2"]),
        ("SELECT * FROM ft WHERE ft MATCH 'x'", ["SCAN ft VIRTUAL TABLE INDEX 0:M1 → other ft"]),
        ("SELECT * FROM pragma_table_info('job')", ["SCAN pragma_table_info VIRTUAL TABLE INDEX 0: → other pragma_table_info"]),
        ("SELECT 1", ["SCAN CONSTANT ROW → other nil"]),
        ("VALUES (1), (2)", ["SCAN 2 CONSTANT ROWS → other nil"]),
        ("SELECT * FROM (SELECT status, count(*) FROM job GROUP BY 1)",
         ["SCAN job USING COVERING INDEX idx_job_status → indexFullScan job", "SCAN (subquery-1) → other nil"]),
        ("WITH c AS MATERIALIZED (SELECT * FROM job) SELECT * FROM c",
         ["SCAN job → fullScan job", "SCAN c → fullScan c"]),
        ("SELECT * FROM kv WHERE k = 'a'", ["SEARCH kv USING PRIMARY KEY (k=?) → rowidLookup kv"]),
        ("SELECT max(id) FROM job", ["SEARCH job → rowidLookup job"]),
        ("SELECT * FROM job a RIGHT JOIN job b ON a.status = b.payload",
         ["SCAN a → fullScan a", "SCAN b → fullScan b", "SCAN b → fullScan b"]),
        ("SELECT * FROM v_job", ["SCAN j → fullScan j"]),
        ("SELECT * FROM temp.sqlite_temp_master", ["SCAN temp.sqlite_temp_master → fullScan temp.sqlite_temp_master"]),
    ]

    func testEveryDetailThisSQLitePrintsIsKnownAndEveryLoopNamed() throws {
        for (sql, expected) in cases {
            let all = try details(sql)
            for detail in all {
                XCTAssertNotEqual(SQLiteEQPClassifier.classify(detail).kind, .unknown, "\(detail) (from \(sql))")
            }
            let loops = all.filter { $0.hasPrefix("SCAN ") || $0.hasPrefix("SEARCH ") }.map { detail in
                let step = SQLiteEQPClassifier.classify(detail)
                return "\(detail) → \(step.kind) \(step.name ?? "nil")"
            }
            XCTAssertEqual(loops, expected, sql)
        }
    }

    /// Statements whose plans hold the structural steps (compounds, subqueries, OR branches,
    /// recursion, bloom filters): none is unknown.
    func testStructuralStepsOfThisSQLiteAreKnown() throws {
        let statements = [
            "SELECT * FROM job WHERE id IN (SELECT 1 UNION SELECT 2)",
            "SELECT (SELECT max(id) FROM job)",
            "SELECT * FROM job WHERE EXISTS (SELECT 1 FROM job j2 WHERE j2.status = job.payload)",
            "SELECT 1 FROM job UNION SELECT 1 FROM job ORDER BY 1",
            "SELECT 1 FROM job UNION ALL SELECT 2 FROM job EXCEPT SELECT 3 FROM job INTERSECT SELECT 4",
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
            "SELECT * FROM job WHERE status = 'a' OR id = 3",
            "SELECT count(DISTINCT payload) FROM job",
            "SELECT * FROM job j1, job j2 WHERE j1.payload = j2.payload",
            "SELECT DISTINCT payload FROM job ORDER BY status",
            "SELECT * FROM (SELECT * FROM job LIMIT 3) s, kv WHERE s.payload = kv.v",
        ]
        for sql in statements {
            for detail in try details(sql) {
                XCTAssertNotEqual(SQLiteEQPClassifier.classify(detail).kind, .unknown, "\(detail) (from \(sql))")
            }
        }
    }

    func testATextNoSQLiteFormMatchesIsUnknown() {
        for detail in ["SCAN job USING SOMETHING NEW", "TELEPORT job", "FROBNICATE", ""] {
            XCTAssertEqual(SQLiteEQPClassifier.classify(detail).kind, .unknown, detail)
        }
    }
}
