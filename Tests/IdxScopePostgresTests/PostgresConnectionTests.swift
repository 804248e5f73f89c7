import Foundation
import IdxScopeCore
import IdxScopePostgres
import XCTest

/// Connecting: libpq's conventions, one-line `.input` errors, never a password.
final class PostgresConnectionTests: XCTestCase {
    /// Role and password made by scripts/pg-test-server.sh (scram on loopback).
    private let passwordRole = "idxscope_pw"
    private var rolePassword: String { ProcessInfo.processInfo.environment["IDXSCOPE_PG_TEST_PASSWORD"] ?? "s3cret-pw" }

    private func serverAddress() throws -> (host: String, port: Int) {
        let components = try XCTUnwrap(URLComponents(string: try TestServer.uri()))
        return (components.host ?? "127.0.0.1", components.port ?? 5432)
    }

    private func assertInputError(_ target: String, mentions expected: String, hides secret: String? = nil,
                                  within seconds: Double = 12, file: StaticString = #filePath, line: UInt = #line) {
        let started = Date()
        XCTAssertThrowsError(try PostgresInspector(conninfo: target), file: file, line: line) { error in
            guard let error = error as? IdxScopeError else { return XCTFail("not an IdxScopeError: \(error)", file: file, line: line) }
            XCTAssertEqual(error.kind, .input, error.message, file: file, line: line)
            XCTAssertEqual(error.exitCode, 2, file: file, line: line)
            XCTAssertFalse(error.message.contains("\n"), error.message, file: file, line: line)
            XCTAssertTrue(error.message.contains(expected), "\(error.message) should mention \(expected)", file: file, line: line)
            if let secret { XCTAssertFalse(error.message.contains(secret), error.message, file: file, line: line) }
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), seconds, "connection error took too long", file: file, line: line)
    }

    func testUnknownDatabaseIsAOneLineInputError() throws {
        let uri = try TestServer.uri()
        assertInputError(TestServer.conninfo(uri, database: "no_such_database_xyz"), mentions: #"database "no_such_database_xyz" does not exist"#)
    }

    func testWrongPasswordIsAnInputErrorWithoutThePassword() throws {
        let (host, port) = try serverAddress()
        let secret = "Wr0ng-Secret-42"
        assertInputError("postgresql://\(passwordRole):\(secret)@\(host):\(port)/postgres",
                         mentions: "password authentication failed", hides: secret)
        assertInputError("host=\(host) port=\(port) dbname=postgres user=\(passwordRole) password='\(secret)'",
                         mentions: "password authentication failed", hides: secret)
    }

    func testRightPasswordConnectsAndTheDisplayNameLeavesItOut() throws {
        let (host, port) = try serverAddress()
        let inspector = try PostgresInspector(conninfo: "postgresql://\(passwordRole):\(rolePassword)@\(host):\(port)/postgres")
        XCTAssertEqual(inspector.displayName, "postgresql://\(passwordRole)@\(host):\(port)/postgres")
        let catalog = try inspector.loadCatalog()
        XCTAssertFalse(catalog.database.contains(rolePassword))
    }

    func testUnreachablePortFailsWithinSeconds() throws {
        let (host, _) = try serverAddress()
        assertInputError("postgresql://postgres@\(host):1/postgres", mentions: "port 1 failed", within: 5)
    }

    func testMalformedTargetIsAnInputError() {
        assertInputError("postgresql://me:hunter22@host:notaport/db", mentions: "invalid", hides: "hunter22", within: 2)
    }

    func testKeyValueConninfoAndTheSessionSettings() throws {
        let (host, port) = try serverAddress()
        // A user's own options survive; idxscope's read-only setting and name are added.
        let inspector = try PostgresInspector(conninfo: "host=\(host) port=\(port) dbname=postgres user=postgres options='-c work_mem=7MB'")
        XCTAssertEqual(inspector.displayName, "postgresql://postgres@\(host):\(port)/postgres")
        let checks = """
            SELECT 1 WHERE current_setting('work_mem') = '7MB'
                       AND current_setting('default_transaction_read_only') = 'on'
                       AND current_setting('application_name') = 'idxscope'
                       AND current_setting('lock_timeout') = '5s'
                       AND current_setting('statement_timeout') <> '0'
            """
        let plan = try inspector.explain(checks, analyze: true)
        XCTAssertEqual(plan.nodes.first?.actualRows, 1, "session settings: \(plan.nodes)")
    }
}
