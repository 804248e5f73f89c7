import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// Tab and pasted text in the editor: text stays text, nothing switches screens or quits.
final class PasteAndTabTests: XCTestCase {
    func testTabInTheEditorIndentsAndShiftTabLeaves() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e"))
        state = Fixtures.type(state, "SELECT")
        state = Fixtures.press(state, .tab)
        XCTAssertEqual(state.screen, .query, "Tab stays in the editor")
        XCTAssertEqual(state.editor.text, "SELECT  ", "spaces to the next multiple of 4 (column 6 → 8)")
        state = Fixtures.press(state, .tab)
        XCTAssertEqual(state.editor.text, "SELECT      ")
        state = Fixtures.type(state, "q")
        XCTAssertFalse(state.shouldQuit)
        let bar = Renderer.render(state).line(39)
        XCTAssertFalse(bar.contains("Tab Next"), "the key bar must not offer Tab for screens in the editor: \(bar)")
        XCTAssertTrue(Renderer.render(Fixtures.state(Fixtures.sqliteCatalog)).line(39).contains("Tab Next"))
        state = Fixtures.press(state, .backTab)
        XCTAssertEqual(state.screen, .detail, "S-Tab changes screens from the editor")
        // Tab still cycles elsewhere.
        XCTAssertEqual(Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .tab).screen, .detail)
    }

    func testPasteIsTextInTheEditorWithLineBreaksAndTabs() {
        var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e"))
        state = Reducer.reduce(state, .paste("SELECT *\r\n\tFROM job\rWHERE\tq = 1\u{7}")).0
        XCTAssertEqual(state.screen, .query)
        XCTAssertFalse(state.shouldQuit)
        XCTAssertEqual(state.editor.text, "SELECT *\n    FROM job\nWHERE   q = 1", "CR/CRLF break lines, tabs indent, BEL dropped")
        let screen = Renderer.render(state)
        XCTAssertNotNil(screen.row(containing: "WHERE   q = 1"), screen.text)
    }

    func testPasteNeverRunsCommandsOnOtherScreens() {
        let list = Fixtures.state(Fixtures.sqliteCatalog)
        let pasted = Reducer.reduce(list, .paste("q\tjob\n")).0
        XCTAssertFalse(pasted.shouldQuit)
        XCTAssertEqual(pasted.screen, .indexes)
        XCTAssertEqual(pasted.selectedLine, list.selectedLine)
        XCTAssertTrue(Renderer.render(pasted).text.contains("paste ignored"))
        // In the filter prompt the paste becomes one line of filter text.
        var filter = Fixtures.press(list, .char("/"))
        filter = Reducer.reduce(filter, .paste("idx_job\n")).0
        XCTAssertEqual(filter.filter, "idx_job ")
        XCTAssertTrue(filter.filterEditing)
    }
}
