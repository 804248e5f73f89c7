import Foundation
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

/// Odd table names × the ways a statement can name a table, planned by the real SQLite: every
/// full scan names the real table (never `other`, never the alias).
final class FullScanNamesFuzzTests: XCTestCase {
    static let names = ["job", "my table", "a.b", "Mixed Case", "select", "ünï 表", "t USING x", "x AS y", "q\"uote", "LEFT-JOIN"]

    func testEveryFullScanNamesItsTable() throws {
        let dir = try TemporaryDirectory(prefix: "fuzz")
        let path = dir.path("names.db")
        func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        try SQLiteFixture.create(path, sql: Self.names.enumerated().map { position, name in
            "CREATE TABLE \(quoted(name))(id INTEGER PRIMARY KEY, c TEXT); CREATE INDEX \(quoted("i\(position)")) ON \(quoted(name))(c);"
        }.joined(separator: "\n"))
        let inspector = try SQLiteInspector(path: path)
        var generator = SystemRandomNumberGenerator()
        for name in Self.names {
            let table = quoted(name)
            let alias = quoted(["a", "al ias", "x.y", "AS", "USING"].randomElement(using: &generator)!)
            let forms = ["SELECT * FROM \(table) WHERE c LIKE '%x'", "SELECT * FROM main.\(table) WHERE c LIKE '%x'",
                         "SELECT * FROM \(table) AS \(alias) WHERE \(alias).c LIKE '%x'", "SELECT * FROM \(table) t WHERE t.c LIKE '%x'",
                         "SELECT * FROM \"main\".\(table) AS \(alias) WHERE c LIKE '%x'",
                         "WITH w AS (SELECT * FROM \(table) WHERE c LIKE '%x') SELECT * FROM w"]
            for sql in forms {
                let plan = try inspector.explain(sql, analyze: false)
                XCTAssertEqual(plan.fullScans, [name], "\(sql): \(plan.nodes.map { "\($0.detail) → \($0.kind) \($0.relation ?? "nil")" })")
                XCTAssertFalse(plan.nodes.contains { $0.kind == .unknown }, sql)
            }
            let search = try inspector.explain("SELECT * FROM \(table) AS \(alias) WHERE c = 'x'", analyze: false)
            XCTAssertEqual(search.nodes.map(\.relation), [name], "\(search.nodes.map(\.detail))")
            XCTAssertEqual(search.nodes.map(\.kind), [.indexSearch])
        }
    }
}
