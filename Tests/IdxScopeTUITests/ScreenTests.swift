import IdxScopeCore
import XCTest
@testable import IdxScopeTUI

final class ScreenTests: XCTestCase {
    func testDisplayWidthOfWideCombiningAndEmoji() {
        XCTAssertEqual("abc".displayWidth, 3)
        XCTAssertEqual("产品".displayWidth, 4)
        XCTAssertEqual("e\u{301}".displayWidth, 1, "e + combining acute is one column")
        XCTAssertEqual("🙂".displayWidth, 2)
        XCTAssertEqual("☺\u{FE0F}".displayWidth, 2, "VS16 makes an emoji presentation")
        XCTAssertEqual("ｱ".displayWidth, 1, "halfwidth katakana")
    }

    func testPutWideCharactersUseTwoCellsAndClipWithoutHalves() {
        var screen = Screen(width: 6, height: 1)
        let end = screen.put("a产品b", x: 0, y: 0, role: .normal)
        XCTAssertEqual(end, 6)
        XCTAssertEqual(screen.line(0), "a产品b")
        XCTAssertTrue(screen[2, 0].isContinuation)

        var narrow = Screen(width: 4, height: 1)
        narrow.put("a产品", x: 0, y: 0, role: .title)
        XCTAssertEqual(narrow.line(0), "a产 ", "the second wide char does not fit in the last column: a space instead")
        XCTAssertEqual(narrow[3, 0].role, .title)
    }

    func testOverwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var screen = Screen(width: 4, height: 1)
        screen.put("产品", x: 0, y: 0, role: .normal)
        screen.put("x", x: 1, y: 0, role: .normal)
        XCTAssertEqual(screen.line(0), " x品")
    }

    func testCombiningMarkAttachesToPreviousCell() {
        var screen = Screen(width: 5, height: 1)
        screen.put("e\u{301}x", x: 0, y: 0, role: .normal)
        XCTAssertEqual(screen.line(0), "e\u{301}x   ")
        XCTAssertEqual(screen[1, 0].text, "x")
    }

    func testPaddingAndClippingByDisplayWidth() {
        XCTAssertEqual("产品名称".padded(to: 5), "产品…")
        XCTAssertEqual("产品".padded(to: 6).displayWidth, 6)
        XCTAssertEqual("42".padded(to: 5, alignRight: true), "   42")
        XCTAssertEqual("abcdef".clipped(to: 3), "abc")
    }

    func testFormatting() {
        XCTAssertEqual(Format.bar(1, width: 4), "████")
        XCTAssertEqual(Format.bar(0.5, width: 4), "██")
        XCTAssertEqual(Format.bar(0.01, width: 4), "▏", "a non-zero size always shows a sliver")
    }
}

/// One byte formatter: the TUI says what the CLI says (`40 KiB`), in the list and the detail.
final class ByteFormatSharedTests: XCTestCase {
    func testListAndDetailUseTheCLIsByteFormat() {
        let state = Fixtures.state(Fixtures.sqliteCatalog)
        let list = Renderer.render(state)
        let row = list.row(containing: "idx_job_status")
        XCTAssertTrue(row.map { list.line($0).contains(ByteFormat.human(40960)) } ?? false, list.text)
        XCTAssertEqual(ByteFormat.human(40960), "40 KiB")
        let detail = Renderer.render(Fixtures.press(state, .enter))
        XCTAssertNotNil(detail.row(containing: "\(ByteFormat.human(state.selectedRecord?.space.sizeBytes)) ("), detail.text)
    }
}
