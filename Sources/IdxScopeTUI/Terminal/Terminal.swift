import CNcurses
import Foundation

/// Why the TUI could not start; `message` is one line for `idxscope: …` on stderr.
public struct TUIError: Error, Equatable, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }

    static let noTerminal = TUIError(message: "no terminal; use a sub-command such as 'idxscope indexes TARGET'")
}

/// Input the run loop gets from the terminal.
enum TerminalEvent: Equatable {
    case key(Key)
    case paste(String)
    case resize(width: Int, height: Int)
    case mouse(MouseEvent)
}

/// The only code that talks to ncurses: setup, key decoding, copying changed cells, restore.
final class Terminal {
    private var screenPointer: OpaquePointer?
    private var previous: Screen?
    private var pairs: [Role: Int16] = [:]
    private var attributes: [Role: UInt32] = [:]
    private(set) var colors = 0
    private var isActive = false

    /// Checks for a usable terminal before ncurses sees it: with stdin at /dev/null ncurses
    /// would spin, with TERM unset it would exit(1) itself, with TERM=dumb draw garbage.
    static func checkTerminal(environment: [String: String]) throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw TUIError.noTerminal }
        guard let term = environment["TERM"], !term.isEmpty else {
            throw TUIError(message: "TERM is not set; set it (e.g. TERM=xterm-256color) or use a sub-command such as 'idxscope indexes TARGET'")
        }
        guard term != "dumb" else {
            throw TUIError(message: "terminal type 'dumb' cannot draw the UI; use a sub-command such as 'idxscope indexes TARGET'")
        }
    }

    init(theme: Theme, environment: [String: String]) throws {
        try Terminal.checkTerminal(environment: environment)
        setlocale(LC_ALL, "")
        if let codeset = idxscope_codeset(), String(cString: codeset).uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
            // ncursesw garbles UTF-8 unless LC_CTYPE says UTF-8 (LANG unset or C here).
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        guard let term = environment["TERM"], let created = idxscope_newterm(term) else {
            throw TUIError(message: "cannot use terminal type '\(environment["TERM"] ?? "")' (no terminfo entry)")
        }
        screenPointer = created
        set_term(created)
        isActive = true
        cbreak()
        noecho()
        nonl()
        idxscope_keypad(true)
        set_escdelay(25)
        curs_set(0)
        idxscope_timeout(80)
        idxscope_define_paste_keys()
        idxscope_enable_mouse()
        idxscope_write_terminal(Terminal.bracketedPasteOn)
        setUpColors(theme)
    }

    deinit { restore() }

    static let bracketedPasteOn = "\u{1B}[?2004h"
    static let bracketedPasteOff = "\u{1B}[?2004l"

    private func setUpColors(_ theme: Theme) {
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(idxscope_colors())
        }
        let shown = theme.degraded(toColors: colors)
        var nextPair: Int16 = 1
        var pairByColors: [String: Int16] = [:]
        for role in Role.allCases {
            let style = shown.style(for: role)
            var attrs = idxscope_a_normal()
            if style.attributes.contains(.bold) { attrs |= idxscope_a_bold() }
            if style.attributes.contains(.dim) { attrs |= idxscope_a_dim() }
            if style.attributes.contains(.underline) { attrs |= idxscope_a_underline() }
            if style.attributes.contains(.reverse) { attrs |= idxscope_a_reverse() }
            attributes[role] = attrs
            guard colors >= 8 else { pairs[role] = 0; continue }
            func number(_ color: ThemeColor) -> Int16 {
                if case .palette(let index) = color { return Int16(index) }
                return -1
            }
            let foreground = number(style.foreground), background = number(style.background)
            if foreground == -1 && background == -1 { pairs[role] = 0; continue }
            let key = "\(foreground),\(background)"
            if let existing = pairByColors[key] { pairs[role] = existing; continue }
            guard Int(nextPair) < Int(idxscope_color_pairs()) else { pairs[role] = 0; continue }
            init_pair(nextPair, foreground, background)
            pairByColors[key] = nextPair
            pairs[role] = nextPair
            nextPair += 1
        }
    }

    var size: (width: Int, height: Int) {
        (Int(getmaxx(idxscope_stdscr())), Int(getmaxy(idxscope_stdscr())))
    }

    /// An event read after an Esc that turned out not to belong to it.
    private var pending: TerminalEvent?

    /// One key (or a resize), or nil when nothing arrived within the input timeout. Esc and
    /// a character already waiting behind it are Alt+character (readline's M-b, M-f).
    func readEvent() -> TerminalEvent? {
        if let event = pending {
            pending = nil
            return event
        }
        let event = readSingleEvent()
        guard event == .key(.escape) else { return event }
        idxscope_timeout(0)
        let next = readSingleEvent()
        idxscope_timeout(80)
        if case .key(.char(let character))? = next { return .key(.alt(character)) }
        pending = next
        return event
    }

    private func readSingleEvent() -> TerminalEvent? {
        var character: UInt32 = 0
        let result = idxscope_get_wch(&character)
        if result == ERR { return nil }
        if result == idxscope_key_code_yes() {
            let code = Int32(bitPattern: character)
            if code == KEY_RESIZE {
                previous = nil
                let (width, height) = size
                return .resize(width: width, height: height)
            }
            if code == idxscope_paste_start_code() { return .paste(readPaste()) }
            if code == idxscope_key_mouse() {
                var x: Int32 = 0, y: Int32 = 0
                switch idxscope_read_mouse(&x, &y) {
                case 1: return .mouse(MouseEvent(x: Int(x), y: Int(y), button: .press))
                case 4: return .mouse(MouseEvent(x: Int(x), y: Int(y), button: .wheelUp))
                case 5: return .mouse(MouseEvent(x: Int(x), y: Int(y), button: .wheelDown))
                default: return nil
                }
            }
            return Terminal.functionKey(code).map { .key($0) }
        }
        return Terminal.characterKey(character).map { .key($0) }
    }

    /// Everything up to the paste-end sequence, as text (control characters kept for the
    /// reducer to interpret). Gives up after ~2 s of silence so a lost end marker cannot hang.
    private func readPaste() -> String {
        var scalars = String.UnicodeScalarView()
        var silentReads = 0
        while silentReads < 25 {
            var character: UInt32 = 0
            let result = idxscope_get_wch(&character)
            if result == ERR { silentReads += 1; continue }
            silentReads = 0
            if result == idxscope_key_code_yes() {
                let code = Int32(bitPattern: character)
                if code == idxscope_paste_end_code() { break }
                if code == KEY_ENTER { scalars.append("\n") }
                continue
            }
            if let scalar = UnicodeScalar(character) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_SLEFT: return .shiftLeft
        case KEY_SRIGHT: return .shiftRight
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        default:
            for n in 1...12 where code == idxscope_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }

    static func characterKey(_ value: UInt32) -> Key? {
        switch value {
        case 27: return .escape
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(UnicodeScalar(value + 96)!))
        default:
            guard value >= 32, let scalar = UnicodeScalar(value) else { return nil }
            return .char(Character(scalar))
        }
    }

    /// Copies the cells that differ from the last frame to ncurses, then refreshes.
    func draw(_ screen: Screen) {
        let window = idxscope_stdscr()
        let (width, height) = size
        if previous == nil || previous!.width != screen.width || previous!.height != screen.height {
            werase(window)
            previous = nil
        }
        for y in 0..<min(height, screen.height) {
            var first = -1, last = -1
            for x in 0..<min(width, screen.width) where previous == nil || previous![x, y] != screen[x, y] {
                if first < 0 { first = x }
                last = x
            }
            guard first >= 0 else { continue }
            // Never start or stop in the middle of a wide character.
            if first > 0, screen[first, y].isContinuation || (previous?[first, y].isContinuation ?? false) { first -= 1 }
            if last + 1 < screen.width, screen[last + 1, y].isContinuation { last += 1 }
            var x = first
            while x <= last {
                let role = screen[x, y].role
                var text = ""
                var runEnd = x
                while runEnd <= last, screen[runEnd, y].role == role {
                    let cell = screen[runEnd, y]
                    if !cell.isContinuation { text += cell.text.isEmpty ? " " : cell.text }
                    runEnd += 1
                }
                idxscope_attr_set(attributes[role] ?? 0, pairs[role] ?? 0)
                mvaddstr(Int32(y), Int32(x), text)
                x = runEnd
            }
        }
        if let cursor = screen.cursor, cursor.x < width, cursor.y < height {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        previous = screen
        refresh()
    }

    /// Ctrl-L: the next `draw` writes every cell and ncurses clears the terminal first
    /// (clearok), so text another process wrote over the UI disappears.
    func repaintEverything() {
        previous = nil
        idxscope_clear_on_next_refresh()
    }

    /// OSC 52: the terminal (or tmux with set-clipboard on) puts the text on the clipboard.
    func copyToClipboard(_ text: String) {
        idxscope_write_terminal(Terminal.clipboardSequence(text))
    }

    static func clipboardSequence(_ text: String) -> String {
        "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }

    /// Gives the terminal back (idempotent): called on quit, on a signal and from deinit.
    func restore() {
        guard isActive else { return }
        isActive = false
        curs_set(1)
        endwin()
        idxscope_write_terminal(Terminal.bracketedPasteOff)
        if let screenPointer { delscreen(screenPointer) }
        screenPointer = nil
    }
}
