import Foundation
import IdxScopeCore
@testable import IdxScopePostgres
import XCTest

/// QA: errors echoed idxscope's own "/* idxscope */ EXPLAIN (FORMAT JSON)" prefix, and their
/// LINE/caret pointed into it rather than into the user's statement.
final class PostgresErrorMessageTests: XCTestCase {
    func testErrorsPointIntoTheUsersStatementAndHideOurPrefix() throws {
        let inspector = try PostgresInspector(conninfo: try TestServer.uri())
        for (sql, expected) in [("SELECT * FROM pg_class WHERE relnam = 1", "column \"relnam\" does not exist (at character 30 of the statement)"),
                                ("SELEC 1", "syntax error at or near \"SELEC\" (at character 1 of the statement)")] {
            XCTAssertThrowsError(try inspector.explain(sql, analyze: false)) { error in
                let message = (error as? IdxScopeError)?.message ?? "\(error)"
                XCTAssertEqual((error as? IdxScopeError)?.kind, .statement)
                XCTAssertTrue(message.hasPrefix(expected), message)
                XCTAssertFalse(message.contains("idxscope */") || message.contains("EXPLAIN (") || message.contains("LINE 1"), message)
            }
        }
    }
}
