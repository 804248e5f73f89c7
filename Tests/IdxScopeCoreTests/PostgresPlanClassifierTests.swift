import IdxScopeCore
import XCTest

/// Plan JSON samples are real PostgreSQL 15 output (trimmed of cost fields that do not matter).
final class PostgresPlanClassifierTests: XCTestCase {
    private let joinPlan = """
    [{"Plan": {"Node Type": "Sort", "Parallel Aware": false, "Plan Rows": 2000, "Sort Key": ["p.name"],
      "Plans": [{"Node Type": "Hash Join", "Parent Relationship": "Outer", "Parallel Aware": false, "Join Type": "Inner",
        "Plan Rows": 2000, "Hash Cond": "(p.id = j.owner)",
        "Plans": [
          {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Relation Name": "parent",
           "Alias": "p", "Startup Cost": 0.00, "Total Cost": 874.33, "Plan Rows": 33333, "Plan Width": 10},
          {"Node Type": "Hash", "Parent Relationship": "Inner", "Parallel Aware": false, "Plan Rows": 2000,
           "Plans": [{"Node Type": "Bitmap Heap Scan", "Parent Relationship": "Outer", "Parallel Aware": false,
             "Relation Name": "job", "Alias": "j", "Plan Rows": 2000, "Recheck Cond": "(status = 'done'::text)",
             "Plans": [{"Node Type": "Bitmap Index Scan", "Parent Relationship": "Outer", "Parallel Aware": false,
               "Index Name": "job_status", "Plan Rows": 2000, "Index Cond": "(status = 'done'::text)"}]}]}]}]}}]
    """

    private let analyzedIndexScan = """
    [{"Plan": {"Node Type": "Index Scan", "Parallel Aware": false, "Async Capable": false, "Scan Direction": "Forward",
       "Index Name": "job_pkey", "Relation Name": "job", "Alias": "j", "Actual Startup Time": 0.003,
       "Actual Total Time": 0.005, "Plan Rows": 12, "Actual Rows": 11, "Actual Loops": 1,
       "Index Cond": "((id >= 10) AND (id <= 20))", "Rows Removed by Index Recheck": 0, "Shared Hit Blocks": 3,
       "Shared Read Blocks": 0, "Temp Read Blocks": 0},
      "Planning": {"Shared Hit Blocks": 9}, "Planning Time": 0.059, "Triggers": [], "Execution Time": 0.013}]
    """

    private let fullIndexOnlyScan = """
    [{"Plan": {"Node Type": "Limit", "Parallel Aware": false, "Plan Rows": 5,
      "Plans": [{"Node Type": "Index Only Scan", "Parent Relationship": "Outer", "Parallel Aware": false,
        "Scan Direction": "Forward", "Index Name": "job_pkey", "Relation Name": "job", "Alias": "job", "Plan Rows": 20000}]}}]
    """

    private let tidScan = """
    [{"Plan": {"Node Type": "Tid Scan", "Parallel Aware": false, "Relation Name": "job", "Alias": "job",
       "Plan Rows": 1, "TID Cond": "(ctid = '(0,1)'::tid)"}}]
    """

    func testJoinPlanKindsTreeAndFullScans() throws {
        let plan = try PostgresPlanClassifier.plan(fromExplainJSON: joinPlan, query: "q", analyzed: false)
        XCTAssertEqual(plan.nodes.map(\.kind), [.sort, .join, .fullScan, .other, .other, .indexSearch])
        XCTAssertEqual(plan.nodes.map(\.parent), [0, 1, 2, 2, 4, 5])
        XCTAssertEqual(plan.nodes.map(\.detail),
                       ["Sort", "Hash Join", "Seq Scan on parent p", "Hash", "Bitmap Heap Scan on job j",
                        "Bitmap Index Scan on job_status"])
        XCTAssertEqual(plan.fullScans, ["parent"])
        XCTAssertEqual(plan.indexesUsed, ["job_status"])
        XCTAssertEqual(plan.nodes[2].estimatedRows, 33333)
        XCTAssertNil(plan.nodes[2].actualRows)
        XCTAssertEqual(plan.nodes[0].extra, ["Sort Key: p.name"])
        XCTAssertEqual(plan.nodes[1].extra, ["Hash Cond: (p.id = j.owner)"])
        XCTAssertEqual(plan.nodes[5].extra, ["Index Cond: (status = 'done'::text)"])
        XCTAssertEqual(plan.depths(), [0, 1, 2, 2, 3, 4])
        XCTAssertNil(plan.planningMs)
    }

    func testAnalyzedIndexScanCarriesActualRowsBuffersAndTimes() throws {
        let plan = try PostgresPlanClassifier.plan(fromExplainJSON: analyzedIndexScan, query: "q", analyzed: true)
        let node = try XCTUnwrap(plan.nodes.first)
        XCTAssertEqual(node.kind, .indexSearch)
        XCTAssertEqual(node.detail, "Index Scan using job_pkey on job j")
        XCTAssertEqual(node.relation, "job")
        XCTAssertEqual(node.index, "job_pkey")
        XCTAssertEqual(node.estimatedRows, 12)
        XCTAssertEqual(node.actualRows, 11)
        XCTAssertEqual(node.extra, ["Index Cond: ((id >= 10) AND (id <= 20))",
                                    "Buffers: shared hit=3", "actual time=0.003..0.005 rows=11 loops=1"])
        XCTAssertEqual(plan.planningMs, 0.059)
        XCTAssertEqual(plan.executionMs, 0.013)
        XCTAssertTrue(plan.analyzed)
    }

    func testZeroRemovedRowCountersAreHiddenAsPsqlDoes() {
        let lines = PostgresPlanClassifier.extraLines(["Filter": "(x > 1)", "Rows Removed by Filter": 0,
                                                       "Rows Removed by Join Filter": 7, "Heap Fetches": 0])
        XCTAssertEqual(lines, ["Filter: (x > 1)", "Rows Removed by Join Filter: 7", "Heap Fetches: 0"])
    }

    func testIndexOnlyScanWithoutConditionUnderALimitIsALimitedRead() throws {
        let plan = try PostgresPlanClassifier.plan(fromExplainJSON: fullIndexOnlyScan, query: "q", analyzed: false)
        XCTAssertEqual(plan.nodes.map(\.kind), [.other, .limitedScan], "the Limit stops the read after 5 rows")
        XCTAssertEqual(plan.nodes[1].detail, "Index Only Scan using job_pkey on job")
        XCTAssertEqual(plan.nodes[1].index, "job_pkey")
        XCTAssertEqual(plan.fullScans, [])
    }

    func testJSONReportCarriesTheNodeFactsAndTheServersPlanUnchanged() throws {
        let plan = try PostgresPlanClassifier.plan(fromExplainJSON: analyzedIndexScan, query: "q", analyzed: true)
        XCTAssertEqual(plan.nodes[0].facts.indexCondition, "((id >= 10) AND (id <= 20))")
        XCTAssertEqual(plan.nodes[0].facts.actualLoops, 1)
        let json = ExplainReport.json(plan).serialized()
        XCTAssertTrue(json.contains(#""index_condition":"((id >= 10) AND (id <= 20))""#), json)
        XCTAssertTrue(json.contains(#""buffers":{"shared_hit":3,"shared_read":0"#), json)
        XCTAssertTrue(json.hasSuffix(#""raw_plan":"# + analyzedIndexScan.trimmingCharacters(in: .whitespacesAndNewlines) + "}"), json)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(ExplainReport.json(plan).serialized(pretty: true).utf8)))
    }

    func testIndexOnlyScanWithoutConditionOrLimitIsAFullIndexScan() throws {
        let json = """
        [{"Plan": {"Node Type": "Aggregate", "Strategy": "Plain", "Plans": [{"Node Type": "Index Only Scan",
          "Parent Relationship": "Outer", "Scan Direction": "Forward", "Index Name": "job_pkey", "Relation Name": "job",
          "Alias": "job", "Plan Rows": 20000}]}}]
        """
        let plan = try PostgresPlanClassifier.plan(fromExplainJSON: json, query: "q", analyzed: false)
        XCTAssertEqual(plan.nodes.map(\.kind), [.other, .indexFullScan])
    }

    func testTidScanIsARowidLookup() throws {
        let plan = try PostgresPlanClassifier.plan(fromExplainJSON: tidScan, query: "q", analyzed: false)
        XCTAssertEqual(plan.nodes.map(\.kind), [.rowidLookup])
        XCTAssertEqual(plan.nodes[0].extra, ["TID Cond: (ctid = '(0,1)'::tid)"])
    }

    func testActualRowsArePerLoopLikeTheEstimate() {
        // QA: "Aggregate (rows≈1 actual=10)" for rows=1 loops=10 looked like a misestimate.
        let node = PostgresPlanClassifier.planNode(
            ["Node Type": "Index Scan", "Index Name": "i", "Relation Name": "t", "Alias": "t",
             "Index Cond": "(a = b)", "Actual Rows": 3, "Actual Loops": 4, "Plan Rows": 3,
             "Actual Startup Time": 0.0, "Actual Total Time": 0.1], id: 1, parent: 0)
        XCTAssertEqual(node.actualRows, 3)
        XCTAssertEqual(node.estimatedRows, 3)
        XCTAssertTrue(node.extra.contains { $0.contains("loops=4") }, "\(node.extra)")
    }

    func testSubplansInitPlansAndCTEsAreLabelled() {
        let subplan = PostgresPlanClassifier.planNode(
            ["Node Type": "Aggregate", "Strategy": "Plain", "Parent Relationship": "SubPlan", "Subplan Name": "SubPlan 1"], id: 2, parent: 1)
        XCTAssertEqual(subplan.detail, "[SubPlan 1] Aggregate")
        let cte = PostgresPlanClassifier.planNode(
            ["Node Type": "Seq Scan", "Relation Name": "orders", "Alias": "orders", "Parent Relationship": "InitPlan",
             "Subplan Name": "CTE x"], id: 3, parent: 1)
        XCTAssertEqual(cte.detail, "[CTE x] Seq Scan on orders")
        XCTAssertEqual(cte.kind, .fullScan)
        let outer = PostgresPlanClassifier.planNode(["Node Type": "Seq Scan", "Relation Name": "t", "Alias": "t",
                                                     "Parent Relationship": "Outer"], id: 4, parent: 1)
        XCTAssertEqual(outer.detail, "Seq Scan on t")
    }

    func testNodeNamesFollowTheTextFormat() {
        XCTAssertEqual(PostgresPlanClassifier.detail(["Node Type": "Aggregate", "Strategy": "Hashed"]), "HashAggregate")
        XCTAssertEqual(PostgresPlanClassifier.detail(["Node Type": "Hash Join", "Join Type": "Left"]), "Hash Left Join")
        XCTAssertEqual(PostgresPlanClassifier.detail(["Node Type": "Nested Loop", "Join Type": "Anti"]), "Nested Loop Anti Join")
        XCTAssertEqual(PostgresPlanClassifier.detail(["Node Type": "ModifyTable", "Operation": "Delete",
                                                      "Relation Name": "job", "Alias": "job"]), "Delete on job")
        XCTAssertEqual(PostgresPlanClassifier.detail(["Node Type": "Seq Scan", "Parallel Aware": true,
                                                      "Relation Name": "job", "Alias": "job"]), "Parallel Seq Scan on job")
        XCTAssertEqual(PostgresPlanClassifier.detail(["Node Type": "Index Scan", "Scan Direction": "Backward",
                                                      "Index Name": "i", "Relation Name": "t", "Alias": "x"]),
                       "Index Scan Backward using i on t x")
    }

    func testEveryNodeTypeMapsToItsKind() {
        let expected: [(String, Bool, PlanNodeKind)] = [
            ("Seq Scan", false, .fullScan), ("Index Scan", true, .indexSearch), ("Index Scan", false, .indexFullScan),
            ("Index Only Scan", true, .indexSearch), ("Index Only Scan", false, .indexFullScan),
            ("Bitmap Index Scan", true, .indexSearch), ("Tid Scan", false, .rowidLookup), ("Tid Range Scan", false, .rowidLookup),
            ("Sort", false, .sort), ("Incremental Sort", false, .sort), ("Nested Loop", false, .join),
            ("Hash Join", false, .join), ("Merge Join", false, .join), ("Bitmap Heap Scan", false, .other), ("Limit", false, .other),
        ]
        for (type, condition, kind) in expected {
            XCTAssertEqual(PostgresPlanClassifier.kind(nodeType: type, hasIndexCondition: condition), kind, type)
        }
    }

    func testOutputThatIsNotAPlanIsAStatementError() {
        XCTAssertThrowsError(try PostgresPlanClassifier.plan(fromExplainJSON: "[{}]", query: "q", analyzed: false)) { error in
            XCTAssertEqual((error as? IdxScopeError)?.kind, .statement)
        }
    }
}
