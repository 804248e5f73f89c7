import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// Issue 12: `y` copies the SQL or statement under the cursor through OSC 52 and says so.
final class CopyTests: XCTestCase {
    func testYCopiesWhatIsSelectedAndSaysSo() throws {
        var state = Fixtures.state(Fixtures.sqliteCatalog)
        let selected = try XCTUnwrap(state.selectedRecord)
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .key(.char("y")))
        XCTAssertEqual(effects, [.copyToClipboard(selected.info.definition)])
        let status = Renderer.render(state).line(state.height - 2)
        XCTAssertTrue(status.contains("copied the definition of \(selected.info.name)") && status.contains("OSC 52"), status)
        // Detail: the same index.
        state = Fixtures.press(state, .enter)
        XCTAssertEqual(Reducer.reduce(state, .key(.char("y"))).1, [.copyToClipboard(selected.info.definition)])
        // Findings: the selected finding's SQL.
        state = Fixtures.press(state, .escape)
        var findings = Fixtures.press(Fixtures.state(FindingsScreenTests.catalog), .char("F"))
        findings = Reducer.reduce(findings, .findingsDerived(FindingRules.findings(in: FindingsScreenTests.catalog, now: findings.now),
                                                             revision: findings.catalogRevision)).0
        let sql = try XCTUnwrap(findings.findings?[findings.findingSelected].sql)
        XCTAssertTrue(sql.hasPrefix("CREATE INDEX"), sql)
        XCTAssertEqual(Reducer.reduce(findings, .key(.char("y"))).1, [.copyToClipboard(sql)])
        // In the editor y is text.
        let editing = Fixtures.press(state, .char("e"), .char("y"))
        XCTAssertEqual(editing.editor.text, "y")
    }

    func testStatementsScreenCopiesTheStatement() {
        var state = Fixtures.state(Fixtures.postgresCatalog, capabilities: Capabilities(engine: .postgresql, statementStats: true))
        state = Fixtures.press(state, .char("Q"))
        let stats = [StatementStats(queryID: 1, query: "SELECT *\nFROM runs WHERE id = $1", calls: 9, totalMs: 5, meanMs: 0.5, rows: 9)]
        state = Reducer.reduce(state, .statementsLoaded(StatementStatsReport(byMeanTime: stats, byTotalTime: stats, note: nil))).0
        let (next, effects) = Reducer.reduce(state, .key(.char("y")))
        XCTAssertEqual(effects, [.copyToClipboard("SELECT *\nFROM runs WHERE id = $1")])
        XCTAssertTrue(next.status?.text.contains("the statement (2 lines)") ?? false, next.status?.text ?? "")
    }

    func testTheEscapeIsOSC52WithBase64() {
        XCTAssertEqual(Terminal.clipboardSequence("DROP INDEX a;"), "\u{1B}]52;c;RFJPUCBJTkRFWCBhOw==\u{07}")
    }
}
