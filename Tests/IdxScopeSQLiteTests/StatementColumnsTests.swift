import XCTest
import IdxScopeCore
@testable import IdxScopeSQLite

/// What a statement's tokens say about its tables' columns (pure; the tables come from pragma_table_info).
final class StatementColumnsTests: XCTestCase {
    let tables: [String: Set<String>] = [
        "comments": ["id", "experiment_id", "user_id", "body", "created_at"],
        "users": ["id", "email", "name"],
    ]

    func testEqualityRangeSortJoinAndExpressions() throws {
        let sql = """
            SELECT c.body FROM comments AS c JOIN users u ON u.id = c.user_id
             WHERE c.experiment_id = :exp AND ? < c.created_at AND lower(u.email) = ?1 AND body IN (?, ?)
             ORDER BY c.created_at DESC, c.id
            """
        let usages = StatementColumns.usages(in: sql, tables: tables, aliases: ["c": ["comments"], "u": ["users"]])
        let comments = try XCTUnwrap(usages.first { $0.table == "comments" })
        XCTAssertEqual(comments.equality.map(\.text), ["user_id", "experiment_id", "body"])
        XCTAssertEqual(comments.range.map(\.text), ["created_at"])
        XCTAssertEqual(comments.sort.map(\.text), ["created_at", "id"])
        let users = try XCTUnwrap(usages.first { $0.table == "users" })
        XCTAssertEqual(users.equality, [.column("id"), .expression("lower(email)")])
    }

    func testSetClauseParametersAndAmbiguousNamesAreNotKeys() {
        let update = StatementColumns.usages(in: "UPDATE comments SET body = :body, user_id = $user WHERE created_at <> 3 AND id IS NOT NULL",
                                             tables: tables, aliases: [:])
        XCTAssertTrue(update.isEmpty, "\(update)")
        // `id` is in both tables: which one is meant cannot be told from the text.
        let ambiguous = StatementColumns.usages(in: "SELECT * FROM comments, users WHERE id = 3 AND email BETWEEN 'a' AND 'b'",
                                                tables: tables, aliases: [:])
        XCTAssertEqual(ambiguous.map(\.table), ["users"])
        XCTAssertEqual(ambiguous.first?.range.map(\.text), ["email"])
        // A sort over two tables, or over an expression, is nothing one index delivers.
        XCTAssertTrue(StatementColumns.usages(in: "SELECT * FROM comments c, users u ORDER BY c.id, u.name", tables: tables,
                                              aliases: ["c": ["comments"], "u": ["users"]]).isEmpty)
    }
}
