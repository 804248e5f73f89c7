import IdxScopeCore
import XCTest

/// Detail strings copied from SQLite 3.40 (`.eqp on`) and, for the legacy forms, from SQLite
/// 3.7–3.35 output (`SCAN TABLE t AS a`, `(~N rows)`).
final class SQLiteEQPClassifierTests: XCTestCase {
    private func step(_ detail: String) -> SQLiteEQPStep { SQLiteEQPClassifier.classify(detail) }

    func testCurrentScanAndSearchForms() {
        XCTAssertEqual(step("SCAN job"), SQLiteEQPStep(kind: .fullScan, name: "job"))
        XCTAssertEqual(step("SEARCH j USING INDEX job_status (status=?)"),
                       SQLiteEQPStep(kind: .indexSearch, name: "j", index: "job_status"))
        XCTAssertEqual(step("SEARCH job USING COVERING INDEX idx_a (a=? AND b>?)"),
                       SQLiteEQPStep(kind: .indexSearch, name: "job", index: "idx_a"))
        XCTAssertEqual(step("SCAN j USING COVERING INDEX my idx"),
                       SQLiteEQPStep(kind: .indexFullScan, name: "j", index: "my idx"))
        XCTAssertEqual(step("SCAN q USING INDEX sqlite_autoindex_queue_1"),
                       SQLiteEQPStep(kind: .indexFullScan, name: "q", index: "sqlite_autoindex_queue_1"))
        XCTAssertEqual(step("SEARCH job USING INDEX my idx (queue=? AND created>?)").index, "my idx")
        XCTAssertEqual(step("SCAN kv LEFT-JOIN"), SQLiteEQPStep(kind: .fullScan, name: "kv"))
    }

    func testRowidAndPrimaryKeyLookups() {
        XCTAssertEqual(step("SEARCH job USING INTEGER PRIMARY KEY (rowid=?)"), SQLiteEQPStep(kind: .rowidLookup, name: "job"))
        XCTAssertEqual(step("SEARCH job USING INTEGER PRIMARY KEY (rowid>?)").kind, .rowidLookup)
        XCTAssertEqual(step("SEARCH kv USING PRIMARY KEY (k=?)"), SQLiteEQPStep(kind: .rowidLookup, name: "kv"))
    }

    func testAutomaticIndexes() {
        XCTAssertEqual(step("SEARCH o USING AUTOMATIC COVERING INDEX (x=?)"), SQLiteEQPStep(kind: .automaticIndex, name: "o"))
        XCTAssertEqual(step("SEARCH t USING AUTOMATIC PARTIAL COVERING INDEX (b=?)").kind, .automaticIndex)
        XCTAssertEqual(step("SEARCH TABLE t2 USING AUTOMATIC COVERING INDEX (b=?)").table, "t2")
    }

    func testTempBTrees() {
        for detail in ["USE TEMP B-TREE FOR ORDER BY", "USE TEMP B-TREE FOR GROUP BY", "USE TEMP B-TREE FOR DISTINCT",
                       "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY", "USE TEMP B-TREE FOR LAST 2 TERMS OF ORDER BY",
                       "UNION USING TEMP B-TREE", "COMPOUND SUBQUERIES 1 AND 2 USING TEMP B-TREE (UNION)"] {
            XCTAssertEqual(step(detail).kind, .tempBTree, detail)
        }
    }

    func testStructuralNodesAreOther() {
        for detail in ["MATERIALIZE c", "CO-ROUTINE n", "SETUP", "RECURSIVE STEP", "COMPOUND QUERY", "LEFT-MOST SUBQUERY",
                       "MULTI-INDEX OR", "INDEX 1", "LIST SUBQUERY 1", "CORRELATED SCALAR SUBQUERY 1",
                       "SCAN CONSTANT ROW", "RIGHT-JOIN kv", "BLOOM FILTER ON t (x=?)",
                       "EXECUTE CORRELATED SCALAR SUBQUERY 2", "SCAN SUBQUERY 1", "SCAN (subquery-2)"] {
            XCTAssertEqual(step(detail).kind, .other, detail)
        }
    }

    func testVirtualTables() {
        XCTAssertEqual(step("SCAN ft VIRTUAL TABLE INDEX 0:M1"),
                       SQLiteEQPStep(kind: .other, name: "ft", isVirtualTable: true))
        XCTAssertEqual(step("SCAN TABLE ft VIRTUAL TABLE INDEX 1:").isVirtualTable, true)
    }

    func testLegacyFormsNameTheRealTable() {
        XCTAssertEqual(step("SCAN TABLE job"), SQLiteEQPStep(kind: .fullScan, name: "job", table: "job"))
        XCTAssertEqual(step("SCAN TABLE job AS j"), SQLiteEQPStep(kind: .fullScan, name: "j", table: "job", alias: "j"))
        XCTAssertEqual(step("SEARCH TABLE job AS j USING INDEX job_status (status=?)"),
                       SQLiteEQPStep(kind: .indexSearch, name: "j", table: "job", alias: "j", index: "job_status"))
        XCTAssertEqual(step("SCAN TABLE job AS a USING COVERING INDEX idx_q"),
                       SQLiteEQPStep(kind: .indexFullScan, name: "a", table: "job", alias: "a", index: "idx_q"))
        XCTAssertEqual(step("SEARCH TABLE job USING INTEGER PRIMARY KEY (rowid=?)"),
                       SQLiteEQPStep(kind: .rowidLookup, name: "job", table: "job"))
        XCTAssertEqual(step("SCAN TABLE t1 (~1000000 rows)"), SQLiteEQPStep(kind: .fullScan, name: "t1", table: "t1"))
        XCTAssertEqual(step("SEARCH TABLE t1 USING INDEX i1 (a=?) (~10 rows)").index, "i1")
        XCTAssertEqual(step("SCAN TABLE my table AS x").table, "my table")
    }
}
