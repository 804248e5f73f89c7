import XCTest
@testable import IdxScopeCore

final class ReportTests: XCTestCase {
    private func record(_ name: String, table: String = "job", columns: [String], size: Int64? = nil, scans: Int64? = nil) -> IndexRecord {
        IndexRecord(info: IndexInfo(schema: "main", table: table, name: name,
                                    keyColumns: columns.map { IndexInfo.Column(name: $0) },
                                    definition: "CREATE INDEX \(name) ON \(table)(\(columns.joined(separator: ", ")))"),
                    usage: IndexUsage(scans: scans), space: IndexSpace(sizeBytes: size))
    }

    func testIndexesJSONKeepsContractOrderAndNulls() {
        let catalog = Catalog(engine: .sqlite, database: "app.db", serverVersion: "3.40.1",
                              indexes: [record("idx_job_status", columns: ["status"], size: 40960)])
        let text = IndexesReport.json(catalog).serialized()
        XCTAssertTrue(text.hasPrefix(#"{"engine":"sqlite","database":"app.db","server_version":"3.40.1","stats_since":null,"#), text)
        XCTAssertTrue(text.contains(#""indexes":[{"schema":"main","table":"job","name":"idx_job_status","columns":["status"],"include":[],"unique":false,"primary":false,"constraint":null,"partial":null,"method":"btree","valid":true,"definition":"CREATE INDEX idx_job_status ON job(status)","size_bytes":40960,"scans":null,"tuples_read":null,"tuples_fetched":null,"bloat_bytes":null,"bloat_exact":false"#), text)
    }

    func testIndexesJSONColumnDetailsAndForeignKeyObjects() throws {
        let columns = [
            IndexInfo.Column(name: "d", descending: true, opclass: "text_pattern_ops", nullsFirst: false),
            IndexInfo.Column(name: "lower(d)", isExpression: true, collation: "C"),
            IndexInfo.Column(name: "e", nullsFirst: true),
        ]
        let index = IndexRecord(info: IndexInfo(schema: "s", table: "part_1", name: "i", keyColumns: columns, definition: "",
                                                servesForeignKeys: ["part_1_fk", "parent_fk", "gone_fk"]))
        let catalog = Catalog(engine: .postgresql, database: "db", serverVersion: "15", indexes: [index], foreignKeys: [
            ForeignKey(schema: "s", table: "part_1", name: "part_1_fk", columns: ["d", "e"], referencedTable: "s.r",
                       referencedColumns: ["a", "b"]),
            // A partition's index serving its parent's key: found by schema and name.
            ForeignKey(schema: "s", table: "parent", name: "parent_fk", columns: ["e"], referencedTable: "s.q", referencedColumns: ["id"]),
        ])
        let text = IndexesReport.json(catalog).serialized()
        XCTAssertTrue(text.contains(#""columns":["d","lower(d)","e"]"#), "the plain list stays: \(text)")
        XCTAssertTrue(text.contains(#""column_details":[{"name":"d","expression":false,"descending":true,"collation":null,"opclass":"text_pattern_ops","nulls_first":false},{"name":"lower(d)","expression":true,"descending":false,"collation":"C","opclass":null,"nulls_first":false},{"name":"e","expression":false,"descending":false,"collation":null,"opclass":null,"nulls_first":true}]"#), text)
        XCTAssertTrue(text.contains(#""foreign_keys":[{"name":"part_1_fk","columns":["d","e"],"referenced_table":"s.r","referenced_columns":["a","b"]},{"name":"parent_fk","columns":["e"],"referenced_table":"s.q","referenced_columns":["id"]},{"name":"gone_fk","columns":null,"referenced_table":null,"referenced_columns":null}]"#), text)
        XCTAssertTrue(text.contains(#""foreign_key_names":["part_1_fk","parent_fk","gone_fk"]"#), text)

        // SQLite: NULLs are the smallest value, so they come first in an ascending index.
        let sqlite = Catalog(engine: .sqlite, database: "x.db", serverVersion: "3", indexes: [
            IndexRecord(info: IndexInfo(schema: "main", table: "t", name: "j", keyColumns: [
                IndexInfo.Column(name: "a", descending: true), IndexInfo.Column(name: "b", collation: "NOCASE")], definition: "")),
        ])
        XCTAssertTrue(IndexesReport.json(sqlite).serialized().contains(#""column_details":[{"name":"a","expression":false,"descending":true,"collation":null,"opclass":null,"nulls_first":false},{"name":"b","expression":false,"descending":false,"collation":"NOCASE","opclass":null,"nulls_first":true}]"#))
    }

    func testJSONEscapesControlCharactersQuotesAndKeepsUnicode() throws {
        let value = JSONValue.object([("name", .string("a \"q\"\n\u{1}é漢"))])
        let text = value.serialized()
        XCTAssertEqual(text, #"{"name":"a \"q\"\n\u0001é漢"}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(value.serialized(pretty: true).utf8)) as? [String: String]
        XCTAssertEqual(parsed?["name"], "a \"q\"\n\u{1}é漢")
    }

    func testTableFitsEightyColumnsAndAlignsWideNames() {
        let catalog = Catalog(engine: .sqlite, database: "app.db", serverVersion: "3.40.1", indexes: [
            record("idx_a_very_long_index_name_that_goes_on_and_on", table: "a_table_with_a_long_name", columns: ["status", "created_at", "priority", "owner"], size: 5 * 1024 * 1024),
            record("索引", table: "表", columns: ["名前"], size: 2048),
        ])
        let lines = IndexesReport.table(catalog, width: 80).split(separator: "\n").map(String.init)
        for line in lines { XCTAssertLessThanOrEqual(DisplayWidth.of(line), 80, line) }
        let body = lines.filter { $0.contains("索引") || $0.contains("idx_a_very") }
        XCTAssertEqual(body.count, 2)
        // The SIZE column ends at the same display column on both rows.
        XCTAssertEqual(DisplayWidth.of(body[0]), DisplayWidth.of(body[1]), body.joined(separator: "\n"))
        XCTAssertTrue(body[0].hasSuffix("5.0 MiB"), body[0])
    }

    func testHumanSizes() {
        XCTAssertEqual(ByteFormat.human(0), "0 B")
        XCTAssertEqual(ByteFormat.human(1023), "1023 B")
        XCTAssertEqual(ByteFormat.human(4096), "4.0 KiB")
        XCTAssertEqual(ByteFormat.human(40960), "40 KiB")
        XCTAssertEqual(ByteFormat.human(1_610_612_736), "1.5 GiB")
        XCTAssertEqual(ByteFormat.human(nil), "—")
        XCTAssertEqual(ByteFormat.count(1234567), "1,234,567")
        XCTAssertEqual(ByteFormat.count(-12), "-12")
    }

    func testDisplayWidth() {
        XCTAssertEqual(DisplayWidth.of("abc"), 3)
        XCTAssertEqual(DisplayWidth.of("漢字"), 4)
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)
        XCTAssertEqual(DisplayWidth.of("🚀"), 2)
        XCTAssertEqual("漢字漢字".clipped(to: 5, ellipsis: true), "漢字…")
        XCTAssertEqual("ab".padded(to: 4, alignRight: true), "  ab")
    }

    func testPlanTreeAndSummaries() {
        let plan = QueryPlan(engine: .sqlite, query: "SELECT …", nodes: [
            PlanNode(id: 2, parent: 0, detail: "SCAN j", kind: .fullScan, relation: "job"),
            PlanNode(id: 5, parent: 0, detail: "SEARCH w USING INDEX idx_worker_name (name=?)", kind: .indexSearch, relation: "worker", index: "idx_worker_name"),
            PlanNode(id: 7, parent: 5, detail: "USE TEMP B-TREE FOR ORDER BY", kind: .tempBTree),
        ])
        XCTAssertEqual(plan.fullScans, ["job"])
        XCTAssertEqual(plan.indexesUsed, ["idx_worker_name"])
        XCTAssertEqual(plan.depths(), [0, 0, 1])
        let tree = ExplainReport.tree(plan)
        XCTAssertTrue(tree.contains("SCAN j   ◀ FULL SCAN\n"), tree)
        XCTAssertTrue(tree.contains("└─ USE TEMP B-TREE FOR ORDER BY   ◀ TEMP B-TREE\n"), tree)
        XCTAssertTrue(tree.contains("full scans: job"), tree)
        let json = ExplainReport.json(plan).serialized()
        XCTAssertTrue(json.contains(#""full_scans":["job"],"indexes_used":["idx_worker_name"]"#), json)
        XCTAssertTrue(json.contains(#"{"id":2,"parent":0,"detail":"SCAN j","kind":"full_scan","relation":"job","index":null,"estimated_rows":null,"actual_rows":null,"index_condition":null,"#), json)
    }

    func testCheckExitCodeAndAllowedScans() {
        let scan = QueryPlan(engine: .sqlite, query: "q", nodes: [PlanNode(id: 1, parent: 0, detail: "SCAN t", kind: .fullScan, relation: "t")])
        let statement = SQLScript.Statement(text: "SELECT * FROM t", line: 3)
        XCTAssertEqual(CheckReport.exitCode([CheckResult(statement: statement, plan: scan, error: nil)]), 1)
        XCTAssertEqual(CheckReport.exitCode([CheckResult(statement: statement, plan: scan, error: nil, allowedScans: ["t"])]), 0)
        XCTAssertEqual(CheckReport.exitCode([CheckResult(statement: statement, plan: nil, error: "no such table")]), 1)
        let text = CheckReport.text([CheckResult(statement: statement, plan: scan, error: nil)], file: "w.sql")
        XCTAssertTrue(text.contains("SCAN   w.sql:3  SELECT * FROM t\n       full scan of t"), text)
        XCTAssertTrue(text.hasSuffix("0 passed, 1 failed\n"), text)
    }

    func testSkippedStatementsAreListedAndNeverFail() {
        let begin = SQLScript.Statement(text: "BEGIN", line: 1)
        let skipped = CheckResult(statement: begin, plan: nil, error: nil, skipped: "not planned: EXPLAIN cannot plan BEGIN")
        XCTAssertEqual(CheckReport.exitCode([skipped]), 0)
        let text = CheckReport.text([skipped], file: "w.sql")
        XCTAssertTrue(text.contains("skip   w.sql:1  BEGIN\n       not planned: EXPLAIN cannot plan BEGIN"), text)
        XCTAssertTrue(text.hasSuffix("0 passed, 0 failed, 1 skipped (not plannable)\n"), text)
        let json = CheckReport.json([skipped], engine: .postgresql, file: "w.sql").serialized()
        XCTAssertTrue(json.contains(#""error":null,"skipped":true,"note":"not planned: EXPLAIN cannot plan BEGIN""#), json)
    }

    func testAllowedScansIgnoreCaseWhereTheEngineDoes() {
        let scan = QueryPlan(engine: .sqlite, query: "q", nodes: [PlanNode(id: 1, parent: 0, detail: "SCAN job", kind: .fullScan, relation: "job")])
        let statement = SQLScript.Statement(text: "SELECT * FROM job", line: 1)
        XCTAssertTrue(CheckResult(statement: statement, plan: scan, error: nil, allowedScans: ["JOB"], namesIgnoreCase: true).passed)
        XCTAssertFalse(CheckResult(statement: statement, plan: scan, error: nil, allowedScans: ["JOB"]).passed)
    }

    func testStatementCodeStartsAfterItsLeadingComments() {
        let statements = SQLScript.split("-- calls: 5\n/* a comment */\n  SELECT 1;\nSELECT 2 -- tail\n;")
        XCTAssertEqual(statements.map(\.code), ["SELECT 1", "SELECT 2 -- tail"])
        XCTAssertEqual(statements.map(\.line), [3, 4])
        XCTAssertTrue(statements[0].text.hasPrefix("-- calls: 5"), "the text keeps its comment (weights)")
    }

    func testIdentifierQuotingAndGeneratedSQL() {
        XCTAssertEqual(SQLIdentifier.quote("idx_job"), "idx_job")
        XCTAssertEqual(SQLIdentifier.quote("Job"), "\"Job\"")
        XCTAssertEqual(SQLIdentifier.quote("odd \"name\""), "\"odd \"\"name\"\"\"")
        XCTAssertEqual(SQLIdentifier.quote("order"), "\"order\"")
        let info = IndexInfo(schema: "my schema", table: "t", name: "i x", keyColumns: [], definition: "")
        XCTAssertEqual(SQLIdentifier.drop(info, engine: .postgresql).sql, "DROP INDEX CONCURRENTLY \"my schema\".\"i x\";")
        var sqliteInfo = info
        sqliteInfo.schema = "main"
        XCTAssertEqual(SQLIdentifier.drop(sqliteInfo, engine: .sqlite).sql, "DROP INDEX \"i x\";", "SQLite's main schema is implied")
        XCTAssertEqual(SQLIdentifier.rebuild(sqliteInfo, engine: .sqlite), "REINDEX \"i x\";")
    }

    func testPartitionIndexesGetSQLThatPostgreSQLAccepts() {
        var child = IndexInfo(schema: "public", table: "events_2025", name: "events_2025_at_idx", keyColumns: [], definition: "")
        child.parentIndex = "events_at_idx"
        let childDrop = SQLIdentifier.drop(child, engine: .postgresql)
        XCTAssertNil(childDrop.sql, "cannot drop index events_2025_at_idx because index events_at_idx requires it")
        XCTAssertTrue(childDrop.note?.contains("events_at_idx") == true)
        var parent = IndexInfo(schema: "public", table: "events", name: "events_at_idx", keyColumns: [], definition: "")
        parent.isPartitionedParent = true
        XCTAssertEqual(SQLIdentifier.drop(parent, engine: .postgresql).sql, "DROP INDEX public.events_at_idx;")
    }

    func testOneLineErrors() {
        XCTAssertEqual(IdxScopeError(.input, "connection failed\nFATAL:  bad\n  DETAIL: x\n").message, "connection failed FATAL:  bad DETAIL: x")
        XCTAssertEqual(IdxScopeError(.statement, "x").exitCode, 1)
        XCTAssertEqual(IdxScopeError(.input, "x").exitCode, 2)
    }
}

final class TerminalTextTests: XCTestCase {
    func testBidiControlsAreEscapedLikeOtherControls() {
        for (scalar, shown) in [(0x202A, "\\u202A"), (0x202E, "\\u202E"), (0x2066, "\\u2066"), (0x2069, "\\u2069"),
                                (0x200E, "\\u200E"), (0x200F, "\\u200F"), (0x061C, "\\u061C")] {
            let text = "a" + String(Character(Unicode.Scalar(scalar)!)) + "b"
            XCTAssertEqual(text.escapingControlCharacters(), "a" + shown + "b")
            XCTAssertEqual(text.escapingControlCharacters(keepNewlines: true), "a" + shown + "b")
        }
        XCTAssertEqual("vic\u{1B}tim".escapingControlCharacters(), "vic\\x1Btim")
        XCTAssertEqual("a\tb\nc".escapingControlCharacters(keepNewlines: true, keepTabs: true), "a\tb\nc")
        XCTAssertEqual("日本\u{200D}語".escapingControlCharacters(), "日本\u{200D}語", "a joiner is no control")
        XCTAssertEqual(JSONValue.string("x\u{202E}\u{85}").serialized(), #""x\u202e\u0085""#)
    }

    func testControlCharactersAreShownNotSent() {
        XCTAssertEqual("evil\u{1B}]0;PWNED\u{7}\u{1B}[2J".escapingControlCharacters(), "evil\\x1B]0;PWNED\\x07\\x1B[2J")
        XCTAssertEqual("a\nb\tc\u{9B}".escapingControlCharacters(), "a\\nb\\tc\\x9B")
        XCTAssertEqual("a\nb".escapingControlCharacters(keepNewlines: true), "a\nb")
        XCTAssertEqual("漢字 é".escapingControlCharacters(), "漢字 é")
        var table = TextTable(columns: [TextTable.Column("NAME"), TextTable.Column("SIZE")])
        table.add(["two\nlines", "1"])
        XCTAssertEqual(table.render().split(separator: "\n").count, 3, "a newline in a name must not add a row")
    }

    func testAPlanStepIdxscopeCannotReadFailsCheckWithItsText() {
        let statement = SQLScript.Statement(text: "SELECT 1", line: 1)
        let plan = QueryPlan(engine: .postgresql, query: "SELECT 1", nodes: [
            PlanNode(id: 1, parent: 0, detail: "Custom Scan (ChunkAppend) on metrics", kind: .unknown, relation: "metrics"),
        ])
        let result = CheckResult(statement: statement, plan: plan, error: nil)
        XCTAssertFalse(result.passed)
        XCTAssertEqual(CheckReport.exitCode([result]), 1)
        let text = CheckReport.text([result], file: "q.sql")
        XCTAssertTrue(text.contains("SCAN   q.sql:1"), text)
        XCTAssertTrue(text.contains("plan step idxscope cannot read (counted as a scan): Custom Scan (ChunkAppend) on metrics"), text)
        let json = CheckReport.json([result], engine: .postgresql, file: "q.sql").serialized(pretty: false)
        XCTAssertTrue(json.contains("\"unknown_steps\":[\"Custom Scan (ChunkAppend) on metrics\"]"), json)
        XCTAssertTrue(ExplainReport.tree(plan).contains("◀ UNKNOWN STEP"))
    }

    func testStrictNamesWholeIndexReadsAndPassesLimitedReads() {
        let statement = SQLScript.Statement(text: "q", line: 1)
        let whole = QueryPlan(engine: .sqlite, query: "q", nodes: [
            PlanNode(id: 2, parent: 0, detail: "SCAN job USING COVERING INDEX i", kind: .indexFullScan, relation: "job", index: "i"),
        ])
        let strict = CheckResult(statement: statement, plan: whole, error: nil, strict: true)
        XCTAssertFalse(strict.passed)
        XCTAssertEqual(strict.wholeIndexReads, ["i on job"])
        XCTAssertTrue(CheckReport.text([strict], file: "f").contains("whole index read of i on job"))
        XCTAssertFalse(CheckReport.text([strict], file: "f").contains("full scan"))
        XCTAssertTrue(CheckResult(statement: statement, plan: whole, error: nil).passed)
        var limited = whole
        limited.nodes[0].kind = .limitedScan
        XCTAssertTrue(CheckResult(statement: statement, plan: limited, error: nil, strict: true).passed)
    }
}
