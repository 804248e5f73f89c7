import Foundation
import IdxScopeCore
import XCTest

/// Numbers from outside that do not fit Int64 (found by scripts/fuzz.sh: a trap in the tree).
final class HugeNumberTests: XCTestCase {
    func testHugeRowEstimatesAndTimesDrawWithoutTrapping() throws {
        let json = #"[{"Plan": {"Node Type": "Seq Scan", "Relation Name": "t", "Plan Rows": 25509223372036854775808, "Actual Rows": 1e308, "Actual Loops": 1}, "Planning Time": 1e300, "Execution Time": -1e20}]"#
        let plan = try PostgresPlanClassifier.plan(fromExplainJSON: json, query: "q", analyzed: true)
        let tree = ExplainReport.tree(plan)
        XCTAssertTrue(tree.contains("rows≈2.5509223372036856e+22 actual=1e+308"), tree)
        XCTAssertTrue(tree.contains("planning 1e+300 ms"), tree)
        XCTAssertEqual(ByteFormat.count(Int64.min), "-9,223,372,036,854,775,808")
        XCTAssertEqual(ByteFormat.count(Double.nan), "nan")
        XCTAssertEqual(ByteFormat.count(1234.4), "1,234")
    }
}

/// Found by scripts/fuzz.sh: each `;` inside an open trigger body rescanned the whole statement,
/// so 20,000 of them took minutes (a hang for the fuzzer's 10 s watchdog).
final class TriggerBodySplitTests: XCTestCase {
    func testLongTriggerBodySplitsInLinearTime() {
        let body = String(repeating: "UPDATE u SET x = 1;", count: 20_000)
        let script = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN " + body + " END; SELECT 2;"
        let started = Date()
        let statements = SQLScript.split(script)
        XCTAssertEqual(statements.count, 2)
        XCTAssertTrue(statements.first?.text.hasSuffix("END") ?? false)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "a deadline, not a benchmark: minutes before the fix")
        let open = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN" + String(repeating: ";", count: 20_000)
        XCTAssertEqual(SQLScript.split(open).count, 1, "an open body keeps its semicolons")
    }
}
