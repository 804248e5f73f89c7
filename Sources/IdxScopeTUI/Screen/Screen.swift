import IdxScopeCore
/// One terminal cell: the grapheme drawn there and its semantic role. The cell right of a
/// 2-column character is a `continuation` (nothing of its own is drawn there).
struct Cell: Equatable, Sendable {
    var text: String
    var role: Role
    var isContinuation: Bool

    init(text: String = " ", role: Role = .normal, isContinuation: Bool = false) {
        self.text = text
        self.role = role
        self.isContinuation = isContinuation
    }

    static let blank = Cell()
}

/// An in-memory grid the views draw into; the terminal adapter copies it to ncurses and the
/// tests read it back as text and roles.
struct Screen: Equatable, Sendable {
    private(set) var width: Int
    private(set) var height: Int
    private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown (the editor), or nil to hide it.
    var cursor: (x: Int, y: Int)? {
        get { cursorX.map { ($0, cursorY) } }
        set { cursorX = newValue?.x; cursorY = newValue?.y ?? 0 }
    }
    private var cursorX: Int?
    private var cursorY = 0

    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills a row (from `x` to the right edge) with spaces of `role`.
    mutating func fillRow(_ y: Int, role: Role, from x: Int = 0) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<width { self[column, y] = Cell(text: " ", role: role) }
    }

    /// Writes `text` at (x, y) clipped to `maxWidth` columns (and the right edge); returns the
    /// column after the last one written. A wide character that would straddle the limit is
    /// replaced by a space, so a row never ends in half a character.
    @discardableResult
    mutating func put(_ text: String, x: Int, y: Int, role: Role, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return x }
        let limit = min(width, x + (maxWidth ?? width))
        var column = x
        // Control and bidi characters are shown escaped (`\x1B`, `\u202E`), as the CLI shows them:
        // `vic\x1Btim` never looks like `victim`, and nothing reaches the terminal raw.
        for character in text.escapingControlCharacters(keepNewlines: true, keepTabs: true) {
            if column >= limit { break }
            if character == "\n" || character == "\t" {
                if column >= 0 { self[column, y] = Cell(text: " ", role: role) }
                column += 1
                continue
            }
            let w = DisplayWidth.of(character)
            if w == 0 {
                // A lone combining mark or zero-width character: attach combining marks to the
                // previous cell, drop the rest (controls arrive escaped).
                if column > 0, column - 1 >= 0, character.unicodeScalars.allSatisfy({ $0.value >= 0x300 }) {
                    var previous = column - 1
                    if previous > 0, self[previous, y].isContinuation { previous -= 1 }
                    self[previous, y].text.append(character)
                }
                continue
            }
            if column + w > limit {
                while column < limit {
                    if column >= 0 { self[column, y] = Cell(text: " ", role: role) }
                    column += 1
                }
                break
            }
            if column >= 0 {
                clearWide(at: column, y: y)
                self[column, y] = Cell(text: String(character), role: role)
                if w == 2 {
                    clearWide(at: column + 1, y: y)
                    self[column + 1, y] = Cell(text: "", role: role, isContinuation: true)
                }
            }
            column += w
        }
        return column
    }

    /// Overwriting half of a wide character blanks its other half.
    private mutating func clearWide(at x: Int, y: Int) {
        guard x >= 0, x < width else { return }
        if self[x, y].isContinuation, x > 0 {
            self[x - 1, y] = Cell(text: " ", role: self[x - 1, y].role)
        } else if x + 1 < width, self[x + 1, y].isContinuation {
            self[x + 1, y] = Cell(text: " ", role: self[x + 1, y].role)
        }
    }

    // MARK: reading back (tests, terminal adapter)

    /// The text of row y (continuation cells contribute nothing).
    func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var text = ""
        for x in 0..<width where !self[x, y].isContinuation { text += self[x, y].text }
        return text
    }

    /// All rows joined by newlines, trailing spaces trimmed per row.
    var text: String {
        (0..<height).map { line($0).trimmingTrailingSpaces() }.joined(separator: "\n")
    }

    /// The role at the first column where `needle` starts on row y, if it occurs.
    func role(of needle: String, onRow y: Int) -> Role? {
        guard let x = column(of: needle, onRow: y) else { return nil }
        return self[x, y].role
    }

    /// First row containing `needle`.
    func row(containing needle: String) -> Int? {
        (0..<height).first { line($0).contains(needle) }
    }

    /// Column (in cells) where `needle` starts on row y.
    func column(of needle: String, onRow y: Int) -> Int? {
        let row = line(y)
        guard let range = row.range(of: needle) else { return nil }
        return String(row[..<range.lowerBound]).displayWidth
    }

    static func == (lhs: Screen, rhs: Screen) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.cells == rhs.cells
            && lhs.cursorX == rhs.cursorX && lhs.cursorY == rhs.cursorY
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
