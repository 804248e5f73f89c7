import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

final class HelpAndKeysTests: XCTestCase {
    func testHelpListsEveryKeyOfTheKeyTable() {
        // PostgreSQL: every binding applies there (SQLite's help leaves F6 out).
        var state = Fixtures.state(Fixtures.postgresCatalog, width: 120, height: 40)
        state = Fixtures.press(state, .char("?"))
        XCTAssertEqual(state.screen, .help)
        // Collect the whole help text by scrolling through it.
        var seen = Renderer.render(state).text
        for _ in 0..<20 {
            state = Fixtures.press(state, .pageDown)
            seen += "\n" + Renderer.render(state).text
        }
        for binding in KeyTable.bindings {
            let keys = binding.keys.map(\.label).joined(separator: " ")
            let summary = HelpContent.summary(binding, in: binding.contexts[0])
            XCTAssertTrue(seen.contains("  " + keys + " ") && seen.contains(summary), "help lacks \(keys) — \(summary)")
        }
        XCTAssertEqual(HelpContent.lines(capabilities: state.capabilities).filter { line in line.first?.role == .keyBar }.count,
                       KeyContext.allCases.map { context in KeyTable.bindings.filter { $0.contexts.contains(context) }.count }.reduce(0, +) + KeyContext.allCases.filter(KeyTable.takesText).count,
                       "one help line per binding and context (+ a 'typed as text' note per prompt)")
    }

    func testRequiredKeysExist() {
        let required: [(Key, KeyContext, Command)] = [
            (.up, .indexes, .moveUp), (.char("k"), .indexes, .moveUp), (.down, .indexes, .moveDown), (.char("j"), .indexes, .moveDown),
            (.char("g"), .indexes, .top), (.char("G"), .indexes, .bottom), (.pageUp, .indexes, .pageUp), (.pageDown, .indexes, .pageDown),
            (.enter, .indexes, .openDetail), (.escape, .detail, .back), (.char("/"), .indexes, .startFilter),
            (.char("?"), .indexes, .help), (.function(1), .query, .help), (.char("e"), .indexes, .openEditor),
            (.function(5), .query, .plan), (.tab, .indexes, .nextScreen), (.tab, .query, .editorIndent), (.backTab, .query, .previousScreen),
            (.char("q"), .indexes, .quit), (.char("s"), .indexes, .sortNext), (.char("S"), .indexes, .sortReverse),
            (.char("<"), .indexes, .sortPrevious), (.char(">"), .indexes, .sortNext), (.char("t"), .indexes, .groupByTable),
        ]
        for (key, context, command) in required {
            XCTAssertEqual(KeyTable.command(for: key, in: context), command, "\(key) in \(context)")
        }
        XCTAssertNil(KeyTable.command(for: .char("q"), in: .query), "q is text in the editor")
        XCTAssertNil(KeyTable.command(for: .char("?"), in: .filter), "? is text in the filter")
    }

    func testNoKeyIsBoundTwiceInOneContext() {
        for context in KeyContext.allCases {
            var seen: [Key: String] = [:]
            for binding in KeyTable.bindings where binding.contexts.contains(context) {
                for key in binding.keys {
                    XCTAssertNil(seen[key], "\(key.label) bound twice in \(context): \(seen[key] ?? "") and \(binding.summary)")
                    seen[key] = binding.summary
                }
            }
        }
    }

    func testTabCyclesScreensAndHelpReturns() {
        var state = Fixtures.state(Fixtures.sqliteCatalog)
        state = Fixtures.press(state, .tab)
        XCTAssertEqual(state.screen, .detail)
        state = Fixtures.press(state, .tab)
        XCTAssertEqual(state.screen, .query)
        state = Fixtures.press(state, .function(1))
        XCTAssertEqual(state.screen, .help)
        state = Fixtures.press(state, .escape)
        XCTAssertEqual(state.screen, .query)
        state = Fixtures.press(state, .backTab, .backTab)
        XCTAssertEqual(state.screen, .indexes)
        state = Fixtures.press(state, .backTab)
        XCTAssertEqual(state.screen, .findings, "the cycle ends with Findings")
        state = Fixtures.press(state, .backTab)
        XCTAssertEqual(state.screen, .query, "no Statements screen without pg_stat_statements")
        let pg = Fixtures.press(Fixtures.state(Fixtures.postgresCatalog, capabilities: Capabilities(engine: .postgresql, statementStats: true)),
                                .backTab, .backTab)
        XCTAssertEqual(pg.screen, .queries, "Statements before Findings")
    }

    func testKeyBarFollowsTheScreen() {
        let list = Renderer.render(Fixtures.state(Fixtures.sqliteCatalog)).line(39)
        XCTAssertTrue(list.hasPrefix("F1 Help"), list)
        let editor = Renderer.render(Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e"))).line(39)
        XCTAssertTrue(editor.contains("F5 Plan"), editor)
        XCTAssertTrue(editor.contains("F10 Quit"), editor)
        XCTAssertFalse(editor.contains("q Quit"))
    }
}

final class HelpNotesTests: XCTestCase {
    func testHelpShowsTheEnginesNotesAndEveryBadge() {
        var catalog = Fixtures.sqliteCatalog
        catalog.notes = ["opened immutable: the directory is read-only, a concurrent writer would not be seen"]
        let lines = HelpContent.lines(capabilities: Capabilities(engine: .sqlite), notes: catalog.notes)
        let text = lines.map { $0.map(\.text).joined() }.joined(separator: "\n")
        XCTAssertTrue(text.contains("This database"), text)
        XCTAssertTrue(text.contains("opened immutable"), text)
        for badge in ["unused", "dup", "prefix", "invalid", "bloated"] {
            XCTAssertTrue(lines.contains { $0.first?.text.trimmingCharacters(in: .whitespaces) == badge }, "legend lacks \(badge)")
        }
    }

    func testPagingHelpSaysWhatItPagesPerContext() {
        let text = HelpContent.lines(capabilities: Capabilities(engine: .postgresql)).map(StyledText.plain).joined(separator: "\n")
        XCTAssertTrue(text.contains("page the plan down (the editor keeps its text)"), text)
        XCTAssertTrue(text.contains("page down the index list"))
        XCTAssertTrue(text.contains("page down this help"))
        XCTAssertFalse(text.contains("(the plan, in the editor)"))
    }

    func testSQLiteOnlyRowsAreLeftOutOfAPostgreSQLDetail() {
        let postgres = Fixtures.press(Fixtures.state(Fixtures.postgresCatalog), .enter)
        var catalog = Fixtures.postgresCatalog
        for position in catalog.indexes.indices {
            catalog.indexes[position].space.depth = nil
            catalog.indexes[position].space.fragmentationPercent = nil
        }
        let unmeasured = Renderer.render(Fixtures.press(Fixtures.state(catalog), .enter)).text
        XCTAssertFalse(unmeasured.contains("depth") || unmeasured.contains("fragmentation"), unmeasured)
        XCTAssertTrue(Renderer.render(postgres).text.contains("depth"), "measured (pgstatindex): shown")
        var sqliteCatalog = Fixtures.sqliteCatalog
        sqliteCatalog.indexes[0].space.depth = nil
        let sqlite = Renderer.render(Fixtures.press(Fixtures.state(sqliteCatalog), .enter)).text
        XCTAssertTrue(sqlite.contains("depth") && sqlite.contains("fragmentation"), sqlite)
    }
}
