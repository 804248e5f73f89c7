import Foundation

/// Maps every role to a style. Parsed from a theme file:
///
///     # comment
///     name = dark                      (optional)
///     inherit = dark                   (optional: start from a built-in theme)
///     role = foreground, background, attributes
///
/// Colours are `default`, a name (`red`, `bright_blue`, `gray` …) or 0-255; attributes are
/// `bold`, `dim`, `underline`, `reverse` joined by `+`, or `-`/`none`. Trailing fields may be
/// omitted. Roles a file does not mention look like `normal`.
struct Theme: Equatable, Sendable {
    var name: String
    var styles: [Role: Style]

    init(name: String, styles: [Role: Style]) {
        self.name = name
        self.styles = styles
    }

    func style(for role: Role) -> Style {
        styles[role] ?? styles[.normal] ?? Style()
    }

    /// The same theme as a terminal with `colors` colours can show it (0 = no colour).
    func degraded(toColors colors: Int) -> Theme {
        Theme(name: name, styles: styles.mapValues { $0.degraded(toColors: colors) })
    }

    /// Parses theme text; `source` names the file in errors ("dark.theme line 4: …").
    static func parse(_ text: String, source: String) throws -> Theme {
        var name = (source as NSString).lastPathComponent
        if name.hasSuffix(".theme") { name = String(name.dropLast(6)) }
        var styles: [Role: Style] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            func fail(_ why: String) -> ThemeError { ThemeError(message: "\(source) line \(lineNumber): \(why)") }
            let withoutComment = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let line = withoutComment.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard let equals = line.firstIndex(of: "=") else { throw fail("expected 'role = foreground, background, attributes'") }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if key == "name" { name = value; continue }
            if key == "inherit" {
                guard let base = BuiltinThemes.text(named: value) else { throw fail("unknown built-in theme '\(value)' to inherit") }
                styles.merge(try parse(base, source: "\(value).theme").styles) { _, inherited in inherited }
                continue
            }
            guard let role = Role(rawValue: key) else {
                throw fail("unknown role '\(key)' (known: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let fields = value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count <= 3, !value.isEmpty else { throw fail("expected 1 to 3 comma-separated fields after '='") }
            var style = Style()
            if fields.count > 0 {
                guard let color = ThemeColor.parse(fields[0]) else { throw fail("bad foreground colour '\(fields[0])'") }
                style.foreground = color
            }
            if fields.count > 1 {
                guard let color = ThemeColor.parse(fields[1]) else { throw fail("bad background colour '\(fields[1])'") }
                style.background = color
            }
            if fields.count > 2, !["", "-", "none"].contains(fields[2].lowercased()) {
                for word in fields[2].split(separator: "+").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                    guard let attribute = TextAttributes.names[word] else { throw fail("bad attribute '\(word)' (bold, dim, underline, reverse)") }
                    style.attributes.insert(attribute)
                }
            }
            styles[role] = style
        }
        return Theme(name: name, styles: styles)
    }

    /// Loads a theme by built-in name, by name in a themes directory, or by file path.
    /// Directories searched for `NAME.theme`: `$XDG_CONFIG_HOME/idxscope/themes`
    /// (default `~/.config/idxscope/themes`), then `themes/` next to the executable and
    /// `../share/idxscope/themes` from it; built-in themes last.
    static func load(nameOrPath: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Theme {
        let looksLikePath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".theme")
        if looksLikePath {
            guard let data = FileManager.default.contents(atPath: nameOrPath) else {
                throw ThemeError(message: "cannot read theme file \(nameOrPath)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ThemeError(message: "theme file \(nameOrPath) is not UTF-8 text")
            }
            return try parse(text, source: nameOrPath)
        }
        for directory in searchDirectories(environment: environment) {
            let path = (directory as NSString).appendingPathComponent("\(nameOrPath).theme")
            if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) {
                return try parse(text, source: path)
            }
        }
        if let text = BuiltinThemes.text(named: nameOrPath) {
            return try parse(text, source: "\(nameOrPath).theme")
        }
        let known = BuiltinThemes.all.map(\.name).joined(separator: ", ")
        throw ThemeError(message: "unknown theme '\(nameOrPath)' (built-in: \(known); or give a path to a .theme file)")
    }

    static func searchDirectories(environment: [String: String]) -> [String] {
        var directories: [String] = []
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            directories.append("\(config)/idxscope/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append("\(home)/.config/idxscope/themes")
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        directories.append(executable.appendingPathComponent("themes").path)
        directories.append(executable.appendingPathComponent("../share/idxscope/themes").standardized.path)
        return directories
    }

    /// The default theme (built in; cannot fail to parse — a unit test parses every built-in).
    static var dark: Theme { try! parse(BuiltinThemes.dark, source: "dark.theme") }
    static var monochrome: Theme { try! parse(BuiltinThemes.monochrome, source: "monochrome.theme") }
}

public struct ThemeError: Error, Equatable, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
