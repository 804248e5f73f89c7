import IdxScopePostgres
import XCTest

/// Pure: the statement counter and `$n` finder, no server.
final class SQLStatementScannerTests: XCTestCase {
    func testCountsStatementsOutsideQuotesAndComments() {
        XCTAssertEqual(SQLStatementShape.of("SELECT 1").statementCount, 1)
        XCTAssertEqual(SQLStatementShape.of("SELECT 1;").statementCount, 1)
        XCTAssertEqual(SQLStatementShape.of("SELECT 1; SELECT 2").statementCount, 2)
        XCTAssertEqual(SQLStatementShape.of("SELECT ';'").statementCount, 1)
        XCTAssertEqual(SQLStatementShape.of("SELECT 'it''s; fine'").statementCount, 1)
        XCTAssertEqual(SQLStatementShape.of(#"SELECT E'a\';b'"#).statementCount, 1)
        XCTAssertEqual(SQLStatementShape.of(#"SELECT "a;b" FROM t"#).statementCount, 1)
        XCTAssertEqual(SQLStatementShape.of("SELECT $$;$$, $tag$ ; $$ ; $tag$").statementCount, 1)
        XCTAssertEqual(SQLStatementShape.of("SELECT 1 -- ; SELECT 2\n").statementCount, 1)
        XCTAssertEqual(SQLStatementShape.of("SELECT /* ; /* nested ; */ ; */ 1").statementCount, 1)
        XCTAssertEqual(SQLStatementShape.of(" ; -- nothing\n ; /* */").statementCount, 0)
        XCTAssertEqual(SQLStatementShape.of("SELECT 1;\n-- trailing\n").trimmed, "SELECT 1")
    }

    func testFindsTheHighestParameterOutsideQuotes() {
        XCTAssertEqual(SQLStatementShape.of("SELECT * FROM t WHERE a = $1 AND b = $12").highestParameter, 12)
        XCTAssertEqual(SQLStatementShape.of("SELECT '$1', \"$2\", $$ $3 $$ -- $4").highestParameter, 0)
        XCTAssertEqual(SQLStatementShape.of("SELECT a$1 FROM t").highestParameter, 0, "$ inside an identifier")
        XCTAssertEqual(SQLStatementShape.of("SELECT $1::int").highestParameter, 1)
    }

    func testAnUnclosedCommentOrQuoteIsReported() {
        XCTAssertEqual(SQLStatementShape.of("SELECT 1 /* unterminated").unterminated, "a /* comment")
        XCTAssertEqual(SQLStatementShape.of("SELECT 1 /* a /* b */").unterminated, "a /* comment", "nested: one level still open")
        XCTAssertEqual(SQLStatementShape.of("SELECT 'abc").unterminated, "a quoted string")
        XCTAssertEqual(SQLStatementShape.of(#"SELECT E'abc\'"#).unterminated, "a quoted string")
        XCTAssertEqual(SQLStatementShape.of(#"SELECT "abc"#).unterminated, "a quoted identifier")
        XCTAssertEqual(SQLStatementShape.of("SELECT $x$ abc $y$").unterminated, "a dollar-quoted string")
        for closed in ["SELECT 1 /* a /* b */ */", "SELECT 'a''b', \"c\"\"d\", $$e$$, E'\\''", "SELECT 1 -- no newline"] {
            XCTAssertNil(SQLStatementShape.of(closed).unterminated, closed)
        }
    }
}
