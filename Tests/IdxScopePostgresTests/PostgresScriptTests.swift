import Foundation
import IdxScopeCore
import IdxScopePostgres
import XCTest

/// `check` scripts on the real server: SET applies to later statements, the session stays
/// read-only, and the script's settings are undone at its end.
final class PostgresScriptTests: XCTestCase {
    private func rows(_ inspector: PostgresInspector, where condition: String) throws -> Double? {
        let plan = try inspector.explain("SELECT 1 WHERE \(condition)", analyze: true)
        return plan.nodes.first?.actualRows
    }

    func testSettingsApplyUntilTheScriptEndsAndTheSessionStaysReadOnly() throws {
        let inspector = try PostgresInspector(conninfo: try TestServer.uri())
        XCTAssertEqual(try inspector.planScriptStatement("SET enable_seqscan = off"),
                       .skipped("not planned: SET applies to the statements after it"))
        XCTAssertEqual(try inspector.planScriptStatement("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE"),
                       .skipped("not planned: SET applies to the statements after it"))
        XCTAssertEqual(try inspector.planScriptStatement("VACUUM"), .skipped("not planned: EXPLAIN cannot plan VACUUM"))
        XCTAssertEqual(try rows(inspector, where: "current_setting('enable_seqscan') = 'off' AND current_setting('default_transaction_read_only') = 'on'"), 1)
        XCTAssertThrowsError(try inspector.planScriptStatement("SELEC 1")) { error in
            XCTAssertEqual((error as? IdxScopeError)?.kind, .statement)
        }
        try inspector.endScript()
        XCTAssertEqual(try rows(inspector, where: "current_setting('enable_seqscan') = 'on' AND current_setting('default_transaction_read_only') = 'on' AND current_setting('statement_timeout') = '1min'"), 1)
        if case .planned(let plan) = try inspector.planScriptStatement("SELECT 1") {
            XCTAssertFalse(plan.nodes.isEmpty)
        } else {
            XCTFail("SELECT 1 is planned")
        }
    }
}
