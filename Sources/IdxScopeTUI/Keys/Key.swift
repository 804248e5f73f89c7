/// A key press as the app sees it, independent of ncurses codes (the terminal adapter translates).
enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    /// Alt (Meta) with a character: the terminal sends Esc followed by it (readline's M-b, M-f).
    case alt(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case shiftLeft, shiftRight
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)

    /// How the help screen and the key bar spell the key.
    var label: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "^" + String(c).uppercased()
        case .alt(let c): return "M-" + String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .shiftLeft: return "S-←"
        case .shiftRight: return "S-→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "Bksp"
        case .delete: return "Del"
        case .function(let n): return "F\(n)"
        }
    }
}

/// A mouse press or wheel step at a cell (0-based), as the terminal adapter decodes it.
struct MouseEvent: Equatable, Sendable {
    enum Button: Equatable, Sendable { case press, wheelUp, wheelDown }
    var x: Int
    var y: Int
    var button: Button
}
