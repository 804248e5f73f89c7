import Foundation
import IdxScopeCore
@testable import IdxScopeTUI
import XCTest

/// Names with control or bidi characters are shown escaped, as the CLI shows them: `victim` and
/// `vic\x1Btim` never look alike, and the detail's DROP visibly names the index it drops.
final class EscapedNamesTests: XCTestCase {
    private var catalog: Catalog {
        Catalog(engine: .sqlite, database: "evil.db", serverVersion: "3.40.1", indexes: [
            Fixtures.index("t", "victim", ["a"], size: 4096),
            Fixtures.index("t", "vic\u{1B}tim", ["a"], size: 8192),
            Fixtures.index("t", "abc\u{202E}fdp.exe", ["b"], size: 4096),
            Fixtures.index("t", "two\nlines", ["c"], size: 4096),
        ], sizesLoaded: true)
    }

    func testListShowsEveryNameEscapedAndDistinct() {
        let screen = Renderer.render(Fixtures.state(catalog))
        XCTAssertNotNil(screen.row(containing: "vic\\x1Btim"), screen.text)
        XCTAssertNotNil(screen.row(containing: "victim "), screen.text)
        XCTAssertNotNil(screen.row(containing: "abc\\u202Efdp.exe"), screen.text)
        XCTAssertNotNil(screen.row(containing: "two\\nlines"), screen.text)
        XCTAssertFalse(screen.text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E }, screen.text)
    }

    func testDetailTitleAndItsDropNameTheEscapedIndex() throws {
        var state = Fixtures.state(catalog)
        // Rows are sorted by table then name; walk to the escaped twin and open its detail.
        for _ in 0..<4 where state.selectedRecord?.info.name != "vic\u{1B}tim" {
            state = Fixtures.press(state, .down)
        }
        let row = try XCTUnwrap(Renderer.render(state).row(containing: "vic\\x1Btim"))
        XCTAssertEqual(Renderer.render(state).role(of: "vic\\x1Btim", onRow: row), .selection)
        let detail = Renderer.render(Fixtures.press(state, .enter))
        XCTAssertNotNil(detail.row(containing: "vic\\x1Btim on main.t"), detail.text)
        XCTAssertNotNil(detail.row(containing: "DROP INDEX \"vic\\x1Btim\";"), detail.text)
        XCTAssertFalse(detail.text.unicodeScalars.contains { $0.value == 0x1B }, detail.text)
    }

    func testScreenNeverHoldsARawControlOrBidiCharacter() {
        var screen = Screen(width: 40, height: 1)
        screen.put("a\u{7}b\u{202E}c\u{2066}d\u{200F}e\u{061C}f\tg", x: 0, y: 0, role: .normal)
        XCTAssertEqual(screen.line(0).trimmingCharacters(in: .whitespaces), "a\\x07b\\u202Ec\\u2066d\\u200Fe\\u061Cf g")
    }
}
