/// A terminal colour: the terminal's default, or an index into the 256-colour palette
/// (0-7 normal, 8-15 bright, 16-231 colour cube, 232-255 greys).
enum ThemeColor: Equatable, Hashable, Sendable {
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
    func degraded(toColors colors: Int) -> ThemeColor {
        guard case .palette(let index) = self else { return self }
        if colors >= 256 || index < colors { return self }
        if colors >= 16 { return .palette(index < 8 ? index : index - 8) }
        return .palette(ThemeColor.nearestBasic(ThemeColor.rgb(index)))
    }

    static func isGrey(_ index: Int) -> Bool {
        let (r, g, b) = rgb(index)
        return max(r, g, b) - min(r, g, b) < 40
    }

    /// Picks among the 8 basic colours by hue (greys by lightness): RGB distance would turn
    /// pastel greens and reds into white, losing the meaning of the colour.
    static func nearestBasic(_ rgb: (Int, Int, Int)) -> Int {
        let (r, g, b) = (Double(rgb.0), Double(rgb.1), Double(rgb.2))
        let high = max(r, g, b), low = min(r, g, b)
        if high - low < 40 { return high >= 100 ? 7 : 0 }
        var hue: Double
        if high == r { hue = 60 * ((g - b) / (high - low)) }
        else if high == g { hue = 60 * ((b - r) / (high - low)) + 120 }
        else { hue = 60 * ((r - g) / (high - low)) + 240 }
        if hue < 0 { hue += 360 }
        // red 1, yellow 3, green 2, cyan 6, blue 4, magenta 5 at 0, 60, 120, 180, 240, 300 degrees
        let sectors = [1, 3, 2, 6, 4, 5]
        return sectors[Int((hue + 30) / 60) % 6]
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
struct TextAttributes: OptionSet, Hashable, Sendable {
    let rawValue: Int
    init(rawValue: Int) { self.rawValue = rawValue }
    static let bold = TextAttributes(rawValue: 1)
    static let dim = TextAttributes(rawValue: 2)
    static let underline = TextAttributes(rawValue: 4)
    static let reverse = TextAttributes(rawValue: 8)

    static let names: [String: TextAttributes] = ["bold": .bold, "dim": .dim, "underline": .underline, "reverse": .reverse]
}

/// What one role looks like.
struct Style: Equatable, Hashable, Sendable {
    var foreground: ThemeColor
    var background: ThemeColor
    var attributes: TextAttributes

    init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    func degraded(toColors colors: Int) -> Style {
        if colors < 8 { return Style(attributes: attributes) }
        var result = Style(foreground: foreground.degraded(toColors: colors), background: background.degraded(toColors: colors), attributes: attributes)
        // A grey foreground becomes white on 8 colours; dim keeps it secondary.
        if colors < 16, case .palette(let index) = foreground, index >= 8, result.foreground == .palette(7), ThemeColor.isGrey(index), ThemeColor.rgb(index).0 < 200 {
            result.attributes.insert(.dim)
        }
        return result
    }
}
