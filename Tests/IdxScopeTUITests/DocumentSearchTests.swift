import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// Issue 12: `/` inside help (and on the Findings screen), n/N next and previous match.
final class DocumentSearchTests: XCTestCase {
    func testSlashInHelpJumpsAndNMovesBetweenMatches() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog, width: 80, height: 24), .char("?"), .char("/"))
        XCTAssertEqual(state.keyContext, .search)
        state = Fixtures.type(state, "history")
        let lines = HelpContent.lines(capabilities: state.capabilities).map(StyledText.plain)
        let matches = lines.indices.filter { lines[$0].lowercased().contains("history") }
        XCTAssertGreaterThan(matches.count, 2)
        XCTAssertEqual(state.searchLine, matches[0])
        var screen = Renderer.render(state)
        XCTAssertTrue(screen.line(1).lowercased().contains("history"), "the match is the top line: \(screen.line(1))")
        XCTAssertTrue(screen.line(22).contains("Search: history") && screen.line(22).contains("\(matches.count) lines"), screen.line(22))
        state = Fixtures.press(state, .enter)
        XCTAssertEqual(state.keyContext, .help)
        state = Fixtures.press(state, .char("n"))
        XCTAssertEqual(state.searchLine, matches[1])
        state = Fixtures.press(state, .char("n"), .char("N"))
        XCTAssertEqual(state.searchLine, matches[1])
        for _ in 0..<matches.count { state = Fixtures.press(state, .char("n")) }
        XCTAssertEqual(state.searchLine, matches.last)
        XCTAssertTrue(state.status?.text.contains("no further match") ?? false)
        screen = Renderer.render(state)
        XCTAssertNotNil(screen.row(containing: lines[matches.last!].trimmingCharacters(in: .whitespaces)), "the last match is on screen")
        // Esc while typing drops the search; Esc again leaves help.
        state = Fixtures.press(state, .char("/"), .char("x"), .escape)
        XCTAssertEqual(state.searchTerm, "")
        XCTAssertEqual(state.screen, .help)
        XCTAssertEqual(Fixtures.press(state, .escape).screen, .indexes)
    }

    func testSearchOnTheFindingsScreenSelectsTheFinding() throws {
        var state = Fixtures.state(FindingsScreenTests.catalog)
        state = Fixtures.press(state, .char("F"))
        state = Reducer.reduce(state, .findingsDerived(FindingRules.findings(in: FindingsScreenTests.catalog, now: state.now),
                                                       revision: state.catalogRevision)).0
        state = Fixtures.press(state, .char("/"))
        state = Fixtures.type(state, "owner")
        XCTAssertEqual(state.findings?[state.findingSelected].index, "idx_experiments_owner")
        state = Fixtures.press(state, .enter, .char("N"))
        XCTAssertEqual(state.findings?[state.findingSelected].index, "idx_experiments_owner", "no earlier match")
        XCTAssertTrue(state.status?.text.contains("no earlier match") ?? false)
    }
}
