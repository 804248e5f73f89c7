@testable import IdxScopePostgres
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

    func testCalledNamesOutsideQuotesAndComments() {
        XCTAssertEqual(SQLStatementShape.of("SELECT setval('s', 1), Now ( ), pg_catalog.\"NextVal\"(x)").calledNames,
                       ["setval", "now", "NextVal"])
        XCTAssertEqual(SQLStatementShape.of("SELECT 'setval(1)', \"a(\" , $$ nextval( $$ -- pg_stat_reset(\n").calledNames, [])
        XCTAssertEqual(SQLStatementShape.of("SELECT f /* c */ (1), g\n(2), x.y, (3)").calledNames, ["f", "g"])
        XCTAssertEqual(SQLStatementShape.of("SELECT E'\\'(', coalesce(a, b)").calledNames, ["coalesce"])
        XCTAssertEqual(SQLStatementShape.of("setval('public.s'::regclass, '999999'::bigint, true)").calledNames, ["setval"])
    }

    /// Found by scripts/fuzz.sh: a backslash ending an E'' string read past the end (a trap).
    func testBackslashAtTheEndOfAnEscapeString() {
        let shape = SQLStatementShape.of("SELECT E'it\\")
        XCTAssertEqual(shape.unterminated, "a quoted string")
        XCTAssertEqual(shape.trimmed, "SELECT E'it\\")
    }

    func testNonTransactionalCallsPolicy() {
        XCTAssertEqual(NonTransactionalCalls.refused(userCalls: ["setval"], planCalls: [], isInsert: false), "setval")
        XCTAssertNil(NonTransactionalCalls.refused(userCalls: [], planCalls: ["nextval"], isInsert: true), "an INSERT's defaults")
        XCTAssertEqual(NonTransactionalCalls.refused(userCalls: ["nextval"], planCalls: ["nextval"], isInsert: true), "nextval")
        XCTAssertEqual(NonTransactionalCalls.refused(userCalls: [], planCalls: ["nextval"], isInsert: false), "nextval")
        for name in ["pg_stat_reset", "pg_stat_reset_shared", "pg_advisory_lock", "pg_try_advisory_lock_shared", "dblink_exec",
                     "dblink", "pg_terminate_backend", "pg_create_logical_replication_slot", "pg_replication_origin_create",
                     "pg_stat_statements_reset", "lo_export"] {
            XCTAssertEqual(NonTransactionalCalls.refused(userCalls: [name, "count"], planCalls: [], isInsert: false), name)
        }
        for name in ["pg_advisory_xact_lock", "pg_try_advisory_xact_lock", "count", "now", "coalesce", "pg_notify", "set_config"] {
            XCTAssertNil(NonTransactionalCalls.refused(userCalls: [name], planCalls: [], isInsert: false), name)
        }
    }
}

/// libpq's multi-attempt connection errors, one line each line once.
final class LibpqMessageTests: XCTestCase {
    func testRepeatedAttemptsAndHintsFoldOnce() {
        let raw = """
            connection to server at "localhost" (::1), port 1 failed: Connection refused
            \tIs the server running on that host and accepting TCP/IP connections?
            connection to server at "localhost" (127.0.0.1), port 1 failed: Connection refused
            \tIs the server running on that host and accepting TCP/IP connections?

            """
        XCTAssertEqual(LibpqMessage.oneLine(raw), #"connection to server at "localhost" (::1), port 1 failed: Connection refused; "#
                       + #"connection to server at "localhost" (127.0.0.1), port 1 failed: Connection refused; "#
                       + "Is the server running on that host and accepting TCP/IP connections?")
        XCTAssertEqual(LibpqMessage.oneLine("FATAL:  role \"x\" does not exist\nFATAL:  role \"x\" does not exist\n"),
                       "FATAL: role \"x\" does not exist")
    }
}
