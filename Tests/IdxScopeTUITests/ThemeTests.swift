import IdxScopeTestSupport
import XCTest
@testable import IdxScopeTUI

final class ThemeTests: XCTestCase {
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes")

    func testEmbeddedThemesMatchFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDirectory.path).filter { $0.hasSuffix(".theme") }.sorted()
        XCTAssertEqual(files.map { String($0.dropLast(6)) }, BuiltinThemes.all.map(\.name).sorted(),
                       "every themes/*.theme is embedded (run themes/embed.sh)")
        for file in files {
            let text = try String(contentsOf: Self.themesDirectory.appendingPathComponent(file), encoding: .utf8)
            let embedded = try XCTUnwrap(BuiltinThemes.text(named: String(file.dropLast(6))))
            XCTAssertEqual(embedded + "\n", text, "\(file) differs from its embedded copy: run themes/embed.sh")
        }
    }

    func testEveryBuiltinThemeParsesAndDefinesEveryRole() throws {
        XCTAssertGreaterThanOrEqual(BuiltinThemes.all.count, 4)
        for (name, text) in BuiltinThemes.all {
            let theme = try Theme.parse(text, source: "\(name).theme")
            XCTAssertEqual(theme.name, name)
            for role in Role.allCases { XCTAssertNotNil(theme.styles[role], "\(name) lacks \(role.rawValue)") }
        }
    }

    func testParsesColoursAttributesAndDefaults() throws {
        let theme = try Theme.parse("""
        # comment
        full_scan = red, default, bold+underline   # trailing comment
        header = 231, 24
        dim = bright_black
        """, source: "mine.theme")
        XCTAssertEqual(theme.name, "mine")
        XCTAssertEqual(theme.style(for: .fullScan), Style(foreground: .palette(1), background: .terminalDefault, attributes: [.bold, .underline]))
        XCTAssertEqual(theme.style(for: .header), Style(foreground: .palette(231), background: .palette(24)))
        XCTAssertEqual(theme.style(for: .dim).foreground, .palette(8))
    }

    func testBrokenLineIsReportedWithFileAndLineNumber() {
        let text = "normal = default\nheader = white, blue\nfull_scan = reddish, default\n"
        XCTAssertThrowsError(try Theme.parse(text, source: "/tmp/bad.theme")) { error in
            XCTAssertEqual((error as? ThemeError)?.message, "/tmp/bad.theme line 3: bad foreground colour 'reddish'")
        }
        XCTAssertThrowsError(try Theme.parse("\n\nnot a setting\n", source: "x.theme")) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("x.theme line 3: "), String(describing: error))
        }
        XCTAssertThrowsError(try Theme.parse("headr = red\n", source: "x.theme")) { error in
            XCTAssertTrue(String(describing: error).contains("line 1: unknown role 'headr'"), String(describing: error))
        }
        XCTAssertThrowsError(try Theme.parse("header = red, blue, blink\n", source: "x.theme")) { error in
            XCTAssertTrue(String(describing: error).contains("line 1: bad attribute 'blink'"), String(describing: error))
        }
        XCTAssertThrowsError(try Theme.parse("header = 256\n", source: "x.theme"))
    }

    func testLoadByNameByPathAndFromConfigDirectory() throws {
        XCTAssertEqual(try Theme.load(nameOrPath: "light", environment: [:]).name, "light")
        let scratch = try TemporaryDirectory(prefix: "theme")
        let directory = scratch.url
        let themes = directory.appendingPathComponent("idxscope/themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try "inherit = dark\nfull_scan = magenta\n".write(to: themes.appendingPathComponent("ocean.theme"), atomically: true, encoding: .utf8)
        let fromConfig = try Theme.load(nameOrPath: "ocean", environment: ["XDG_CONFIG_HOME": directory.path])
        XCTAssertEqual(fromConfig.style(for: .fullScan).foreground, .palette(5))
        XCTAssertEqual(fromConfig.style(for: .header), Theme.dark.style(for: .header), "inherit starts from the built-in")
        let byPath = try Theme.load(nameOrPath: themes.appendingPathComponent("ocean.theme").path, environment: [:])
        XCTAssertEqual(byPath.name, "ocean")
        XCTAssertThrowsError(try Theme.load(nameOrPath: "nosuch", environment: [:])) { error in
            XCTAssertTrue(String(describing: error).contains("unknown theme 'nosuch'"))
        }
        XCTAssertThrowsError(try Theme.load(nameOrPath: "/nonexistent/x.theme", environment: [:])) { error in
            XCTAssertEqual(String(describing: error), "cannot read theme file /nonexistent/x.theme")
        }
    }

    func testEightColourTerminalsGetTheNearestBasicColour() {
        XCTAssertEqual(ThemeColor.palette(203).degraded(toColors: 8), .palette(1), "salmon red → red")
        XCTAssertEqual(ThemeColor.palette(114).degraded(toColors: 8), .palette(2), "light green → green")
        XCTAssertEqual(ThemeColor.palette(214).degraded(toColors: 8), .palette(3), "orange → yellow")
        XCTAssertEqual(ThemeColor.palette(18).degraded(toColors: 8), .palette(4), "dark blue → blue")
        XCTAssertEqual(ThemeColor.palette(244).degraded(toColors: 8), .palette(7), "mid grey → white (dimmed by the style)")
        XCTAssertEqual(ThemeColor.palette(234).degraded(toColors: 8), .palette(0), "near-black grey → black")
        XCTAssertTrue(Theme.dark.degraded(toColors: 8).style(for: .dim).attributes.contains(.dim))
        XCTAssertFalse(Theme.dark.degraded(toColors: 8).style(for: .header).attributes.contains(.dim), "white (231) text stays bright")
                XCTAssertEqual(ThemeColor.palette(9).degraded(toColors: 8), .palette(1), "bright red folds onto red")
        XCTAssertEqual(ThemeColor.palette(203).degraded(toColors: 256), .palette(203))
        XCTAssertEqual(ThemeColor.terminalDefault.degraded(toColors: 8), .terminalDefault)
        let dark = Theme.dark.degraded(toColors: 8)
        for role in Role.allCases {
            for color in [dark.style(for: role).foreground, dark.style(for: role).background] {
                if case .palette(let index) = color { XCTAssertLessThan(index, 8, "\(role) still uses colour \(index)") }
            }
        }
        XCTAssertEqual(Theme.dark.degraded(toColors: 8).style(for: .fullScan).foreground, .palette(1), "full scans stay red")
        XCTAssertEqual(Theme.dark.degraded(toColors: 0).style(for: .fullScan), Style(attributes: [.bold]), "no colours: attributes only")
    }

    func testNoColorSelectsMonochrome() throws {
        XCTAssertEqual(try TUIOptions(noColor: true, environment: [:]).resolveTheme().name, "monochrome")
        XCTAssertEqual(try TUIOptions(theme: "light", environment: ["NO_COLOR": "1"]).resolveTheme().name, "monochrome")
        XCTAssertEqual(try TUIOptions(theme: "light", environment: ["NO_COLOR": ""]).resolveTheme().name, "light", "NO_COLOR set but empty does not count")
        let mono = Theme.monochrome
        for role in Role.allCases {
            XCTAssertEqual(mono.style(for: role).foreground, .terminalDefault)
            XCTAssertEqual(mono.style(for: role).background, .terminalDefault)
        }
        XCTAssertNotEqual(mono.style(for: .fullScan).attributes, [], "full scans stand out without colour")
        XCTAssertThrowsError(try TUIOptions(theme: "nosuch", noColor: true, environment: [:]).resolveTheme(), "a bad --theme is reported even with --no-color")
    }
}

final class ThemeDocumentationTests: XCTestCase {
    func testReadmeDocumentsEveryRole() throws {
        let readme = try String(contentsOf: ThemeTests.themesDirectory.appendingPathComponent("README.md"), encoding: .utf8)
        for role in Role.allCases {
            XCTAssertTrue(readme.contains("| `\(role.rawValue)` |"), "themes/README.md lacks the role \(role.rawValue)")
        }
    }
}
