import XCTest
@testable import IdxScopeCore

/// Candidate keys read from real `EXPLAIN (VERBOSE, FORMAT JSON)` output of PostgreSQL 15.
final class PostgresPlanUsageTests: XCTestCase {
    /// SELECT … FROM comments c JOIN experiments e ON e.id = c.experiment_id
    ///  WHERE c.user_id = $1 AND c.created_at > now() - interval '1 day' AND lower(e.title) = 'x' ORDER BY c.created_at
    static let joinPlan = """
    [{"Plan": {"Node Type": "Sort", "Startup Cost": 1840.2, "Total Cost": 1840.21, "Plan Rows": 1,
      "Sort Key": ["c.created_at"],
      "Plans": [{"Node Type": "Hash Join", "Join Type": "Inner", "Total Cost": 1840.19, "Hash Cond": "(c.experiment_id = e.id)",
        "Plans": [
          {"Node Type": "Seq Scan", "Relation Name": "comments", "Schema": "public", "Alias": "c", "Total Cost": 1800.0,
           "Filter": "((c.user_id = $1) AND (c.created_at > (now() - '1 day'::interval)))"},
          {"Node Type": "Hash", "Plans": [
            {"Node Type": "Seq Scan", "Relation Name": "experiments", "Schema": "app", "Alias": "e", "Total Cost": 30.0,
             "Filter": "(lower((e.title)::text) = 'x'::text)"}]}]}]}}]
    """

    func testSeqScanFiltersJoinKeysAndSortKeysBecomeUsages() throws {
        XCTAssertEqual(PostgresPlanUsage.totalCost(explainJSON: Self.joinPlan), 1840.21)
        let usages = PostgresPlanUsage.usages(explainJSON: Self.joinPlan)
        let comments = try XCTUnwrap(usages.first { $0.table == "comments" })
        XCTAssertEqual(comments.schema, "public")
        XCTAssertEqual(comments.equality.map(\.text), ["user_id", "experiment_id"])
        XCTAssertEqual(comments.range.map(\.text), ["created_at"])
        XCTAssertEqual(comments.sort.map(\.text), ["created_at"])
        let experiments = try XCTUnwrap(usages.first { $0.table == "experiments" })
        XCTAssertEqual(experiments.schema, "app")
        XCTAssertEqual(experiments.equality, [.expression("lower(title)"), .column("id")])
        let candidates = CandidateBuilder.candidates(for: comments).map { $0.keys.map(\.text) }
        XCTAssertEqual(candidates.first, ["user_id", "experiment_id"])
        XCTAssertTrue(candidates.contains(["user_id", "experiment_id", "created_at"]))
    }

    func testIndexScanWithoutFilterIsNotACandidateTableAndAnyListIsEquality() {
        let plan = """
        [{"Plan": {"Node Type": "Nested Loop", "Total Cost": 20.5, "Plans": [
          {"Node Type": "Index Scan", "Relation Name": "users", "Schema": "public", "Alias": "u", "Index Name": "users_pkey",
           "Index Cond": "(u.id = 7)"},
          {"Node Type": "Seq Scan", "Relation Name": "orders", "Schema": "public", "Alias": "o",
           "Filter": "((o.status = ANY ('{new,paid}'::text[])) AND (o.user_id = u.id) AND (o.note IS NULL) AND ($2 >= o.total))"}]}}]
        """
        let usages = PostgresPlanUsage.usages(explainJSON: plan)
        XCTAssertEqual(usages.map(\.table), ["orders"], "users is searched by its primary key: nothing to add there")
        XCTAssertEqual(usages.first?.equality.map(\.text), ["status", "user_id", "note"])
        XCTAssertEqual(usages.first?.range.map(\.text), ["total"])
    }

    func testQuotedNamesAndHypotheticalIndexNames() {
        let plan = """
        [{"Plan": {"Node Type": "Seq Scan", "Relation Name": "Order Lines", "Schema": "public", "Alias": "Order Lines", "Total Cost": 9,
          "Filter": "(\\"Order Lines\\".\\"Item ID\\" = 3)"}}]
        """
        XCTAssertEqual(PostgresPlanUsage.usages(explainJSON: plan).first?.equality, [.column("Item ID")])
        let planned = QueryPlan(engine: .postgresql, query: "q", nodes: [
            PlanNode(id: 1, parent: 0, detail: "", kind: .indexSearch, index: "<16406>btree_comments_user_id"),
            PlanNode(id: 2, parent: 1, detail: "", kind: .indexSearch, index: "comments_pkey"),
        ])
        XCTAssertEqual(PostgresPlanUsage.hypotheticalOIDs(in: planned), [16406])
        XCTAssertTrue(PostgresPlanUsage.usages(explainJSON: "not json").isEmpty)
    }
}
