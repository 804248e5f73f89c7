/// A terminal colour: the terminal's default, or an index into the 256-colour palette
/// (0-7 normal, 8-15 bright, 16-231 colour cube, 232-255 greys).
public enum ThemeColor: Equatable, Hashable, Sendable {
    case terminalDefault
    case palette(Int)

    static let names: [String: Int] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "bright_black": 8, "gray": 8, "grey": 8, "bright_red": 9, "bright_green": 10, "bright_yellow": 11,
        "bright_blue": 12, "bright_magenta": 13, "bright_cyan": 14, "bright_white": 15,
    ]

    /// Parses `default`, a colour name, or a number 0-255.
    static func parse(_ word: String) -> ThemeColor? {
        let lower = word.lowercased()
        if lower == "default" || lower == "-" { return .terminalDefault }
        if let index = names[lower] { return .palette(index) }
        if let number = Int(lower), (0...255).contains(number) { return .palette(number) }
        return nil
    }

    /// The nearest colour a terminal with `colors` colours can show. 256 → 8 maps through the
    /// xterm palette to the closest of the 8 basic colours; bright 8-15 fold onto 0-7.
    public func degraded(toColors colors: Int) -> ThemeColor {
        guard case .palette(let index) = self else { return self }
        if colors >= 256 || index < colors { return self }
        if colors >= 16 || index < 16 { return .palette(index < 8 ? index : index - 8) }
        let (r, g, b) = ThemeColor.rgb(index)
        var best = 0
        var bestDistance = Int.max
        for candidate in 0..<8 {
            let (cr, cg, cb) = ThemeColor.rgb(candidate)
            let distance = (r - cr) * (r - cr) + (g - cg) * (g - cg) + (b - cb) * (b - cb)
            if distance < bestDistance { best = candidate; bestDistance = distance }
        }
        return .palette(best)
    }

    /// The xterm RGB of a palette index (basic colours as xterm draws them).
    static func rgb(_ index: Int) -> (Int, Int, Int) {
        let basic: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if index < 16 { return basic[index] }
        if index >= 232 { let level = 8 + (index - 232) * 10; return (level, level, level) }
        let cube = index - 16
        let steps = [0, 95, 135, 175, 215, 255]
        return (steps[cube / 36], steps[(cube / 6) % 6], steps[cube % 6])
    }
}

/// Text attributes a theme may ask for.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1)
    public static let dim = TextAttributes(rawValue: 2)
    public static let underline = TextAttributes(rawValue: 4)
    public static let reverse = TextAttributes(rawValue: 8)

    static let names: [String: TextAttributes] = ["bold": .bold, "dim": .dim, "underline": .underline, "reverse": .reverse]
}

/// What one role looks like.
public struct Style: Equatable, Hashable, Sendable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var attributes: TextAttributes

    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public func degraded(toColors colors: Int) -> Style {
        if colors < 8 { return Style(attributes: attributes) }
        return Style(foreground: foreground.degraded(toColors: colors), background: background.degraded(toColors: colors), attributes: attributes)
    }
}
