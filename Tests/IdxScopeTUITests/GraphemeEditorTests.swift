import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// The terminal delivers one code point per key event; the editor must still move and delete by
/// what the user sees (grapheme clusters): ZWJ emoji, flags, decomposed accents.
final class GraphemeEditorTests: XCTestCase {
    /// Types `text` one Unicode scalar at a time, as ncurses' get_wch reports it.
    func typeScalars(_ state: AppState, _ text: String) -> AppState {
        text.unicodeScalars.reduce(state) { Reducer.reduce($0, .key(.char(Character($1)))).0 }
    }

    func editing() -> AppState { Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog), .char("e")) }

    func testZWJEmojiIsOneCharacterForArrowsAndBackspace() {
        var state = typeScalars(editing(), "a👩‍💻b")
        XCTAssertEqual(state.editor.lines[0], ["a", "👩‍💻", "b"])
        XCTAssertEqual(state.editor.column, 3)
        state = Fixtures.press(state, .left, .backspace)
        XCTAssertEqual(state.editor.text, "ab", "one Backspace removes the whole emoji, not only 💻")
        XCTAssertEqual(state.editor.column, 1)
        state = typeScalars(editing(), "👩‍💻")
        state = Fixtures.press(state, .backspace)
        XCTAssertEqual(state.editor.text, "", "Backspace after 👩‍💻 must not leave 👩 + ZWJ")
    }

    func testFlagsPairTheirRegionalIndicators() {
        var state = typeScalars(editing(), "🇫🇷🇩🇪")
        XCTAssertEqual(state.editor.lines[0], ["🇫🇷", "🇩🇪"])
        state = Fixtures.press(state, .backspace)
        XCTAssertEqual(state.editor.text, "🇫🇷")
        state = Fixtures.press(state, .left)
        XCTAssertEqual(state.editor.column, 0)
    }

    func testDecomposedAccentJoinsItsLetterEvenMidLine() {
        var state = typeScalars(editing(), "cafe\u{301}")
        XCTAssertEqual(state.editor.lines[0].count, 4)
        XCTAssertEqual(state.editor.text, "cafe\u{301}")
        state = Fixtures.press(state, .left)
        XCTAssertEqual(state.editor.column, 3, "one ← crosses é")
        // An accent typed between a and b belongs to a.
        state = typeScalars(editing(), "ab")
        state = Fixtures.press(state, .left)
        state = typeScalars(state, "\u{301}")
        XCTAssertEqual(state.editor.lines[0], ["a\u{301}", "b"])
        XCTAssertEqual(state.editor.column, 1)
        // A ZWJ typed before an emoji joins both neighbours into one cluster; the cursor goes after it.
        state = typeScalars(editing(), "👩💻")
        state = Fixtures.press(state, .left)
        state = typeScalars(state, "\u{200D}")
        XCTAssertEqual(state.editor.lines[0], ["👩‍💻"])
        XCTAssertEqual(state.editor.column, 1)
    }

    func testPastedScalarsFormTheSameClusters() {
        var editor = TextEditor()
        editor.insert(pasted: "x👩‍💻🇫🇷e\u{301}y")
        XCTAssertEqual(editor.lines[0], ["x", "👩‍💻", "🇫🇷", "e\u{301}", "y"])
        XCTAssertEqual(editor.column, 5)
    }

    func testCursorAfterAnEmojiSitsTwoColumnsOn() {
        let state = typeScalars(editing(), "a👩‍💻")
        let screen = Renderer.render(state)
        XCTAssertEqual(screen.cursor?.x, 2 + 1 + 2)
    }

    /// 60 漢字 (120 columns) at a width where the horizontal scroll cut falls inside a character:
    /// the cursor sits right after the last one drawn, not a column further.
    func testCursorAfterAWideLineScrolledThroughACharacter() throws {
        for width in [60, 61, 80, 81] {
            var state = Fixtures.press(Fixtures.state(Fixtures.sqliteCatalog, width: width, height: 24), .char("e"))
            state = typeScalars(state, String(repeating: "漢", count: 60))
            let screen = Renderer.render(state)
            let cursor = try XCTUnwrap(screen.cursor)
            XCTAssertLessThan(cursor.x, width, "width \(width)")
            XCTAssertEqual(screen[cursor.x - 2, cursor.y].text, "漢", "width \(width): \(screen.line(cursor.y))")
            XCTAssertTrue(screen[cursor.x - 1, cursor.y].isContinuation, "width \(width): \(screen.line(cursor.y))")
            XCTAssertEqual(screen[cursor.x, cursor.y].text, " ", "width \(width)")
        }
    }
}

final class GraphemeEditorSpeedTests: XCTestCase {
    /// A 200,000-character one-line paste stays quick although every code point is checked
    /// against its neighbours (the line is edited in place, not copied per code point).
    func testLongOneLinePasteIsLinear() {
        let text = String(repeating: "SELECT é👩‍💻, ", count: 20_000)
        let started = Date()
        var editor = TextEditor()
        editor.insert(pasted: text)
        XCTAssertEqual(editor.text, text)
        XCTAssertEqual(editor.lines[0].count, text.count)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "paste took too long")
    }
}
