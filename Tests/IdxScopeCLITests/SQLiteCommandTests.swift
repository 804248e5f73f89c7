import Foundation
import IdxScopeTestSupport
import XCTest

/// The command-line contract on real SQLite files: exit codes, JSON fields, bad input.
final class SQLiteCommandTests: XCTestCase {
    private var scratch: TemporaryDirectory!
    private var directory: String { scratch.root }
    private var demo: String { directory + "/demo.db" }

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory(prefix: "cli")
        try DemoFixture.copy(into: scratch)
    }

    override func tearDownWithError() throws {
        scratch = nil
    }

    private func json(_ result: ProcessResult, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(result.status, 0, result.describe, file: file, line: line)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try XCTUnwrap(object as? [String: Any], result.describe, file: file, line: line)
    }

    private func sqlite(_ path: String, _ sql: String) throws {
        let result = try ProcessRunner.run("sqlite3", [path, sql])
        XCTAssertEqual(result.status, 0, result.describe)
    }

    func testDemoWritesDatabaseAndWorkload() throws {
        XCTAssertTrue(FileManager.default.fileExists(atPath: demo))
        let workload = try String(contentsOfFile: directory + "/demo.sql", encoding: .utf8)
        XCTAssertTrue(workload.contains(";"))
    }

    func testIndexesJSONHasEveryContractField() throws {
        let report = try json(ProcessRunner.idxscope(["indexes", demo, "--format", "json"]))
        XCTAssertEqual(report["engine"] as? String, "sqlite")
        XCTAssertEqual(report["database"] as? String, demo)
        XCTAssertNotNil(report["server_version"] as? String)
        XCTAssertTrue(report.keys.contains("stats_since"))
        let indexes = try XCTUnwrap(report["indexes"] as? [[String: Any]])
        XCTAssertGreaterThan(indexes.count, 5)
        let fields = ["schema", "table", "name", "columns", "include", "unique", "primary", "constraint", "partial", "method",
                      "valid", "definition", "size_bytes", "scans", "tuples_read", "tuples_fetched", "bloat_bytes", "bloat_exact"]
        for index in indexes {
            for field in fields { XCTAssertTrue(index.keys.contains(field), "\(field) missing in \(index)") }
            XCTAssertNotNil(index["size_bytes"] as? Int, "sizes loaded: \(index)")
            XCTAssertTrue(index["scans"] is NSNull, "SQLite keeps no usage counters")
        }
        XCTAssertTrue(indexes.contains { $0["partial"] is String }, "the demo has a partial index")
        XCTAssertTrue(indexes.contains { ($0["constraint"] as? String) == "primary_key" }, "the demo has a WITHOUT ROWID table")

        let ordered = try XCTUnwrap(indexes.first { ($0["name"] as? String) == "idx_job_priority_desc" })
        let details = try XCTUnwrap(ordered["column_details"] as? [[String: Any]])
        XCTAssertEqual(details.map { $0["name"] as? String }, ["priority", "created_at"])
        XCTAssertEqual(details.map { $0["descending"] as? Bool }, [true, false])
        XCTAssertEqual(details.map { $0["nulls_first"] as? Bool }, [false, true], "SQLite sorts NULLs as the smallest value")
        let worker = try XCTUnwrap(indexes.first { ($0["name"] as? String) == "idx_job_worker" })
        let key = try XCTUnwrap((worker["foreign_keys"] as? [[String: Any]])?.first, "\(worker)")
        XCTAssertEqual(key["columns"] as? [String], ["worker_id"])
        XCTAssertEqual(key["referenced_table"] as? String, "worker")
        XCTAssertEqual(key["referenced_columns"] as? [String], ["id"])
    }

    func testAlsoNeedsPostgreSQL() throws {
        let result = try ProcessRunner.idxscope(["findings", demo, "--also", "postgresql://127.0.0.1:1/x"])
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertEqual(result.stderr, "idxscope: --also needs a PostgreSQL target (SQLite keeps no usage counters to merge)\n")
        XCTAssertEqual(result.stdout, "")
    }

    func testIndexesNoSizesAndTableFilter() throws {
        let all = try json(ProcessRunner.idxscope(["indexes", demo, "--format", "json", "--no-sizes"]))
        let indexes = try XCTUnwrap(all["indexes"] as? [[String: Any]])
        XCTAssertTrue(indexes.allSatisfy { $0["size_bytes"] is NSNull })
        let firstTable = try XCTUnwrap(indexes.first?["table"] as? String)
        let filtered = try json(ProcessRunner.idxscope(["indexes", demo, "--format", "json", "--table", firstTable]))
        let subset = try XCTUnwrap(filtered["indexes"] as? [[String: Any]])
        XCTAssertFalse(subset.isEmpty)
        XCTAssertTrue(subset.allSatisfy { ($0["table"] as? String) == firstTable })
        XCTAssertLessThan(subset.count, indexes.count)
    }

    func testIndexesTableIsReadableAtEightyColumns() throws {
        let result = try ProcessRunner.idxscope(["indexes", demo], environment: ["COLUMNS": "80"])
        XCTAssertEqual(result.status, 0, result.describe)
        XCTAssertTrue(result.stdout.contains("TABLE"), result.stdout)
        XCTAssertTrue(result.stdout.contains("KiB") || result.stdout.contains("MiB"), result.stdout)
        for line in result.stdout.split(separator: "\n") {
            XCTAssertLessThanOrEqual(line.count, 80, String(line))
        }
    }

    func testExplainMarksFullScanAndResolvesAlias() throws {
        try sqlite(directory + "/t.db", "CREATE TABLE job(id INTEGER PRIMARY KEY, status TEXT, owner TEXT); CREATE INDEX idx_job_status ON job(status);")
        let scan = try json(ProcessRunner.idxscope(["explain", directory + "/t.db", "SELECT * FROM job AS j WHERE j.owner = 'x'", "--format", "json"]))
        XCTAssertEqual(scan["full_scans"] as? [String], ["job"])
        let nodes = try XCTUnwrap(scan["nodes"] as? [[String: Any]])
        XCTAssertEqual(nodes.first?["kind"] as? String, "full_scan")
        XCTAssertEqual(nodes.first?["relation"] as? String, "job")
        let search = try json(ProcessRunner.idxscope(["explain", directory + "/t.db", "SELECT * FROM job WHERE status = 'x'", "--format", "json"]))
        XCTAssertEqual(search["full_scans"] as? [String], [])
        XCTAssertEqual(search["indexes_used"] as? [String], ["idx_job_status"])
        let tree = try ProcessRunner.idxscope(["explain", directory + "/t.db", "SELECT * FROM job j WHERE owner = 'x'"])
        XCTAssertEqual(tree.status, 0, tree.describe)
        XCTAssertTrue(tree.stdout.contains("FULL SCAN"), tree.stdout)
    }

    func testExplainNeverExecutesTheStatement() throws {
        let path = directory + "/t.db"
        try sqlite(path, "CREATE TABLE t(a); INSERT INTO t VALUES (1), (2);")
        let result = try ProcessRunner.idxscope(["explain", path, "DELETE FROM t"])
        XCTAssertEqual(result.status, 0, result.describe)
        let count = try ProcessRunner.run("sqlite3", [path, "SELECT count(*) FROM t"])
        XCTAssertEqual(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "2")
    }

    func testExplainErrorsAreOneLineWithExitOne() throws {
        for sql in ["SELEC * FROM job", "SELECT * FROM no_such_table", "SELECT 1; SELECT 2"] {
            let result = try ProcessRunner.idxscope(["explain", demo, sql])
            XCTAssertEqual(result.status, 1, "\(sql): \(result.describe)")
            XCTAssertTrue(result.stderr.hasPrefix("idxscope: "), result.describe)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.describe)
        }
    }

    func testCheckFailsOnScansAndPassesOnIndexedWorkload() throws {
        let scanning = try ProcessRunner.idxscope(["check", "demo.db", "--queries", "demo.sql"], environment: ["COLUMNS": "80"],
                                                  directory: directory)
        XCTAssertEqual(scanning.status, 1, scanning.describe)
        XCTAssertTrue(scanning.stdout.contains("SCAN "), scanning.stdout)
        XCTAssertTrue(scanning.stdout.contains("\n       uses "), "the indexes a passing statement uses: \(scanning.stdout)")
        for line in scanning.stdout.split(separator: "\n") where !line.hasPrefix("       ") {
            XCTAssertLessThanOrEqual(DisplayWidthProbe.columns(String(line)), 80, String(line))
        }
        let path = directory + "/t.db"
        try sqlite(path, "CREATE TABLE job(id INTEGER PRIMARY KEY, status TEXT); CREATE INDEX idx_job_status ON job(status);")
        let queries = directory + "/ok.sql"
        try "SELECT * FROM job WHERE status = 'done';\n-- a comment; with a semicolon\nSELECT * FROM job WHERE id = 3;\n".write(toFile: queries, atomically: true, encoding: .utf8)
        let passing = try ProcessRunner.idxscope(["check", path, "--queries", queries, "--format", "json"])
        XCTAssertEqual(passing.status, 0, passing.describe)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(passing.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["statements"] as? Int, 2)
        XCTAssertEqual(report["failed"] as? Int, 0)
        let allowed = try ProcessRunner.idxscope(["check", path, "--queries", "-", "--allow-scan", "job"], stdin: "SELECT count(*) FROM job WHERE status > 'a' OR id > 2;")
        XCTAssertEqual(allowed.status, 0, allowed.describe)
    }

    func testBadTargetsFailWithOneLineAndCreateNothing() throws {
        let missing = directory + "/nope.db"
        var result = try ProcessRunner.idxscope(["indexes", missing])
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing), "a missing database must not be created")
        XCTAssertTrue(result.stderr.hasPrefix("idxscope: "), result.describe)

        result = try ProcessRunner.idxscope(["indexes", directory])
        XCTAssertEqual(result.status, 2, result.describe)

        let text = directory + "/notes.txt"
        try String(repeating: "hello, not a database\n", count: 300).write(toFile: text, atomically: true, encoding: .utf8)
        result = try ProcessRunner.idxscope(["indexes", text])
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertTrue(result.stderr.contains("not a database"), result.describe)

        let truncated = directory + "/truncated.db"
        let data = try Data(contentsOf: URL(fileURLWithPath: demo))
        try data.prefix(data.count / 3).write(to: URL(fileURLWithPath: truncated))
        result = try ProcessRunner.idxscope(["indexes", truncated])
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.describe)

        for bad in [["indexes"], ["explain", demo], ["indexes", demo, "--format", "xml"], ["queries", demo]] {
            result = try ProcessRunner.idxscope(bad)
            XCTAssertEqual(result.status, 2, "\(bad): \(result.describe)")
            XCTAssertTrue(result.stderr.hasPrefix("idxscope: "), "\(bad): \(result.describe)")
        }
    }

    func testNoTerminalSaysToUseASubcommand() throws {
        let result = try ProcessRunner.idxscope([demo], environment: ["TERM": "xterm-256color"], timeout: 10)
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertTrue(result.stderr.contains("sub-command") || result.stderr.contains("subcommand"), result.describe)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.describe)
    }

    func testOddIdentifiersAreListedAndQuoted() throws {
        let path = directory + "/odd.db"
        try sqlite(path, #"CREATE TABLE "my table"("a col" TEXT, "qu""ote" INT, größe REAL); CREATE INDEX "idx ""odd"" größe" ON "my table"("a col", größe); CREATE INDEX "索引" ON "my table"("qu""ote");"#)
        let report = try json(ProcessRunner.idxscope(["indexes", path, "--format", "json"]))
        let indexes = try XCTUnwrap(report["indexes"] as? [[String: Any]])
        let names = Set(indexes.compactMap { $0["name"] as? String })
        XCTAssertEqual(names, ["idx \"odd\" größe", "索引"])
        let odd = try XCTUnwrap(indexes.first { ($0["name"] as? String) == "idx \"odd\" größe" })
        XCTAssertEqual(odd["columns"] as? [String], ["a col", "größe"])
        XCTAssertEqual(odd["table"] as? String, "my table")
        let plan = try json(ProcessRunner.idxscope(["explain", path, #"SELECT * FROM "my table" WHERE "a col" = 'x'"#, "--format", "json"]))
        XCTAssertEqual(plan["indexes_used"] as? [String], ["idx \"odd\" größe"])
    }

    func testFindingsOnTheDemo() throws {
        let report = try json(ProcessRunner.idxscope(["findings", demo, "--format", "json"]))
        XCTAssertEqual(report["engine"] as? String, "sqlite")
        let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        let byIndex = Dictionary(uniqueKeysWithValues: findings.map { ($0["index"] as? String ?? "", $0) })
        XCTAssertEqual(byIndex["idx_job_queue_copy"]?["kind"] as? String, "duplicate")
        XCTAssertEqual(byIndex["idx_job_queue_copy"]?["covered_by"] as? String, "idx_job_queue")
        XCTAssertEqual(byIndex["idx_job_status"]?["kind"] as? String, "redundant")
        XCTAssertEqual(byIndex["idx_job_status"]?["sql"] as? String, "DROP INDEX idx_job_status;")
        XCTAssertFalse(findings.contains { ($0["kind"] as? String) == "unused" }, "SQLite keeps no counters")
        // The SQL is printed, never run: the index is still there.
        let after = try json(ProcessRunner.idxscope(["indexes", demo, "--format", "json", "--no-sizes"]))
        XCTAssertTrue((after["indexes"] as? [[String: Any]] ?? []).contains { ($0["name"] as? String) == "idx_job_status" })
    }

    func testDemoNeverWritesOverAUsersFiles() throws {
        let precious = directory + "/app.sql"
        try "my precious migration".write(toFile: precious, atomically: true, encoding: .utf8)
        var result = try ProcessRunner.idxscope(["demo", directory + "/app.db"])
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertEqual(try String(contentsOfFile: precious, encoding: .utf8), "my precious migration")
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/app.db"), "nothing written when refusing")
        result = try ProcessRunner.idxscope(["demo", directory + "/d.sql"])
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/d.sql"))
        // Writing the demo again over itself is fine.
        result = try ProcessRunner.idxscope(["demo", demo])
        XCTAssertEqual(result.status, 0, result.describe)
    }

    func testControlCharactersInNamesNeverReachTheTerminal() throws {
        let path = directory + "/evil.db"
        try sqlite(path, "CREATE TABLE t(a); CREATE INDEX \"evil\u{1B}]0;PWNED\u{07}\u{1B}[2J\" ON t(a); CREATE INDEX \"two\nlines\" ON t(a);")
        let result = try ProcessRunner.idxscope(["indexes", path])
        XCTAssertEqual(result.status, 0, result.describe)
        XCTAssertFalse(result.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, result.stdout.debugDescription)
        XCTAssertTrue(result.stdout.contains("evil\\x1B]0;PWNED\\x07"), result.stdout)
        XCTAssertTrue(result.stdout.contains("two\\nlines"), result.stdout)
    }

    /// Bidi controls would show a name's letters in another order than it has: escaped too.
    func testBidiControlsInNamesAreShownEscaped() throws {
        let path = directory + "/bidi.db"
        try sqlite(path, "CREATE TABLE t(a, b); CREATE INDEX \"abc\u{202E}fdp\u{2066}x\u{200F}\" ON t(a); CREATE INDEX dup_twin ON t(a); CREATE INDEX \"c1\u{85}\" ON t(b);")
        for arguments in [["indexes", path], ["findings", path], ["indexes", path, "--format", "json"]] {
            let result = try ProcessRunner.idxscope(arguments)
            XCTAssertEqual(result.status, 0, result.describe)
            XCTAssertFalse(result.stdout.unicodeScalars.contains { [0x202E, 0x2066, 0x200F].contains($0.value) }, result.stdout.debugDescription)
            if arguments.contains("json") {
                // JSON keeps the exact name for scripts, as \u escapes in the JSON text.
                let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
                let names = (object?["indexes"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
                XCTAssertTrue(names.contains("abc\u{202E}fdp\u{2066}x\u{200F}"), "\(names)")
                XCTAssertTrue(names.contains("c1\u{85}"), "a C1 control stays valid JSON: \(names)")
            } else {
                XCTAssertTrue(result.stdout.contains("abc\\u202Efdp\\u2066x\\u200F"), result.stdout)
            }
        }
    }

    func testWholeIndexReadsAreMarkedAndFailCheckWhenStrict() throws {
        let sql = "SELECT count(*) FROM job"
        let tree = try ProcessRunner.idxscope(["explain", demo, sql])
        XCTAssertEqual(tree.status, 0, tree.describe)
        XCTAssertTrue(tree.stdout.contains("◀ FULL INDEX SCAN"), tree.stdout)
        let lenient = try ProcessRunner.idxscope(["check", demo, "--queries", "-"], stdin: sql)
        XCTAssertEqual(lenient.status, 0, lenient.describe)
        let strict = try ProcessRunner.idxscope(["check", demo, "--queries", "-", "--strict"], stdin: sql)
        XCTAssertEqual(strict.status, 1, strict.describe)
        // An index read is named as one, never as a full scan of the table.
        XCTAssertTrue(strict.stdout.contains("whole index read of idx_job_"), strict.stdout)
        XCTAssertTrue(strict.stdout.contains(" on job"), strict.stdout)
        XCTAssertFalse(strict.stdout.contains("full scan of job"), strict.stdout)
    }

    /// SQLite gives no conditions, costs or measurements: the fields are there, null; its EXPLAIN
    /// QUERY PLAN rows come as `raw_plan`. `check`'s line is the statement's, in JSON and text alike.
    func testExplainJSONOnSQLiteHasNullFactsAndTheEQPRows() throws {
        let plan = try json(try ProcessRunner.idxscope(["explain", demo, "SELECT * FROM job WHERE status = 'x' ORDER BY priority", "--format", "json"]))
        let nodes = try XCTUnwrap(plan["nodes"] as? [[String: Any]])
        for node in nodes {
            for field in ["index_condition", "filter", "join_condition", "sort_key", "total_cost", "actual_loops", "buffers"] {
                XCTAssertTrue(node[field] is NSNull, "\(field) in \(node)")
            }
        }
        let raw = try XCTUnwrap(plan["raw_plan"] as? [[String: Any]])
        XCTAssertEqual(raw.map { $0["detail"] as? String }, nodes.map { $0["detail"] as? String })
        XCTAssertEqual(raw.map { $0["id"] as? Int }, nodes.map { $0["id"] as? Int })
        XCTAssertEqual(Set(raw.first?.keys.map { $0 } ?? []), ["id", "parent", "notused", "detail"])

        let script = "-- first\n-- second\nSELECT * FROM job WHERE error LIKE '%x%';\n/* a\n block */\n  SELECT 1;\n"
        let check = try ProcessRunner.idxscope(["check", demo, "--queries", "-", "--format", "json"], stdin: script)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((report["results"] as? [[String: Any]])?.map { $0["line"] as? Int }, [3, 6])
        let text = try ProcessRunner.idxscope(["check", demo, "--queries", "-"], stdin: script)
        XCTAssertTrue(text.stdout.contains("SCAN   -:3 "), text.stdout)
        XCTAssertTrue(text.stdout.contains("ok     -:6 "), text.stdout)
    }

    /// `ORDER BY … LIMIT 1` along an index (or the rowid) reads one row: `--strict` passes it; a
    /// filter under the same LIMIT may read every row and still fails.
    func testReadsThatALimitStopsAreNotWholeReads() throws {
        let ordered = ["SELECT id FROM job ORDER BY priority DESC, created_at LIMIT 1",
                       "SELECT * FROM job ORDER BY id DESC LIMIT 1",
                       "SELECT * FROM job LIMIT 5"]
        for sql in ordered {
            let plan = try json(try ProcessRunner.idxscope(["explain", demo, sql, "--format", "json"]))
            let nodes = try XCTUnwrap(plan["nodes"] as? [[String: Any]])
            XCTAssertEqual(nodes.map { $0["kind"] as? String }, ["limited_scan"], sql)
            XCTAssertEqual(nodes.first?["relation"] as? String, "job", sql)
            let strict = try ProcessRunner.idxscope(["check", demo, "--queries", "-", "--strict"], stdin: sql)
            XCTAssertEqual(strict.status, 0, "\(sql): \(strict.describe)")
        }
        XCTAssertEqual(try json(try ProcessRunner.idxscope(["explain", demo, ordered[0], "--format", "json"]))["indexes_used"] as? [String],
                       ["idx_job_priority_desc"])
        for sql in ["SELECT * FROM job WHERE error LIKE '%x%' LIMIT 1", "SELECT * FROM job ORDER BY id LIMIT 1 OFFSET 100000",
                    "SELECT count(*) FROM job LIMIT 1"] {
            let strict = try ProcessRunner.idxscope(["check", demo, "--queries", "-", "--strict"], stdin: sql)
            XCTAssertEqual(strict.status, 1, "\(sql): \(strict.describe)")
        }
    }

    /// However the statement names the table (schema-qualified, quoted, aliased, through a view
    /// or a CTE), its full scan fails `check` and is listed by `explain`.
    func testFullScansAreFoundHoweverTheTableIsNamed() throws {
        try sqlite(demo, "CREATE VIEW failing AS SELECT j.id FROM job AS j WHERE j.error LIKE '%x%'")
        let statements = ["SELECT * FROM main.job WHERE error LIKE '%x%'",
                          "SELECT * FROM \"main\".\"job\" AS \"J\" WHERE \"J\".error LIKE '%x%'",
                          "SELECT * FROM MAIN.JOB x WHERE x.error LIKE '%x%'",
                          "SELECT * FROM failing",
                          "WITH c AS MATERIALIZED (SELECT * FROM job WHERE error LIKE '%x%') SELECT * FROM c"]
        for sql in statements {
            let check = try ProcessRunner.idxscope(["check", demo, "--queries", "-", "--format", "json"], stdin: sql)
            XCTAssertEqual(check.status, 1, "\(sql): \(check.describe)")
            let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
            let results = try XCTUnwrap(report["results"] as? [[String: Any]])
            XCTAssertEqual(results.first?["full_scans"] as? [String], ["job"], sql)
            let plan = try json(try ProcessRunner.idxscope(["explain", demo, sql, "--format", "json"]))
            XCTAssertEqual(plan["full_scans"] as? [String], ["job"], sql)
        }
        // sqlite_schema is not a row of itself: still a table read in full, named as the plan names it.
        let schema = try json(try ProcessRunner.idxscope(["explain", demo, "SELECT * FROM sqlite_schema", "--format", "json"]))
        XCTAssertEqual(schema["full_scans"] as? [String], ["sqlite_schema"])
        let allowed = try ProcessRunner.idxscope(["check", demo, "--queries", "-", "--allow-scan", "job"],
                                                 stdin: "SELECT * FROM main.job WHERE error LIKE '%x%'")
        XCTAssertEqual(allowed.status, 0, allowed.describe)
    }

    func testUnknownTableIsAnInputErrorAndColumnsShowOrder() throws {
        let result = try ProcessRunner.idxscope(["indexes", demo, "--table", "no_such_table"])
        XCTAssertEqual(result.status, 2, result.describe)
        XCTAssertTrue(result.stderr.contains("no_such_table"), result.describe)
        let table = try ProcessRunner.idxscope(["indexes", demo, "--table", "job"])
        XCTAssertTrue(table.stdout.contains("priority DESC, created_at"), table.stdout)
    }

    func testVersionAndHelpExitZero() throws {
        let version = try ProcessRunner.idxscope(["--version"])
        XCTAssertEqual(version.status, 0, version.describe)
        let help = try ProcessRunner.idxscope(["--help"])
        XCTAssertEqual(help.status, 0, help.describe)
        XCTAssertTrue(help.stdout.contains("indexes"), help.stdout)
    }
}

/// Column count for the assertions above (the CLI tests link only Foundation, not the core).
enum DisplayWidthProbe {
    static func columns(_ text: String) -> Int { text.count }
}
