import XCTest
@testable import IdxScopeCore

/// The advisor's pure parts: workload weights, candidate shapes, prefix rules, naming.
final class AdvisorModelTests: XCTestCase {
    func testWorkloadCallsCommentWeightsTheStatementAfterIt() {
        let statements = Workload.parse("""
            -- calls: 120
            SELECT 1;
            -- the dispatcher
            --   calls:  7
            SELECT 2;
            SELECT 3;
            /* calls: 4 */ SELECT 4;
            -- calls: zero
            SELECT 5;
            """)
        XCTAssertEqual(statements.map(\.calls), [120, 7, 1, 1, 1])
        XCTAssertEqual(statements.map(\.line), [2, 5, 6, 7, 9])
    }

    func testWorkloadDataRefusesBinaryAndEmpty() {
        XCTAssertThrowsError(try Workload.parse(data: Data([0x53, 0x00, 0x3B]), name: "w")) {
            XCTAssertEqual(($0 as? IdxScopeError)?.kind, .input)
        }
        XCTAssertThrowsError(try Workload.parse(data: Data([0xC3, 0x28]), name: "w"))
        XCTAssertThrowsError(try Workload.parse(data: Data("-- only a comment\n;;".utf8), name: "w")) {
            XCTAssertTrue(($0 as? IdxScopeError)?.message.contains("no statements") ?? false)
        }
    }

    func testCandidatesPutEqualityThenOneRangeThenSortAtMostThreeKeys() {
        let usage = ColumnUsage(schema: "main", table: "comments",
                                equality: [.column("experiment_id"), .column("user_id")],
                                range: [.column("created_at"), .column("score")],
                                sort: [.column("created_at"), .column("id")])
        let shapes = CandidateBuilder.candidates(for: usage).map { $0.keys.map(\.text) }
        XCTAssertEqual(shapes, [
            ["experiment_id", "user_id"],
            ["experiment_id", "user_id", "created_at"],
            ["experiment_id", "user_id", "score"],
            ["experiment_id", "user_id", "created_at"].prefix(3).map { $0 }, // sort list trimmed to three: a duplicate
            ["experiment_id"], ["user_id"],
        ].reduce(into: [[String]]()) { if !$0.contains($1) { $0.append($1) } })
        XCTAssertTrue(shapes.allSatisfy { $0.count <= IndexCandidate.maximumKeys })
    }

    func testSortOnlyAndExpressionCandidates() {
        let sortOnly = CandidateBuilder.candidates(for: ColumnUsage(schema: "main", table: "t", sort: [.column("b"), .column("c")]))
        XCTAssertEqual(sortOnly.map { $0.keys.map(\.text) }, [["b", "c"]])
        let expression = CandidateBuilder.candidates(for: ColumnUsage(schema: "public", table: "users", equality: [.expression("lower(email)")]))
        XCTAssertEqual(expression.first?.createSQL(engine: .postgresql),
                       "CREATE INDEX CONCURRENTLY users_lower_email_idx ON public.users ((lower(email)));")
    }

    func testExistingIndexThatLeadsWithTheKeysRemovesTheCandidate() {
        let existing = IndexInfo(schema: "main", table: "comments", name: "c_exp_body",
                                 keyColumns: [.init(name: "experiment_id"), .init(name: "body")], definition: "")
        let nocase = IndexInfo(schema: "main", table: "comments", name: "c_lower",
                               keyColumns: [.init(name: "lower(body)", isExpression: true, collation: "NOCASE")], definition: "")
        let partial = IndexInfo(schema: "main", table: "comments", name: "c_user_partial",
                                keyColumns: [.init(name: "user_id")], partial: "user_id > 0", definition: "")
        let usages = [
            ColumnUsage(schema: "main", table: "comments", equality: [.column("experiment_id")]),
            ColumnUsage(schema: "main", table: "comments", equality: [.column("Experiment_ID"), .column("body")]),
            ColumnUsage(schema: "main", table: "comments", equality: [.expression("lower(body)")]),
            ColumnUsage(schema: "main", table: "comments", equality: [.column("user_id")]),
        ]
        let candidates = CandidateBuilder.candidates(for: usages, existing: [existing, nocase, partial])
        XCTAssertEqual(candidates.map(\.description), ["comments(body)", "comments(lower(body))", "comments(user_id)"],
                       "a prefix or duplicate of an existing index is never a candidate; a collated or partial one does not cover")
    }

    func testCandidateNamesAreReadableAndBounded() {
        let long = IndexCandidate(schema: "public", table: String(repeating: "t", count: 40),
                                  keys: [.column(String(repeating: "c", count: 30)), .column("Created At")])
        XCTAssertLessThanOrEqual(long.suggestedName.utf8.count, 63)
        let plain = IndexCandidate(schema: "main", table: "dead letter", keys: [.column("Created At")])
        XCTAssertEqual(plain.createSQL(engine: .sqlite), "CREATE INDEX \"dead letter_created_at_idx\" ON \"dead letter\" (\"Created At\");")
    }

    func testATakenNameGetsANumber() {
        let candidate = IndexCandidate(schema: "public", table: "comments", keys: [.column("experiment_id")])
        var taken: Set<String> = ["public.comments_experiment_id_idx", "other.comments_body_idx"]
        XCTAssertEqual(Advisor.freeName(candidate, taken: &taken), "comments_experiment_id_idx_2")
        XCTAssertEqual(Advisor.freeName(candidate, taken: &taken), "comments_experiment_id_idx_3")
        let long = IndexCandidate(schema: "public", table: String(repeating: "t", count: 70), keys: [.column("a")])
        XCTAssertEqual(Advisor.freeName(long, taken: &taken).utf8.count, 63)
        let twin = Advisor.freeName(long, taken: &taken)
        XCTAssertTrue(twin.hasSuffix("_2") && twin.utf8.count == 63, twin)
        let body = IndexCandidate(schema: "public", table: "comments", keys: [.column("body")])
        XCTAssertEqual(Advisor.freeName(body, taken: &taken), "comments_body_idx", "another schema's index does not take the name")
    }

    func testPlannableStatements() {
        XCTAssertTrue(PlannableStatement.isPlannable("/* x */ select 1"))
        XCTAssertTrue(PlannableStatement.isPlannable("WITH a AS (SELECT 1) SELECT * FROM a"))
        XCTAssertTrue(PlannableStatement.isPlannable("(SELECT 1) UNION (SELECT 2)"))
        XCTAssertFalse(PlannableStatement.isPlannable("SET search_path = x"))
        XCTAssertFalse(PlannableStatement.isPlannable("BEGIN"))
        XCTAssertFalse(PlannableStatement.isPlannable("create index on t(a)"))
        XCTAssertFalse(PlannableStatement.isPlannable("vacuum analyze t"))
    }

    func testSQLiteScoreCountsScansSortsAndSearchedColumns() throws {
        let plan = QueryPlan(engine: .sqlite, query: "q", nodes: [
            PlanNode(id: 2, parent: 0, detail: "SCAN c", kind: .fullScan, relation: "comments"),
            PlanNode(id: 3, parent: 0, detail: "SEARCH u USING INDEX u_name (name=? AND age>?)", kind: .indexSearch, relation: "users", index: "u_name"),
            PlanNode(id: 4, parent: 0, detail: "USE TEMP B-TREE FOR ORDER BY", kind: .tempBTree),
        ])
        XCTAssertEqual(WhatIfPlan.sqliteScore(plan), 1 + 0.5 - 0.02, accuracy: 1e-9)
        XCTAssertEqual(WhatIfPlan.lines(of: plan, renaming: ["u_name": "users_name_idx"])[1],
                       "SEARCH u USING INDEX users_name_idx (name=? AND age>?)")
    }
}
