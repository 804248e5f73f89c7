import Foundation
import IdxScopeCore
import IdxScopePostgres
import XCTest

/// pg_stat_statements records CREATE ROLE … PASSWORD as written: what idxscope reads from it
/// (the `queries` command and the TUI's Statements screen share this call) never shows it.
final class PostgresStatementSecretsTests: XCTestCase {
    func testRecordedPasswordsAreMasked() throws {
        let database = try ScratchDatabase()
        defer { database.drop() }
        let role = TestServer.uniqueName("idx_secret_role")
        let secret = "Sup3r-\(UInt32.random(in: 0...UInt32.max))"
        try database.admin.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        try database.admin.execute("CREATE ROLE \(role) LOGIN PASSWORD '\(secret)'")
        defer { _ = try? database.admin.execute("DROP ROLE IF EXISTS \(role)") }
        try database.admin.execute("ALTER ROLE \(role) WITH ENCRYPTED PASSWORD '\(secret)x'")

        let inspector = try PostgresInspector(conninfo: database.conninfo)
        let report = try inspector.topStatements(limit: 10_000)
        let texts = (report.byTotalTime ?? []).map(\.query)
        XCTAssertTrue(texts.contains { $0.contains("CREATE ROLE \(role) LOGIN PASSWORD '***'") }, texts.joined(separator: "\n"))
        XCTAssertTrue(texts.contains { $0.contains("ENCRYPTED PASSWORD '***'") }, texts.joined(separator: "\n"))
        for text in texts + (report.byMeanTime ?? []).map(\.query) {
            XCTAssertFalse(text.contains(secret), text)
        }
        let json = QueriesReport.json(report).serialized()
        let table = QueriesReport.table(report, width: 400)
        XCTAssertFalse(json.contains(secret) || table.contains(secret))
    }
}
